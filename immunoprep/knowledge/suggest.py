"""suggest(kb, profile): what the knowledge base offers one profile, ordered, with reasons.

Pure and deterministic: the same profile always gives the same suggestions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from immunoprep.knowledge.schema import (
    ALWAYS,
    EXPLANATION_TOPICS,
    SYSTEMS,
    TOPICS,
    URGENCIES,
    DiaryColumn,
    Explanation,
    KnowledgeBase,
    Profile,
    Question,
    Tags,
    Term,
    WarningSign,
    gettext_noop,
)

_TOPIC_RANK = {t: i for i, t in enumerate(TOPICS)}
_EXPLANATION_RANK = {t: i for i, t in enumerate(EXPLANATION_TOPICS)}
_URGENCY_RANK = {u: i for i, u in enumerate((ALWAYS, *URGENCIES))}
_SYSTEM_RANK = {s: i for i, s in enumerate(SYSTEMS)}

PRESELECT = 10  # questions ticked by default: the top 3 and about 7 more; short lists work best
TOP = 3  # of those, starred as top priority
# A short visit gets a shorter list: about one question for every three minutes or so.
_LIST_SIZE_BY_VISIT = ((15, 6), (30, 8))


def default_list_size(visit_minutes: int | None) -> int:
    """How many questions start ticked, for a visit of this length (None: not known)."""
    for up_to, size in _LIST_SIZE_BY_VISIT:
        if visit_minutes is not None and visit_minutes <= up_to:
            return size
    return PRESELECT


_PRIORITY_SCORE = {1: 30, 2: 20, 3: 10}
# Shown when no immunotherapy class is chosen yet: checkpoint inhibitors are by far the most
# common, and showing their warning signs errs on the safe side.
FALLBACK_FAMILY = "checkpoint"


class Reason(str):
    """Why an item is in a guide, in English, and how to say it in another language: the
    template (marked for translation) and its values, which pages pass through gettext."""

    template: str
    values: dict

    def __new__(cls, template: str, **values):
        reason = super().__new__(cls, template % values if values else template)
        reason.template, reason.values = template, values
        return reason


@dataclass(frozen=True, slots=True)
class Suggested:
    item: Explanation | Question | WarningSign
    reason: str
    score: int = 0


@dataclass(frozen=True, slots=True)
class Suggestions:
    profile: Profile
    explanations: tuple[Suggested, ...]
    questions: tuple[Suggested, ...]
    warning_signs: tuple[Suggested, ...]

    @property
    def preselected(self) -> tuple[Suggested, ...]:
        return self.questions[:PRESELECT]

    @property
    def top(self) -> tuple[Suggested, ...]:
        return self.questions[:TOP]


class _Matcher:
    """Decides whether an item applies to a profile, how well, and why."""

    def __init__(self, kb: KnowledgeBase, profile: Profile):
        self.kb = kb
        self.profile = profile
        self.drugs = [kb.drug_by_slug[d] for d in profile.drugs if d in kb.drug_by_slug]
        # A named drug brings its class along, as choosing the class would.
        drug_classes = [t for d in self.drugs for t in d.therapies]
        self.therapies = kb.expand_therapies((*profile.therapies, *drug_classes))
        self.named_classes = frozenset(drug_classes)
        # Classes with at least one drug listed for this cancer ("other" lists none).
        cancer = profile.cancer if profile.cancer != "other" else ""
        self.classes_for_cancer = frozenset(t for d in kb.drugs if cancer in d.cancers for t in d.therapies)
        self.biomarkers = frozenset(profile.biomarkers)
        self.concerns = frozenset(profile.concerns)

    def drug_reason(self, tags: Tags, classes: frozenset[str]) -> str | None:
        """Why an item about one drug's label applies: the person named that drug, or chose its
        class and named no drug of that class. Then we cannot tell which drug they will get, so
        every drug of the class used for their cancer counts (every drug of the class when none
        is listed for that cancer: when unsure, show more)."""
        for drug in self.drugs:
            if drug.slug in tags.drugs:
                return Reason(gettext_noop("because you named %(drug)s"), drug=drug.label)
        for slug in sorted(tags.drugs):
            drug = self.kb.drug_by_slug[slug]
            chosen = [
                t
                for t in drug.therapies
                if t in classes
                and t not in self.named_classes
                and (self.profile.cancer in drug.cancers or t not in self.classes_for_cancer)
            ]
            if chosen:
                return Reason(
                    gettext_noop("because you chose %(therapy)s, and %(drug)s is one of its drugs"),
                    therapy=self.kb.therapies[chosen[0]].name,
                    drug=drug.label,
                )
        return None

    def treatment_matches(self, tags: Tags, classes: frozenset[str] | None = None) -> bool:
        classes = self.therapies if classes is None else classes
        if not tags.therapies and not tags.drugs:
            return True
        return bool(tags.therapies & classes) or (bool(tags.drugs) and self.drug_reason(tags, classes) is not None)

    def applies(self, tags: Tags) -> bool:
        p = self.profile
        return (
            self.treatment_matches(tags)
            and (not tags.cancers or p.cancer in tags.cancers)
            and (not tags.biomarkers or bool(tags.biomarkers & self.biomarkers))
            and (not tags.roles or p.role in tags.roles)
        )

    def score_and_reason(self, tags: Tags) -> tuple[int, str]:
        """The most specific match gives the reason; every match adds to the score."""
        kb, p = self.kb, self.profile
        score, reasons = 0, []
        drug_reason = self.drug_reason(tags, self.therapies) if tags.drugs else None
        if drug_reason:
            score += 7
            reasons.append(drug_reason)
        if tags.biomarkers:
            hit = sorted(tags.biomarkers & self.biomarkers)[0]
            score += 6
            reasons.append(
                Reason(gettext_noop("because your test results include %(test)s"), test=kb.biomarkers[hit].name)
            )
        if tags.therapies & self.therapies:
            chosen = [t for t in p.therapies if t in tags.therapies] or sorted(tags.therapies & self.therapies)
            score += 5
            reasons.append(Reason(gettext_noop("because you chose %(therapy)s"), therapy=kb.therapies[chosen[0]].name))
        if tags.cancers:
            score += 4
            reasons.append(
                Reason(
                    gettext_noop("because of the cancer type you chose: %(cancer)s"), cancer=kb.cancers[p.cancer].name
                )
            )
        if tags.roles:
            score += 3
            reasons.append(
                Reason(gettext_noop("because you care for someone having treatment"))
                if p.role == "caregiver"
                else Reason(gettext_noop("for patients"))
            )
        concern = sorted(tags.concerns & self.concerns)
        if concern:
            score += 4
            reasons.append(
                Reason(
                    gettext_noop("because you said this matters to you: %(concern)s"),
                    concern=kb.concerns[concern[0]].name,
                )
            )
        return score, (
            reasons[0] if reasons else Reason(gettext_noop("a common question for anyone starting immunotherapy"))
        )


def _index(kb: KnowledgeBase, items) -> dict[tuple[str, str], tuple]:
    """Items keyed by their first non-empty tag list, so suggest() looks only at candidates.
    An item about a drug is filed under the drug's classes too."""
    index: dict[tuple[str, str], list] = {}
    for item in items:
        drug_classes = {t for slug in item.tags.drugs for t in kb.drug_by_slug[slug].therapies}
        for dimension in ("therapies", "cancers", "biomarkers", "roles"):
            values = getattr(item.tags, dimension) | (drug_classes if dimension == "therapies" else set())
            if values:
                for value in values:
                    index.setdefault((dimension, value), []).append(item)
                break
        else:
            index.setdefault(("any", ""), []).append(item)
    return {key: tuple(value) for key, value in index.items()}


@functools.cache
def _positions(kb: KnowledgeBase) -> dict[str, int]:
    return {q.id: i for i, q in enumerate(kb.questions)}


@functools.cache
def _indexes(kb: KnowledgeBase) -> dict[str, dict]:
    return {"explanations": _index(kb, kb.explanations), "questions": _index(kb, kb.questions)}


def _candidates(kb: KnowledgeBase, kind: str, m: _Matcher):
    index = _indexes(kb)[kind]
    keys = [("any", ""), ("cancers", m.profile.cancer), ("roles", m.profile.role)]
    keys += [("therapies", t) for t in m.therapies] + [("biomarkers", b) for b in m.biomarkers]
    seen: dict[str, object] = {}
    for key in keys:
        for item in index.get(key, ()):
            seen.setdefault(item.id, item)
    return seen.values()


def suggest(kb: KnowledgeBase, profile: Profile) -> Suggestions:
    m = _Matcher(kb, profile)

    explanations = []
    for e in _candidates(kb, "explanations", m):
        if m.applies(e.tags):
            score, reason = m.score_and_reason(e.tags)
            explanations.append(Suggested(e, reason, score))
    explanations.sort(key=lambda s: (_EXPLANATION_RANK[s.item.topic], -s.score, s.item.id))

    questions = []
    for q in _candidates(kb, "questions", m):
        if m.applies(q.tags):
            score, reason = m.score_and_reason(q.tags)
            questions.append(Suggested(q, reason, score + _PRIORITY_SCORE[q.priority]))
    # Equal scores: safety first (when and whom to call), then what the person said matters to
    # them, then the order of topics and the authors' order within a file, never the alphabet.
    position = _positions(kb)

    def rank(s: Suggested):
        return (
            -s.score,
            not s.item.safety,
            not (s.item.tags.concerns & m.concerns),
            _TOPIC_RANK[s.item.topic],
            position[s.item.id],
        )

    questions.sort(key=rank)
    questions = _concerns_kept(questions, profile.concerns)

    return Suggestions(profile, tuple(explanations), tuple(questions), _warning_signs(kb, m))


def _concerns_kept(questions: list[Suggested], concerns) -> list[Suggested]:
    """ "We will put questions about these first": right after the top 3 (safety comes first),
    each chosen concern's best question, however general it is. Its score is raised to the
    third's so the list still reads from most to least fitting."""
    top, rest = questions[:TOP], questions[TOP:]
    if len(top) < TOP:
        return questions
    picks = []
    for concern in concerns:
        best = next((q for q in rest if concern in q.item.tags.concerns and q not in picks), None)
        if best is not None:
            picks.append(best)
    lifted = [replace(q, score=top[-1].score) for q in picks]
    return [*top, *lifted, *(q for q in rest if q not in picks)]


def _fallback(kb: KnowledgeBase, m: _Matcher) -> frozenset[str]:
    """No immunotherapy chosen yet ("not sure", chemotherapy only): the most common class stands
    in, so its warning signs and diary columns show (erring on the safe side)."""
    has_immunotherapy = any(kb.therapies[t].immunotherapy for t in m.therapies)
    return frozenset() if has_immunotherapy else frozenset(kb.families[FALLBACK_FAMILY].therapies)


def diary_columns(kb: KnowledgeBase, profile: Profile) -> tuple[DiaryColumn, ...]:
    """The symptom diary's columns for these treatments: the same treatment rule as the warning
    signs (each chosen class and drug, the common class when none is known), in content order."""
    m = _Matcher(kb, profile)
    fallback = _fallback(kb, m)
    return tuple(c for c in kb.diary_columns if m.treatment_matches(c.tags) or m.treatment_matches(c.tags, fallback))


def _warning_signs(kb: KnowledgeBase, m: _Matcher) -> tuple[Suggested, ...]:
    """Every warning sign for every chosen class and drug: never filtered by anything else."""
    fallback = _fallback(kb, m)
    signs = []
    for w in kb.warning_signs:
        tags = w.tags
        if not tags.therapies and not tags.drugs:
            signs.append(Suggested(w, Reason(gettext_noop("for everyone having immunotherapy"))))
        elif tags.therapies & m.therapies:
            chosen = [t for t in m.profile.therapies if t in tags.therapies] or sorted(tags.therapies & m.therapies)
            signs.append(
                Suggested(
                    w, Reason(gettext_noop("because you chose %(therapy)s"), therapy=kb.therapies[chosen[0]].name)
                )
            )
        elif tags.drugs and (reason := m.drug_reason(tags, m.therapies)):
            signs.append(Suggested(w, reason))
        elif m.treatment_matches(tags, fallback):
            signs.append(
                Suggested(
                    w, Reason(gettext_noop("the most common immune side effects, shown until the treatment is known"))
                )
            )
    signs.sort(key=lambda s: (_URGENCY_RANK[s.item.urgency], _SYSTEM_RANK[s.item.system], s.item.id))
    return tuple(signs)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def _contains_phrase(text: str, phrase: str) -> bool:
    """Whole-word, case-insensitive (both already lower case); str.find keeps it fast."""
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not _is_word_char(before) and not _is_word_char(after):
            return True
        start = text.find(phrase, start + 1)
    return False


def terms_used(kb: KnowledgeBase, texts: list[str]) -> tuple[Term, ...]:
    """The glossary terms that appear in these texts, in alphabetical order."""
    blob = "\n".join(texts).lower()
    found = [t for t in kb.terms if any(_contains_phrase(blob, m.lower()) for m in t.matches)]
    return tuple(sorted(found, key=lambda t: t.term.lower()))
