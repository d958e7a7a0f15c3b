"""What a guide shows: its questions grouped by topic, plus the explanations, warning
signs, glossary and sources the knowledge base gives its profile. Shared by the page and
the PDF so both always say the same thing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from immunoprep.guides.after import TEACH_BACK, TeachBackItem
from immunoprep.guides.models import Guide, GuideQuestion
from immunoprep.guides.reasons import clinic_reason, reason_in_words
from immunoprep.guides.services import guide_profile
from immunoprep.knowledge import KnowledgeBase, get_knowledge_base, suggest
from immunoprep.knowledge.schema import (
    ALWAYS,
    SYSTEM_NAMES,
    SYSTEMS,
    TOPIC_NAMES,
    TOPICS,
    URGENCIES,
    URGENCY_NAMES,
    DiaryColumn,
    Source,
    Term,
)
from immunoprep.knowledge.suggest import Suggested, diary_columns, terms_used

# One voice: headings said to the patient, or to a caregiver about the person they care for.
VOICE = {
    "patient": {
        "title": _("Questions for my immunotherapy visit"),
        "team": _("My care team (daytime)"),
        "top3": _("My top 3 questions"),
        "about": _("About your treatment"),
        "emergency": _("Call the emergency number now for"),
        "call-now": _("Call your care team right away, day or night, for"),
        "next-visit": _("Tell your care team at your next visit"),
        "severe": _("If you have severe symptoms, call your emergency number now."),
        "diary": _("Write down how you feel each day for two weeks. Bring it to your visits."),
        "diary-mild": _("Call even if it seems mild, or if you are not sure it is a side effect."),
        "diary-call": _("Call your care team right away, day or night, if you write down"),
    },
    "caregiver": {
        "title": _("Questions for the immunotherapy visit"),
        "team": _("Their care team (daytime)"),
        "top3": _("Our top 3 questions"),
        "about": _("About their treatment"),
        "emergency": _("Call the emergency number now for"),
        "call-now": _("Call their care team right away, day or night, for"),
        "next-visit": _("Tell their care team at the next visit"),
        "severe": _("If they have severe symptoms, call the emergency number now."),
        "diary": _("Write down how the person you care for feels each day for two weeks. Bring it to their visits."),
        "diary-mild": _("Call even if it seems mild, or if you are not sure it is a side effect."),
        "diary-call": _("Call their care team right away, day or night, if you write down"),
    },
}
# The tier names are marked for translation in the schema (no Django there); here they are said.
_TIERS = {urgency: _(name) for urgency, name in URGENCY_NAMES.items()}
TIER_HEADINGS = {
    "patient": {**_TIERS, "call-now": _("Call your care team right away, day or night")},
    "caregiver": {
        **_TIERS,
        "call-now": _("Call their care team right away, day or night"),
        "next-visit": _("Tell their care team at the next visit"),
    },
}

# The user's own questions come first: the guide is theirs to shape.
TOPIC_ORDER = ("own", "clinic", *TOPICS)


@dataclass
class QuestionGroup:
    topic: str
    name: str
    questions: list[GuideQuestion]


@dataclass
class UrgencyGroup:
    urgency: str
    name: str
    signs: list[Suggested]


@dataclass
class SummaryLine:
    """One line of the one-glance summary: a body system and its signs, in a few words each."""

    system: str
    name: str
    signs: list[str]


# Neighbouring systems that share a summary line, so a class's summary stays near a dozen lines.
SUMMARY_LINES = {
    "diabetes": ("hormones", _("Hormones and blood sugar")),
    "hormones": ("hormones", _("Hormones and blood sugar")),
    "joints": ("nerves-muscles", _("Nerves, muscles and joints")),
    "nerves-muscles": ("nerves-muscles", _("Nerves, muscles and joints")),
}


def call_now_summary(signs: list[Suggested], role: str) -> list[SummaryLine]:
    """The call-right-away signs as one line per body system, in the order of SYSTEMS, so a
    class's dozens of signs read as about a dozen lines; each item in full is one tap away."""
    lines: dict[str, SummaryLine] = {}
    for system in SYSTEMS:
        key, name = SUMMARY_LINES.get(system, (system, gettext(SYSTEM_NAMES[system])))
        for w in signs:
            if w.item.system == system and w.item.urgency == "call-now":
                line = lines.setdefault(key, SummaryLine(key, name, []))
                short = w.item.short_for(role) or w.item.text_for(role)
                if short not in line.signs:
                    line.signs.append(short)
    return list(lines.values())


@dataclass
class GuideContent:
    guide: Guide
    cancer_name: str
    therapy_names: list[str]
    therapy_names_en: list[str]  # for emergency staff, on the wallet card's back
    biomarker_names: list[str]
    drug_names: list[str]
    concern_names: list[str]
    explanations: list[Suggested]
    top_questions: list[GuideQuestion]
    groups: list[QuestionGroup]
    more_groups: list[QuestionGroup]
    warning_groups: list[UrgencyGroup]
    always: list[Suggested] = field(default_factory=list)  # instructions, not symptoms: their own box
    emergency: list[Suggested] = field(default_factory=list)
    call_now: list[SummaryLine] = field(default_factory=list)
    diary: list[DiaryColumn] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    source_numbers: dict[str, int] = field(default_factory=dict)
    question_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kb_questions: dict = field(default_factory=dict)
    role: str = "patient"
    lang: str = "en"
    voice: dict = field(default_factory=lambda: VOICE["patient"])
    has_cell_therapy: bool = False
    has_checkpoint: bool = False

    questions_reviewed: str = ""
    warnings_reviewed: str = ""

    def refs(self, source_ids) -> str:
        """ "1, 4" — the numbers of these sources in the printed source list."""
        return ", ".join(str(self.source_numbers[s]) for s in source_ids if s in self.source_numbers)

    @property
    def treatment_line(self) -> str:
        """ "CAR T-cell therapy: Carvykti (ciltacabtagene autoleucel)": the class and the drug
        the person named, as they will hear it in clinic."""
        line = " + ".join(self.therapy_names)
        return f"{line}: {', '.join(self.drug_names)}" if self.drug_names else line

    @property
    def wallet_lines(self) -> list[str]:
        """What the wallet card asks emergency staff to suspect, for these treatments."""
        lines = []
        if self.has_checkpoint or not self.has_cell_therapy:
            lines.append(_("Suspect immune-related side effects in any organ, even months after the last dose."))
        if self.has_cell_therapy:
            lines.append(
                _(
                    "After CAR T or bispecific therapy: suspect cytokine release syndrome (CRS), "
                    "neurotoxicity (ICANS) and infection."
                )
            )
        return lines

    @property
    def printed_explanations(self) -> list[tuple[Suggested, bool]]:
        """On paper, explanations about this person's treatment, cancer or tests in full; the
        general ones as their one-line summary (the full text is online)."""
        return [(e, e.score > 0) for e in self.explanations]

    @property
    def answered(self) -> list[GuideQuestion]:
        """The questions with an answer written under them, in the guide's order."""
        return [q for g in self.groups for q in g.questions if q.answer]

    @property
    def teach_back(self) -> list[tuple[TeachBackItem, str, bool]]:
        """The after-visit checklist: each item, in this reader's voice, and whether it is ticked."""
        return [(item, item.text_for(self.role), item.id in self.guide.teach_back) for item in TEACH_BACK]

    @property
    def day_number(self) -> str:
        """The number to call by day: the one the person wrote after the visit, else the clinic's."""
        return self.guide.day_number or (self.guide.clinic.phone_daytime if self.guide.clinic else "")

    @property
    def night_number(self) -> str:
        return self.guide.night_number or (self.guide.clinic.phone_after_hours if self.guide.clinic else "")

    @property
    def present_line(self) -> str:
        """Who comes to the visit, for the care-team page."""
        caregiver = self.role == "caregiver"
        companion = self.guide.companion
        if caregiver:
            return _("A caregiver is here with the patient and made this list with them.")
        if companion == "someone":
            return _("The patient, with a family member or friend.")
        if companion == "alone":
            return _("The patient, on their own today.")
        return _("The patient.")

    @property
    def diary_call_if(self) -> list[DiaryColumn]:
        return [column for column in self.diary if column.call_if]

    @property
    def diary_call_if_mild(self) -> bool:
        """The sources behind one of the diary's columns say to call even for mild signs."""
        return any(column.call_if_mild for column in self.diary)

    @property
    def sign_count(self) -> int:
        return sum(len(g.signs) for g in self.warning_groups) + len(self.always)

    @property
    def included_count(self) -> int:
        return sum(len(g.questions) for g in self.groups)

    @property
    def excluded_count(self) -> int:
        return sum(len(g.questions) for g in self.more_groups)

    @property
    def has_own(self) -> bool:
        return any(g.topic == "own" for g in self.groups)


def _grouped(questions: list[GuideQuestion]) -> list[QuestionGroup]:
    groups = []
    for topic in TOPIC_ORDER:
        in_topic = [q for q in questions if q.topic == topic]
        if in_topic:
            groups.append(QuestionGroup(topic, gettext(TOPIC_NAMES[topic]), in_topic))
    return groups


def guide_cache_key(prefix: str, guide: Guide, kb: KnowledgeBase, *more: str) -> str:
    """A cache key for something made from a guide (its page, its PDF): it changes with the
    guide, the content, and the clinic's printed details (a new phone number must show at once),
    plus whatever the caller adds (template fingerprints, print options, links)."""
    clinic = (str(guide.clinic_id), guide.clinic.updated.isoformat()) if guide.clinic else ()
    parts = [str(guide.pk), str(guide.version), kb.version, kb.lang, *clinic, *more]
    return prefix + hashlib.sha256("|".join(parts).encode()).hexdigest()


def guide_content(guide: Guide, kb: KnowledgeBase) -> GuideContent:
    profile = guide_profile(guide)
    s = suggest(kb, profile)
    questions = list(guide.questions.all())
    kb_questions = {q.id: q for q in kb.questions}
    if kb.lang != guide.lang:
        # Read in another language: the suggested questions and why they are there in that
        # language; the person's own and the clinic's stay as typed. (The copies on the guide
        # keep the language it was made in.)
        reasons = {x.item.id: x.reason for x in s.questions}
        for q in questions:
            if q.kb_id in kb_questions:
                q.text, q.why = kb_questions[q.kb_id].text_for(profile.role), kb_questions[q.kb_id].why
                q.reason = reason_in_words(reasons[q.kb_id]) if q.kb_id in reasons else q.reason
            elif q.from_clinic and guide.clinic:
                q.reason = clinic_reason(guide.clinic.name)
    shown = [q for q in questions if q.included]

    headings = TIER_HEADINGS["caregiver" if profile.role == "caregiver" else "patient"]
    warning_groups = [
        UrgencyGroup(u, headings[u], [w for w in s.warning_signs if w.item.urgency == u]) for u in URGENCIES
    ]
    always = [w for w in s.warning_signs if w.item.urgency == ALWAYS]

    # The chosen treatment's explanations first, then the cancer's and the tests', then general
    # ones (each group keeps its topic order).
    def specificity(e: Suggested) -> int:
        tags = e.item.tags
        return 0 if tags.therapies or tags.drugs else 1 if tags.cancers or tags.biomarkers else 2

    explanations = sorted(s.explanations, key=specificity)
    texts = [e.item.text for e in s.explanations] + [q.text for q in shown] + [w.item.text for w in s.warning_signs]
    question_sources = {gq.kb_id: kb_questions[gq.kb_id].sources for gq in questions if gq.kb_id in kb_questions}
    # Sources numbered in order of first use: questions, explanations, then warning signs.
    ordered: dict[str, int] = {}
    cited = [question_sources.get(q.kb_id, ()) for q in shown]
    cited += [x.item.sources for x in (*s.explanations, *s.warning_signs)]
    diary = list(diary_columns(kb, profile))
    cited += [column.sources for column in diary]
    for ids in cited:
        for sid in ids:
            if sid in kb.sources and sid not in ordered:
                ordered[sid] = len(ordered) + 1

    therapies = [kb.therapies[t] for t in profile.therapies if t in kb.therapies]
    english = kb if kb.lang == "en" else get_knowledge_base("en")
    expanded = kb.expand_therapies(profile.therapies)

    def reviewed(dates) -> str:
        dates = sorted(set(dates))
        if not dates:
            return ""
        first, last = dates[0].strftime("%-d %b %Y"), dates[-1].strftime("%-d %b %Y")
        return first if first == last else f"{first} to {last}"

    return GuideContent(
        questions_reviewed=reviewed(kb_questions[q.kb_id].reviewed for q in shown if q.kb_id in kb_questions),
        warnings_reviewed=reviewed(w.item.reviewed for w in s.warning_signs),
        guide=guide,
        cancer_name=kb.cancers[profile.cancer].name if profile.cancer in kb.cancers else "",
        therapy_names=[t.name for t in therapies],
        therapy_names_en=[english.therapies[t.slug].name for t in therapies],
        biomarker_names=[kb.biomarkers[b].name for b in profile.biomarkers if b in kb.biomarkers],
        drug_names=[kb.drug_by_slug[d].name for d in profile.drugs if d in kb.drug_by_slug],
        concern_names=[kb.concerns[x].name for x in profile.concerns if x in kb.concerns],
        explanations=explanations,
        top_questions=[q for q in shown if q.starred][:3],
        groups=_grouped(shown),
        more_groups=_grouped([q for q in questions if not q.included]),
        warning_groups=warning_groups,
        always=always,
        emergency=[w for w in s.warning_signs if w.item.urgency == "emergency"],
        call_now=call_now_summary(list(s.warning_signs), profile.role),
        role=profile.role,
        lang=kb.lang,
        voice=VOICE["caregiver" if profile.role == "caregiver" else "patient"],
        diary=diary,
        terms=list(terms_used(kb, texts)),
        sources=[kb.sources[sid] for sid in ordered],
        source_numbers=ordered,
        question_sources=question_sources,
        kb_questions=kb_questions,
        has_cell_therapy=bool(expanded & {"car-t", "bispecific", "cell-therapy-other"}),
        has_checkpoint=bool(expanded & set(kb.families["checkpoint"].therapies)),
    )
