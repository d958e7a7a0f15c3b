"""What a guide shows: its questions grouped by topic, plus the explanations, warning
signs, glossary and sources the knowledge base gives its profile. Shared by the page and
the PDF so both always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field

from immunoprep.guides.models import Guide, GuideQuestion
from immunoprep.guides.services import guide_profile
from immunoprep.knowledge import KnowledgeBase, suggest
from immunoprep.knowledge.schema import TOPIC_NAMES, TOPICS, URGENCIES, URGENCY_NAMES, Source, Term
from immunoprep.knowledge.suggest import Suggested, terms_used

# The user's own questions come first: the guide is theirs to shape.
TOPIC_ORDER = ("own", *TOPICS)


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
class GuideContent:
    guide: Guide
    cancer_name: str
    therapy_names: list[str]
    biomarker_names: list[str]
    concern_names: list[str]
    drug_labels: list[str]
    explanations: list[Suggested]
    top_questions: list[GuideQuestion]
    groups: list[QuestionGroup]
    more_groups: list[QuestionGroup]
    warning_groups: list[UrgencyGroup]
    terms: list[Term] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    has_cell_therapy: bool = False

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
            groups.append(QuestionGroup(topic, TOPIC_NAMES[topic], in_topic))
    return groups


def guide_content(guide: Guide, kb: KnowledgeBase) -> GuideContent:
    profile = guide_profile(guide)
    s = suggest(kb, profile)
    questions = list(guide.questions.all())
    shown = [q for q in questions if q.included]

    warning_groups = [
        UrgencyGroup(u, URGENCY_NAMES[u], [w for w in s.warning_signs if w.item.urgency == u]) for u in URGENCIES
    ]
    texts = [e.item.text for e in s.explanations] + [q.text for q in shown] + [w.item.text for w in s.warning_signs]
    source_ids = {sid for group in (s.explanations, s.warning_signs) for x in group for sid in x.item.sources}
    source_ids |= {sid for q in kb.questions if q.id in {gq.kb_id for gq in shown} for sid in q.sources}

    therapies = [kb.therapies[t] for t in profile.therapies if t in kb.therapies]
    expanded = kb.expand_therapies(profile.therapies)
    return GuideContent(
        guide=guide,
        cancer_name=kb.cancers[profile.cancer].name if profile.cancer in kb.cancers else "",
        therapy_names=[t.name for t in therapies],
        biomarker_names=[kb.biomarkers[b].name for b in profile.biomarkers if b in kb.biomarkers],
        concern_names=[kb.concerns[c].name for c in profile.concerns if c in kb.concerns],
        drug_labels=sorted({d.label for t in therapies for d in t.drugs}),
        explanations=list(s.explanations),
        top_questions=[q for q in shown if q.starred][:3],
        groups=_grouped(shown),
        more_groups=_grouped([q for q in questions if not q.included]),
        warning_groups=warning_groups,
        terms=list(terms_used(kb, texts)),
        sources=sorted((kb.sources[i] for i in source_ids if i in kb.sources), key=lambda x: x.title.lower()),
        has_cell_therapy=bool(expanded & {"car-t", "bispecific", "cell-therapy-other"}),
    )
