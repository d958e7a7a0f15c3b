"""Clinic staff manage their own clinic(s) here; superusers see all. Guides are not in the
admin at all: nobody browses patients' guides."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from immunoprep.clinics.audit import clinic_changes_record, clinic_printed, questions_printed
from immunoprep.clinics.forms import ClinicForm
from immunoprep.clinics.models import Clinic, ClinicChange, ClinicQuestion


class ClinicQuestionInline(admin.TabularInline):
    model = ClinicQuestion
    extra = 1
    fields = ["text", "caregiver_text", "position"]

    def _may_edit(self, request, obj):
        return obj is None or request.user.is_superuser or obj.staff.filter(pk=request.user.pk).exists()

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    form = ClinicForm
    inlines = [ClinicQuestionInline]
    list_display = ["name", "slug", "active", "guides_started", "pdfs_downloaded", "handout_link"]
    readonly_fields = ["guides_started", "pdfs_downloaded", "handout_link"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_staff(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["slug", "active", "staff"]
        return fields

    def get_exclude(self, request, obj=None):
        return [] if request.user.is_superuser else ["staff"]

    def _is_member(self, request, obj):
        return request.user.is_superuser or obj.staff.filter(pk=request.user.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or self._is_member(request, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self._is_member(request, obj))

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        before = clinic_printed(Clinic.objects.filter(pk=obj.pk).first() if change else None)
        super().save_model(request, obj, form, change)
        clinic_changes_record(clinic=obj, user=request.user, before=before, after=clinic_printed(obj))

    def save_formset(self, request, form, formset, change):
        clinic = form.instance
        before = questions_printed(clinic.questions.all())
        super().save_formset(request, form, formset, change)
        clinic_changes_record(
            clinic=clinic, user=request.user, before=before, after=questions_printed(clinic.questions.all())
        )

    @admin.display(description="Handouts")
    def handout_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">Build a handout or poster</a>', reverse("clinics:handout", args=[obj.slug]))


@admin.register(ClinicChange)
class ClinicChangeAdmin(admin.ModelAdmin):
    """The audit trail: read-only, and only for superusers."""

    list_display = ["changed_at", "clinic_name", "username", "field", "old_value", "new_value"]
    search_fields = ["clinic_name", "username", "field"]
    date_hierarchy = "changed_at"

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
