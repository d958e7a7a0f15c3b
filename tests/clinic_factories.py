"""Clinics, their staff and the admin's change form, built in code for the clinic tests."""

from django.contrib.auth.models import Group, User

from immunoprep.clinics.models import Clinic
from immunoprep.clinics.services import STAFF_GROUP


def make_clinic(slug, **kw):
    defaults = {"name": f"Clinic {slug.upper()}", "phone_daytime": "555-0001", "phone_after_hours": "555-0002"}
    return Clinic.objects.create(slug=slug, **{**defaults, **kw})


def make_staff(username, *clinics):
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    for clinic in clinics:
        clinic.staff.add(user)
    return user


def clinic_change_form(clinic, **extra):
    """The admin change form as the page posts it: the clinic as it is, no question forms, then `extra`."""
    return {
        "slug": clinic.slug,
        "name": clinic.name,
        "welcome": clinic.welcome,
        "phone_daytime": clinic.phone_daytime,
        "phone_after_hours": clinic.phone_after_hours,
        "emergency_instructions": clinic.emergency_instructions,
        "default_paper": "letter",
        "default_lang": "en",
        "preset_cancer": "",
        "preset_therapies": "[]",
        "active": "on",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        **extra,
    }
