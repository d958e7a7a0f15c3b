"""Admin form for a clinic: a validated logo upload and presets checked against the knowledge base."""

from django import forms

from immunoprep.clinics.logos import LOGO_MAX_BYTES, logo_clean
from immunoprep.clinics.models import Clinic
from immunoprep.knowledge import get_knowledge_base


class ClinicForm(forms.ModelForm):
    logo_upload = forms.FileField(
        required=False, label="Logo", help_text="PNG or JPEG, up to 100 KB. Shown on the clinic page and printouts."
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")

    class Meta:
        model = Clinic
        fields = [
            "slug",
            "name",
            "welcome",
            "phone_daytime",
            "phone_after_hours",
            "emergency_instructions",
            "default_paper",
            "default_lang",
            "preset_cancer",
            "preset_therapies",
            "active",
            "staff",
        ]

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(f"The logo is too large ({upload.size // 1024} KB). The limit is 100 KB.")
        return logo_clean(upload.read())

    def clean_preset_cancer(self):
        value = self.cleaned_data["preset_cancer"].strip()
        if value and value not in get_knowledge_base().cancers:
            raise forms.ValidationError(f"Unknown cancer type “{value}”.")
        return value

    def clean_preset_therapies(self):
        values = self.cleaned_data["preset_therapies"] or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise forms.ValidationError('Give a list of therapy slugs, like ["checkpoint-pd1"].')
        unknown = [v for v in values if v not in get_knowledge_base().therapies]
        if unknown:
            raise forms.ValidationError(f"Unknown therapy: {', '.join(unknown)}.")
        return values

    def save(self, commit=True):
        clinic = super().save(commit=False)
        logo = self.cleaned_data.get("logo_upload")
        if logo:
            clinic.logo, clinic.logo_type = logo
        elif self.cleaned_data.get("remove_logo"):
            clinic.logo, clinic.logo_type = b"", ""
        if commit:
            clinic.save()
            self.save_m2m()
        return clinic
