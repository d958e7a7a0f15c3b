"""The content rules that keep the knowledge base safe and readable."""

import re
import statistics

from immunoprep.knowledge.readability import grade, text_grade
from immunoprep.knowledge.schema import ALWAYS, PUBLISHERS, SYSTEMS, URGENCIES


def test_every_explanation_reads_at_grade_8_or_below_median_6_5(kb):
    grades = {e.id: grade(e, kb) for e in kb.explanations}
    too_hard = {k: round(v, 1) for k, v in grades.items() if v > 8}
    assert not too_hard
    assert statistics.median(grades.values()) <= 6.5


def test_there_is_enough_content(kb):
    assert len(kb.explanations) >= 45
    assert len(kb.questions) >= 160
    assert len(kb.terms) >= 60


def test_every_item_cites_a_source_and_a_review_date(kb):
    for item in (*kb.explanations, *kb.questions, *kb.warning_signs, *kb.terms, *kb.diary_columns):
        assert item.sources and item.reviewed, item.id


def test_every_source_is_a_deep_link_from_an_allowed_publisher_or_a_paper(kb):
    for source in kb.sources.values():
        assert source.publisher in PUBLISHERS or source.doi or source.pmid, source.id
        assert source.url.startswith("https://") and source.title and source.accessed, source.id


def test_every_cited_source_exists(kb):
    items = (*kb.explanations, *kb.questions, *kb.warning_signs, *kb.terms, *kb.diary_columns)
    cited = {sid for item in items for sid in item.sources}
    assert cited <= set(kb.sources)


CURE_PROMISE = re.compile(r"\b(cures?|cured|functional cure|guarantee[sd]?|lifelong surveillance)\b", re.I)


def test_no_promises_of_cure(kb):
    for e in kb.explanations:
        for sentence in re.split(r"(?<=[.!?])\s+", e.text):
            if CURE_PROMISE.search(sentence):
                # Allowed only when it says what immunotherapy is NOT, or asks.
                assert re.search(r"\b(not|no|never|cannot|can't|isn't)\b|\?", sentence, re.I), (e.id, sentence)


def test_warning_signs_cover_every_organ_system_and_tier(kb):
    systems = {w.system for w in kb.warning_signs}
    for needed in (
        "skin",
        "gut",
        "liver",
        "lungs",
        "hormones",
        "diabetes",
        "kidneys",
        "heart",
        "nerves-muscles",
        "eyes",
        "infusion",
        "crs",
        "neuro",
    ):
        assert needed in systems, needed
    assert {w.urgency for w in kb.warning_signs} == {*URGENCIES, ALWAYS}
    assert systems <= set(SYSTEMS)


def test_life_threatening_signs_say_emergency(kb):
    emergency_words = re.compile(r"chest pain|seizure|faint", re.I)
    for w in kb.warning_signs:
        if emergency_words.search(w.text) and w.urgency != "emergency":
            # Only allowed where staff are already at hand (in hospital), or pointing to the emergency tier.
            assert re.search(r"emergency|in hospital", w.text, re.I), w.id


def test_therapies_list_example_drugs(kb):
    for slug in ("checkpoint-pd1", "checkpoint-pdl1", "checkpoint-ctla4", "car-t", "bispecific", "bcg"):
        assert kb.therapies[slug].drugs, slug


def test_each_page_is_one_source(kb):
    """Two ids for one page would number it twice in a guide's source list."""
    seen = {}
    for source in kb.sources.values():
        page = source.url.rstrip("/")
        assert page not in seen, (source.id, seen.get(page))
        seen[page] = source.id


def test_every_warning_sign_and_question_reads_at_grade_8_or_below(kb):
    texts = {w.id: w.text for w in kb.warning_signs}
    texts |= {q.id: q.text for q in kb.questions} | {f"{q.id} (caregiver)": q.caregiver_text for q in kb.questions}
    texts |= {c.id: f"{c.how} {c.caregiver_how}" for c in kb.diary_columns}
    too_hard = {k: round(text_grade(t, kb), 1) for k, t in texts.items() if t and text_grade(t, kb) > 8}
    assert not too_hard


def test_every_warning_sign_has_a_few_word_label_for_the_summary(kb):
    for w in kb.warning_signs:
        assert w.short and len(w.short.split()) <= 9 and not w.short.endswith("."), w.id
