"""Set-up that every install needs: the clinic staff group, and the demo clinic."""

from django.contrib.auth.models import Group, Permission

from immunoprep.clinics.models import Clinic, ClinicQuestion

STAFF_GROUP = "Clinic staff"
STAFF_PERMISSIONS = [
    "view_clinic",
    "change_clinic",
    "view_clinicquestion",
    "add_clinicquestion",
    "change_clinicquestion",
    "delete_clinicquestion",
]


def staff_group_ensure() -> Group:
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="clinics", codename__in=STAFF_PERMISSIONS))
    return group


def demo_clinic_ensure() -> Clinic:
    """A clearly fictional clinic so a newcomer can try /c/demo/. Idempotent."""
    clinic, _ = Clinic.objects.update_or_create(
        slug="demo",
        defaults={
            "name": "Riverbend Cancer Center (demo)",
            "welcome": "This is a demonstration clinic with made-up phone numbers. Your care team may give you a link "
            "like this one before your visit.",
            "phone_daytime": "555-0100",
            "phone_after_hours": "555-0199",
            "emergency_instructions": "Call 911 or your local emergency number.",
            "is_demo": True,
            "active": True,
        },
    )
    if not clinic.questions.exists():
        ClinicQuestion.objects.create(
            clinic=clinic,
            position=1,
            text="Who at this clinic should I call first if I feel unwell at night?",
            caregiver_text="Who at this clinic should we call first if they feel unwell at night?",
        )
        ClinicQuestion.objects.create(
            clinic=clinic,
            position=2,
            text="Can I get a copy of my treatment schedule before I leave today?",
            caregiver_text="Can we get a copy of their treatment schedule before we leave today?",
        )
    return clinic
