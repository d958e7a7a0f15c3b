"""Who changed what patients' paper says: a clinic's printed details and its questions.

Each snapshot maps a label to the text that prints; two snapshots, before and after a save,
differ exactly where a ClinicChange is due."""

import hashlib
from collections.abc import Iterable

from immunoprep.clinics.models import Clinic, ClinicChange, ClinicQuestion

PRINTED_FIELDS = ["name", "phone_daytime", "phone_after_hours", "emergency_instructions", "welcome"]
LOGO = "logo"


def clinic_printed(clinic: Clinic | None) -> dict[str, str]:
    """The clinic's printed details by label; the logo as a digest, so the log never holds the image."""
    if clinic is None:
        return {}
    values = {str(Clinic._meta.get_field(name).verbose_name): getattr(clinic, name) for name in PRINTED_FIELDS}
    values[LOGO] = hashlib.sha256(bytes(clinic.logo)).hexdigest() if clinic.logo else ""
    return values


def questions_printed(questions: Iterable[ClinicQuestion]) -> dict[str, str]:
    values = {}
    for question in questions:
        values[f"question {question.pk}"] = question.text
        values[f"question {question.pk}, caregiver's version"] = question.caregiver_text
    return values


def clinic_changes_record(*, clinic: Clinic, user, before: dict[str, str], after: dict[str, str]) -> list[ClinicChange]:
    """Write one ClinicChange per label whose text differs between the two snapshots."""
    changes = []
    for label in dict.fromkeys([*before, *after]):
        old, new = before.get(label, ""), after.get(label, "")
        if old == new:
            continue
        if label == LOGO:
            old, new = "", ("logo changed" if new else "logo removed")
        elif label not in before:
            label += " (added)"
        elif label not in after:
            label += " (deleted)"
        changes.append(
            ClinicChange(
                clinic=clinic,
                clinic_name=clinic.name,
                user=user,
                username=user.get_username(),
                field=label,
                old_value=old,
                new_value=new,
            )
        )
    return ClinicChange.objects.bulk_create(changes)
