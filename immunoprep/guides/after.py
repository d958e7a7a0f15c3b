"""After the visit: the plan as the person heard it, and the teach-back checklist (saved by
services.guide_plan_update).

People forget much of what they are told at a visit; writing the answers down and saying the
key points back in their own words ("teach-back") helps them keep it. The plan is the few
facts they need at home: the next dates, the tests before the next treatment, and the numbers
to call by day and by night.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from immunoprep.guides.models import PHONE_MAX, PLAN_TEXT_MAX, Guide


@dataclass(frozen=True)
class TeachBackItem:
    id: str
    patient: str
    caregiver: str

    def text_for(self, role: str) -> str:
        return self.caregiver if role == "caregiver" else self.patient


TEACH_BACK = (
    TeachBackItem(
        "night-number",
        _("Which number I call at night or at the weekend"),
        _("Which number we call at night or at the weekend"),
    ),
    TeachBackItem(
        "call-now",
        _("Which symptoms mean I call right away"),
        _("Which symptoms mean we call right away"),
    ),
    TeachBackItem(
        "next-treatment",
        _("When my next treatment is"),
        _("When their next treatment is"),
    ),
    TeachBackItem(
        "tests-before",
        _("Which tests I need before it"),
        _("Which tests they need before it"),
    ),
)
TEACH_BACK_IDS = tuple(item.id for item in TEACH_BACK)


def _date_field(label):
    return forms.DateField(
        required=False,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-12-01.")},
    )


def _text_field(label, limit: int):
    return forms.CharField(
        required=False,
        label=label,
        max_length=limit,
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters or fewer.")},
    )


class AfterForm(forms.Form):
    next_visit = _date_field(_("Next appointment"))
    next_treatment = _date_field(_("Next treatment"))
    tests_before = _text_field(_("Tests before the next treatment"), PLAN_TEXT_MAX)
    day_number = _text_field(_("Number to call in the daytime"), PHONE_MAX)
    night_number = _text_field(_("Number to call at night and at weekends"), PHONE_MAX)
    teach_back = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(i, i) for i in TEACH_BACK_IDS],
    )

    def _clean_date(self, name):
        value = self.cleaned_data[name]
        if value and not (datetime.date(2000, 1, 1) <= value <= datetime.date(2100, 1, 1)):
            raise forms.ValidationError(_("Please check the date."))
        return value

    def clean_next_visit(self):
        return self._clean_date("next_visit")

    def clean_next_treatment(self):
        return self._clean_date("next_treatment")


PLAN_FIELDS = ("next_visit", "next_treatment", "tests_before", "day_number", "night_number", "teach_back")


def plan_initial(guide: Guide) -> dict:
    return {name: getattr(guide, name) for name in PLAN_FIELDS}
