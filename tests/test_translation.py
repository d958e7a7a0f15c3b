"""Translations lay words over the English entries and change nothing else."""

from immunoprep.knowledge.translation import apply


def english():
    return {
        "question": [
            ("en.toml: [[question]] q-one", {"id": "q-one", "text": "Is it for me?", "why": "W", "topic": "goals"}),
            ("en.toml: [[question]] q-two", {"id": "q-two", "text": "How long?", "why": "W", "topic": "schedule"}),
        ],
        "drug": [("en.toml: [[drug]] aldesleukin", {"generic": "aldesleukin", "aliases": ["il-2"]})],
    }


def test_words_replace_the_english_and_tags_stay():
    tables = english()
    overlay = {
        "question": [
            ("es.toml: q-one", {"id": "q-one", "text": "¿Es para mí?", "why": "P"}),
            ("es.toml: q-two", {"id": "q-two", "text": "¿Cuánto tiempo?", "why": "P"}),
        ],
        "drug": [("es.toml: aldesleukin", {"generic": "aldesleukin", "aliases": ["interleucina-2"]})],
    }
    assert apply(tables, overlay) == []
    first = tables["question"][0][1]
    assert first == {"id": "q-one", "text": "¿Es para mí?", "why": "P", "topic": "goals"}
    assert tables["drug"][0][1]["aliases"] == ["il-2", "interleucina-2"]  # search words add up


def test_what_is_missing_unknown_or_not_translatable_is_named():
    tables = english()
    overlay = {
        "question": [
            ("es.toml: q-one", {"id": "q-one", "text": "¿Es para mí?", "topic": "otro", "caregiver_text": "x"}),
            ("es.toml: q-nine", {"id": "q-nine", "text": "¿?"}),
        ],
        "meta": [("es.toml: meta", {"version": "x"})],
    }
    problems = apply(tables, overlay)
    assert "es.toml: q-one: 'topic' is not a translatable field" in problems
    assert "en.toml: [[question]] q-one: translation lacks why" in problems
    assert "en.toml: [[question]] q-one: translation has caregiver_text, which the English entry has not" in problems
    assert "en.toml: [[question]] q-two: no translation" in problems
    assert "[[question]] q-nine: translated, but there is no such entry" in problems
    assert any("[meta] is not translated here" in p for p in problems)
    assert tables["question"][0][1]["topic"] == "goals"  # a tag never changes


def test_a_source_may_point_at_the_publishers_page_in_this_language():
    tables = {
        "source": [("en.toml: [[source]] nci-se", {"id": "nci-se", "url": "https://www.cancer.gov/x", "title": "T"})]
    }
    spanish = {"url": "https://www.cancer.gov/espanol/x", "title": "Efectos"}
    assert apply(tables, {"source": [("es.toml: nci-se", {"id": "nci-se", **spanish})]}) == []
    assert tables["source"][0][1]["url"] == "https://www.cancer.gov/espanol/x"
    assert apply({"source": [("en.toml", {"id": "other", "url": "u", "title": "T"})]}, {}) == []  # none: English stays
