"""Forms for the guided steps. Choices come from the knowledge base, so a new cancer type
or therapy in the content files appears here without code changes."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from immunoprep.guides.models import CLINICIAN_MAX, MATTERS_MAX, Guide, GuideQuestion
from immunoprep.guides.services import COMPANIONS
from immunoprep.knowledge import KnowledgeBase

# The earliest and latest visit dates we take: anything else is a typing slip.
VISIT_DATES = (datetime.date(2000, 1, 1), datetime.date(2100, 1, 1))


def _choices(options) -> list[tuple[str, str]]:
    return [(o.slug, o.name) for o in options.values()]


class WhoForm(forms.Form):
    role = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose who this guide is for.")},
    )

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _choices(kb.roles)


class CancerForm(forms.Form):
    cancer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a cancer type, or “Other or not listed”.")},
    )

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cancer"].choices = _choices(kb.cancers)


class TreatmentForm(forms.Form):
    therapies = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    drugs = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)
        self.kb = kb
        self.fields["therapies"].choices = _choices(kb.therapies)
        self.fields["drugs"].choices = [(d.slug, d.label) for d in kb.drugs]

    def clean(self):
        """A medicine is enough: it brings its treatment class along."""
        data = super().clean()
        drugs = data.get("drugs") or []
        classes = [t for slug in drugs for t in self.kb.drug_by_slug[slug].therapies]
        data["therapies"] = list(dict.fromkeys([*(data.get("therapies") or []), *classes]))
        if not data["therapies"] and "therapies" not in self.errors:
            self.add_error("therapies", _("Please choose a medicine or at least one treatment, or “Not sure yet”."))
        return data


class TestsForm(forms.Form):
    biomarkers = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["biomarkers"].choices = _choices(kb.biomarkers)


COMPANION_ANSWERS = {
    "patient": {"someone": _("Yes, someone will come with me"), "alone": _("No, I will come alone")},
    "caregiver": {"someone": _("Yes, someone will go with them"), "alone": _("No, they will go alone")},
}


def companion_answer(role: str, value: str) -> str:
    """The answer as the person chose it ("Yes, someone will come with me"); "" when not said."""
    return COMPANION_ANSWERS["caregiver" if role == "caregiver" else "patient"].get(value, "")


def companion_choices(role: str) -> list[tuple[str, str]]:
    return [("", _("Not sure yet")), *((value, companion_answer(role, value)) for value in COMPANIONS)]


class CaregiverVoice:
    """Labels asked of a caregiver, about the person they care for (see Step.caregiver_title)."""

    CAREGIVER_LABELS = {
        "companion": _("Will someone go with the person you care for?"),
        "matters": _("In your own words, what matters most to you both? (optional)"),
    }

    def speak_to(self, role: str):
        if role == "caregiver":
            for name, label in self.CAREGIVER_LABELS.items():
                if name in self.fields:
                    # The bound field too: a checked form has already made it, with the old label.
                    self.fields[name].label = self[name].label = label
            if "companion" in self.fields:
                self.fields["companion"].choices = companion_choices(role)
        return self


def _matters_field():
    return forms.CharField(
        required=False,
        max_length=MATTERS_MAX,
        label=_("In your own words, what matters most to you? (optional)"),
        error_messages={
            "max_length": _("Please keep this to %(limit_value)d characters or fewer (it has %(show_value)d).")
        },
    )


class ConcernsForm(CaregiverVoice, forms.Form):
    concerns = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    matters = _matters_field()

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].choices = _choices(kb.concerns)


class VisitDetailsForm(CaregiverVoice, forms.Form):
    """When the visit is, who they will see and whether someone comes along: asked in the
    last step and changed in the editor."""

    appointment_date = forms.DateField(
        required=False,
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Please enter a date like 2026-12-01.")},
    )
    appointment_time = forms.TimeField(
        required=False,
        label=_("Time of the visit (optional)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Please enter a time like 10:30.")},
    )
    clinician = forms.CharField(
        required=False,
        max_length=CLINICIAN_MAX,
        label=_("Who you will see (optional)"),
        error_messages={"max_length": _("Please keep this under %(limit_value)d characters.")},
    )
    companion = forms.ChoiceField(
        required=False,
        widget=forms.RadioSelect,
        label=_("Will someone come with you?"),
        choices=companion_choices("patient"),
    )

    def clean_appointment_date(self):
        value = self.cleaned_data["appointment_date"]
        if value and not (VISIT_DATES[0] <= value <= VISIT_DATES[1]):
            raise forms.ValidationError(_("Please check the date."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("appointment_time") and not data.get("appointment_date") and "appointment_date" not in self.errors:
            self.add_error("appointment_time", _("Please add the date of the visit too."))
        return data


class VisitForm(VisitDetailsForm):
    visit_minutes = forms.TypedChoiceField(
        required=False,
        label=_("How long is the visit?"),
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("I don't know")),
            (15, _("About 15 minutes")),
            (30, _("About 30 minutes")),
            (60, _("An hour or more")),
        ],
    )
    field_order = ["appointment_date", "appointment_time", "clinician", "visit_minutes", "companion"]

    def __init__(self, *args, kb: KnowledgeBase, **kwargs):
        super().__init__(*args, **kwargs)


STEP_FORMS = {
    "who": WhoForm,
    "cancer": CancerForm,
    "treatment": TreatmentForm,
    "tests": TestsForm,
    "concerns": ConcernsForm,
    "visit": VisitForm,
}


# The editor's forms: limits come from the model fields, errors show at the field they concern.
def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _too_long(what, limit: int) -> dict:
    return {
        "max_length": format_lazy(
            _("{what} can be at most {limit} characters. Please shorten it."), what=what, limit=f"{limit:,}"
        )
    }


class OwnQuestionForm(forms.Form):
    text = forms.CharField(
        max_length=_limit(GuideQuestion, "text"),
        error_messages={
            "required": _("Please type a question first."),
            **_too_long(_("A question"), _limit(GuideQuestion, "text")),
        },
    )


class QuestionNotesForm(forms.Form):
    """Notes and answer on any question; the question's own text on questions the person wrote."""

    text = forms.CharField(
        required=False,
        max_length=_limit(GuideQuestion, "text"),
        error_messages=_too_long(_("A question"), _limit(GuideQuestion, "text")),
    )
    note = forms.CharField(
        required=False,
        max_length=_limit(GuideQuestion, "note"),
        error_messages=_too_long(_("A note"), _limit(GuideQuestion, "note")),
    )
    answer = forms.CharField(
        required=False,
        max_length=_limit(GuideQuestion, "answer"),
        error_messages=_too_long(_("An answer"), _limit(GuideQuestion, "answer")),
    )


class GuideVisitForm(VisitDetailsForm):
    """The editor's "Your visit": the details of the last step, and what matters most."""

    matters = _matters_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "visit-%s")  # unique beside the editor's other forms
        super().__init__(*args, **kwargs)


class GuideNoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=_limit(Guide, "note"),
        error_messages=_too_long(_("The note"), _limit(Guide, "note")),
    )
