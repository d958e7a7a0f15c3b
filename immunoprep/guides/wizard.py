"""The guided steps: their order, and the answers kept between them in the session.

Answers live in the session until the review step creates the guide, so nothing the user
has not chosen to save is stored on the server. They are one typed object, loaded and saved
in one place.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from immunoprep.guides.forms import VISIT_DATES
from immunoprep.knowledge import KnowledgeBase, Profile
from immunoprep.knowledge.drugs import drug_from_link

SESSION_KEY = "wizard"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]
    caregiver_title: str = ""  # the same step asked of a caregiver, about the person they care for

    def title_for(self, role: str) -> str:
        return self.caregiver_title if role == "caregiver" and self.caregiver_title else self.title


STEPS = (
    Step("who", _("Who is this guide for?"), ("role",)),
    Step("cancer", _("What type of cancer?"), ("cancer",)),
    Step("treatment", _("What treatment has been suggested?"), ("therapies", "drugs")),
    Step("tests", _("Which tests have you had?"), ("biomarkers",), _("Which tests has the person you care for had?")),
    Step("concerns", _("What matters most to you?"), ("concerns", "matters"), _("What matters most to you both?")),
    Step(
        "visit",
        _("About the visit"),
        ("appointment_date", "appointment_time", "clinician", "visit_minutes", "companion"),
    ),
)
STEP_SLUGS = tuple(s.slug for s in STEPS)
LIST_FIELDS = ("therapies", "drugs", "biomarkers", "concerns")


def get_step(slug: str) -> Step | None:
    return next((s for s in STEPS if s.slug == slug), None)


def neighbours(slug: str) -> tuple[str | None, str | None]:
    i = STEP_SLUGS.index(slug)
    return (STEP_SLUGS[i - 1] if i else None, STEP_SLUGS[i + 1] if i + 1 < len(STEPS) else None)


@dataclass
class Answers:
    """What the person has told us so far. Slugs only; checked against the knowledge base
    when they become a profile."""

    role: str = ""
    cancer: str = ""
    therapies: list[str] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)
    biomarkers: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    matters: str = ""  # what matters most, in their own words
    appointment_date: str = ""  # ISO date: the session stores JSON
    appointment_time: str = ""  # "10:30"
    clinician: str = ""
    visit_minutes: int | None = None
    companion: str = ""  # "", "someone" or "alone"
    clinic: str = ""  # the slug of the clinic whose link started the guide

    @classmethod
    def load(cls, session) -> Answers:
        stored = session.get(SESSION_KEY) or {}
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in stored.items() if k in names})

    def save(self, session) -> None:
        session[SESSION_KEY] = dataclasses.asdict(self)

    @staticmethod
    def clear(session) -> None:
        session.pop(SESSION_KEY, None)

    def update(self, values: dict) -> None:
        for name, value in values.items():
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, datetime.time):
                value = value.isoformat(timespec="minutes")
            setattr(self, name, value if value is not None or name == "visit_minutes" else "")

    def initial(self, step: Step) -> dict:
        """The step's form, filled with what was answered before."""
        return {f: getattr(self, f) for f in step.fields if getattr(self, f) not in ("", [], None)}

    def profile(self) -> Profile:
        return Profile(
            cancer=self.cancer or "other",
            therapies=tuple(self.therapies),
            biomarkers=tuple(self.biomarkers),
            concerns=tuple(self.concerns),
            role=self.role or "patient",
            drugs=tuple(self.drugs),
        )

    @property
    def appointment(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.appointment_date) if self.appointment_date else None

    @property
    def visit_time(self) -> datetime.time | None:
        return datetime.time.fromisoformat(self.appointment_time) if self.appointment_time else None

    @property
    def ready_for_review(self) -> bool:
        return bool(self.cancer) and bool(self.therapies)


# What each link parameter names, for the notice when a value is not recognised.
LINK_WORDS = {
    "cancer": _("cancer type"),
    "therapy": _("treatment"),
    "biomarker": _("test"),
    "concern": _("concern"),
    "role": _("role"),
}


def prefill_from_query(kb: KnowledgeBase, query) -> tuple[dict, list[str]]:
    """Answers from a link such as /start/?cancer=melanoma&therapy=checkpoint-pd1&drug=keytruda.

    Unknown slugs are dropped and reported back, never an error: these links are printed
    on paper and outlive our vocabulary. A drug brings its treatment class along.
    """
    answers: dict = {}
    notices: list[str] = []

    def pick(param, known, many):
        values = [v.strip().lower()[:60] for v in query.getlist(param)[:10] if v.strip()]
        good = []
        for v in values:
            if v in known:
                if v not in good:
                    good.append(v)
            else:
                notices.append(
                    gettext("We did not recognise “%(value)s” as a %(what)s, so we left it out.")
                    % {"value": v, "what": LINK_WORDS[param]}
                )
        return good if many else (good[0] if good else None)

    for param, key, known, many in (
        ("cancer", "cancer", kb.cancers, False),
        ("therapy", "therapies", kb.therapies, True),
        ("biomarker", "biomarkers", kb.biomarkers, True),
        ("concern", "concerns", kb.concerns, True),
        ("role", "role", kb.roles, False),
    ):
        value = pick(param, known, many)
        if value:
            answers[key] = value
    drugs = []
    for value in query.getlist("drug")[:10]:
        drug = drug_from_link(kb, value)
        if drug is None:
            notices.append(
                gettext("We did not recognise “%(value)s” as a drug, so we left it out.")
                % {"value": value.strip()[:60]}
            )
        elif drug.slug not in drugs:
            drugs.append(drug.slug)
    if drugs:
        answers["drugs"] = drugs
        classes = [t for slug in drugs for t in kb.drug_by_slug[slug].therapies]
        answers["therapies"] = list(dict.fromkeys([*answers.get("therapies", []), *classes]))
    if visit := query.get("visit", "").strip():
        when = visit_from_link(visit)
        if when is None:
            notice = gettext("We did not recognise “%(value)s” as a visit date and time, so we left it out.")
            notices.append(notice % {"value": visit[:60]})
        else:
            answers.update(when)
    lang = query.get("lang")
    if lang and lang != kb.lang:
        notices.append(gettext("This guide is available in English and Spanish."))
    return answers, notices


VISIT_LINK = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?)?", re.ASCII)


def visit_from_link(value: str) -> dict | None:
    """The visit in a link, `2026-12-03T10:30` or a date alone, as answers; None if it is not one."""
    match = VISIT_LINK.fullmatch(value.strip())
    try:
        day = datetime.date.fromisoformat(match[1]) if match else None
        clock = datetime.time.fromisoformat(match[2]) if match and match[2] else None
    except ValueError:
        return None
    if day is None or not VISIT_DATES[0] <= day <= VISIT_DATES[1]:
        return None
    return {"appointment_date": day.isoformat(), "appointment_time": clock.isoformat("minutes") if clock else ""}
