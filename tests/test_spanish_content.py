"""The Spanish knowledge base: complete, plain, and as safe as the English one."""

import statistics

import pytest

from immunoprep.knowledge import Profile, load, suggest
from immunoprep.knowledge.readability import spanish_ease
from immunoprep.knowledge.suggest import diary_columns


@pytest.fixture(scope="module")
def es():
    return load("es")  # raises, naming each entry or field left untranslated


@pytest.fixture(scope="module")
def en():
    return load("en")


def test_every_entry_is_translated_and_really_in_spanish(es, en):
    pairs = [
        *zip(es.questions, en.questions, strict=True),
        *zip(es.warning_signs, en.warning_signs, strict=True),
        *zip(es.explanations, en.explanations, strict=True),
    ]
    same = [a.id for a, b in pairs if a.text == b.text]
    assert not same, same[:10]
    assert [t.id for t in es.terms] == [t.id for t in en.terms]
    assert all(c.header != d.header for c, d in zip(es.diary_columns, en.diary_columns, strict=True))


def test_spanish_explanations_read_easily(es):
    scores = {e.id: round(spanish_ease(e, es), 1) for e in es.explanations}
    assert not {k: v for k, v in scores.items() if v < 65}, "Fernández Huerta below 65"
    assert statistics.median(scores.values()) >= 70


def test_the_same_warning_signs_in_the_same_tiers_for_every_class(es, en):
    for therapy in en.therapies:
        profile = Profile(cancer="other", therapies=(therapy,))
        english = [(w.item.id, w.item.urgency) for w in suggest(en, profile).warning_signs]
        spanish = [(w.item.id, w.item.urgency) for w in suggest(es, profile).warning_signs]
        assert spanish == english, therapy
        assert [c.id for c in diary_columns(es, profile)] == [c.id for c in diary_columns(en, profile)]


def test_sources_and_review_dates_stay_the_english_entries(es, en):
    for a, b in zip(es.warning_signs, en.warning_signs, strict=True):
        assert (a.sources, a.reviewed, a.tags) == (b.sources, b.reviewed, b.tags)


def test_the_drug_search_finds_spanish_spellings_with_or_without_accents(es):
    from immunoprep.knowledge.drugs import find_drugs

    for typed in ("aldesleukina", "Aldesleukína", "interleucina 2"):
        assert "aldesleukin" in [d.slug for d in find_drugs(es, typed)], typed
    assert find_drugs(es, "Keytruda")[0].slug == "pembrolizumab"  # brand names as in English


def test_sources_point_at_the_publishers_spanish_page_where_one_exists(es, en):
    assert "/espanol/" in es.sources["nci-dict-crs"].url and "/espanol/" not in en.sources["nci-dict-crs"].url
    assert es.sources["cn-when-to-call"].url.startswith("https://www.cancer.net/es/")
    spanish = [s for s in es.sources.values() if s.url != en.sources[s.id].url]
    assert len(spanish) >= 20
    assert all(s.publisher == en.sources[s.id].publisher for s in spanish)  # same publisher, checked host
