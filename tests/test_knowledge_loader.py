"""The loader accepts valid content and names the file and entry of every problem."""

import textwrap

import pytest

from immunoprep.knowledge import KnowledgeError, load

VOCAB = """
[meta]
version = "test-1"

[[source]]
id = "nci-se"
title = "Immunotherapy Side Effects"
publisher = "National Cancer Institute"
url = "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/side-effects"
date = "2024-03"
accessed = 2026-11-22

[[cancer]]
slug = "melanoma"
name = "Melanoma"
description = "Skin cancer."
therapies = ["checkpoint-pd1", "car-t"]

[[therapy]]
slug = "checkpoint-pd1"
name = "PD-1 blocker"
group = "checkpoint"
description = "Releases a brake."
immunotherapy = true

[[therapy]]
slug = "car-t"
name = "CAR T-cell therapy"
group = "cell"
description = "Your own T cells, changed in a lab."
immunotherapy = true

[[family]]
slug = "checkpoint"
name = "Checkpoint inhibitors"
therapies = ["checkpoint-pd1"]

[[role]]
slug = "patient"
name = "I am the patient"
description = "For me."
"""

ITEMS = """
[[question]]
id = "q-one"
text = "Which side effects should I call about right away?"
why = "So you know when to call."
topic = "side-effects"
priority = 1
therapies = ["checkpoint"]
sources = ["nci-se"]
reviewed = 2026-11-22
"""


def write(tmp_path, vocab=VOCAB, items=ITEMS):
    folder = tmp_path / "en"
    folder.mkdir(exist_ok=True)
    (folder / "vocabulary.toml").write_text(textwrap.dedent(vocab))
    (folder / "questions.toml").write_text(textwrap.dedent(items))
    return tmp_path


def problems(tmp_path, **kw):
    with pytest.raises(KnowledgeError) as exc:
        load("en", write(tmp_path, **kw))
    return "\n".join(exc.value.problems)


def test_valid_content_loads_and_expands_families(tmp_path):
    kb = load("en", write(tmp_path))
    assert kb.version == "test-1"
    assert kb.questions[0].tags.therapies == {"checkpoint-pd1"}


def test_duplicate_id_names_both_places(tmp_path):
    text = problems(tmp_path, items=ITEMS + ITEMS)
    assert "questions.toml: [[question]] q-one: duplicate id 'q-one'" in text


def test_unknown_reference_is_named(tmp_path):
    text = problems(tmp_path, items=ITEMS.replace('["checkpoint"]', '["chekpoint"]'))
    assert "[[question]] q-one: unknown therapy 'chekpoint'" in text


def test_missing_source_and_reviewed_date(tmp_path):
    items = ITEMS.replace('sources = ["nci-se"]\n', "").replace("reviewed = 2026-11-22\n", "")
    text = problems(tmp_path, items=items)
    assert "q-one: missing 'sources'" in text
    assert "q-one: missing 'reviewed'" in text


def test_empty_sources_and_unknown_source(tmp_path):
    assert "needs at least one source" in problems(tmp_path, items=ITEMS.replace('["nci-se"]', "[]"))
    assert "unknown source 'nobody'" in problems(tmp_path, items=ITEMS.replace('["nci-se"]', '["nobody"]'))


def test_empty_text_is_refused(tmp_path):
    text = problems(
        tmp_path, items=ITEMS.replace('text = "Which side effects should I call about right away?"', 'text = "  "')
    )
    assert "q-one: 'text' is empty" in text


def test_reviewed_must_be_a_date(tmp_path):
    text = problems(tmp_path, items=ITEMS.replace("reviewed = 2026-11-22", 'reviewed = "last week"'))
    assert "q-one: 'reviewed' must be date" in text


def test_unknown_field_and_bad_toml(tmp_path):
    assert "unknown field 'colour'" in problems(tmp_path, items=ITEMS + 'colour = "red"\n')
    assert "questions.toml: not valid TOML" in problems(tmp_path, items="[[question]\n")


def test_caregiver_text_is_optional_and_bounded(tmp_path):
    kb = load("en", write(tmp_path, items=ITEMS + 'caregiver_text = "Which side effects should they call about?"\n'))
    assert kb.questions[0].text_for("caregiver") == "Which side effects should they call about?"
    assert kb.questions[0].text_for("patient") == "Which side effects should I call about right away?"
    long_text = " ".join(["word"] * 21)
    assert "'caregiver_text' has more than 20 words" in problems(
        tmp_path, items=ITEMS + f'caregiver_text = "{long_text}"\n'
    )


def test_long_question_is_refused(tmp_path):
    long_text = " ".join(["word"] * 21) + "?"
    text = problems(tmp_path, items=ITEMS.replace("Which side effects should I call about right away?", long_text))
    assert "more than 20 words" in text


def test_real_content_validates(kb):
    assert kb.version
    assert kb.questions and kb.explanations and kb.warning_signs and kb.terms


NCI_URL = 'url = "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/side-effects"'


def source_problems_for(tmp_path, old, new):
    assert old in VOCAB
    return problems(tmp_path, vocab=VOCAB.replace(old, new))


def test_a_homepage_url_is_refused(tmp_path):
    text = source_problems_for(tmp_path, NCI_URL, 'url = "https://www.cancer.gov/"')
    assert "vocabulary.toml: [[source]] nci-se: url 'https://www.cancer.gov/' is a homepage" in text


def test_a_dictionary_index_is_refused(tmp_path):
    text = source_problems_for(
        tmp_path, NCI_URL, 'url = "https://www.cancer.gov/publications/dictionaries/cancer-terms/"'
    )
    assert (
        "nci-se: url 'https://www.cancer.gov/publications/dictionaries/cancer-terms/' is a dictionary's index" in text
    )


def test_a_data_api_is_refused(tmp_path):
    api = 'url = "https://api.fda.gov/drug/label.json?search=openfda.brand_name:KEYTRUDA"'
    text = source_problems_for(tmp_path, NCI_URL, api)
    assert "is a data API, not a page people can read" in text


def test_an_unknown_publisher_is_refused(tmp_path):
    text = source_problems_for(tmp_path, 'publisher = "National Cancer Institute"', 'publisher = "CancerFax"')
    assert "[[source]] nci-se: publisher 'CancerFax' is not on the allow-list" in text


def test_a_seed_file_is_refused(tmp_path):
    text = source_problems_for(tmp_path, NCI_URL, 'url = "shared/seeds/000_53b3187fd941564c.txt"')
    assert "[[source]] nci-se: url must be an https link to the page itself" in text
    text = source_problems_for(
        tmp_path, 'publisher = "National Cancer Institute"', 'publisher = "Seed article (input)"'
    )
    assert "publisher 'Seed article (input)' is not on the allow-list" in text


def test_a_good_name_on_another_site_is_refused(tmp_path):
    """A mirror or copy cannot pass under an allowed publisher's name."""
    text = source_problems_for(tmp_path, NCI_URL, 'url = "https://cancer-gov.example.org/about-cancer/side-effects"')
    assert "url host cancer-gov.example.org is not a site of National Cancer Institute" in text


def test_papers_are_cited_by_doi_or_pubmed_id(tmp_path):
    paper = (
        'publisher = "Journal for ImmunoTherapy of Cancer"\n'
        'doi = "10.1186/s40425-019-0645-6"\n'
        'url = "https://doi.org/10.1186/s40425-019-0645-6"'
    )
    old = 'publisher = "National Cancer Institute"\n' + NCI_URL
    kb = load("en", write(tmp_path, vocab=VOCAB.replace(old, paper)))
    assert kb.sources["nci-se"].doi == "10.1186/s40425-019-0645-6"
    journal_site = paper.replace("https://doi.org/", "https://jitc.example.com/")
    assert "a paper's url must be on doi.org" in problems(tmp_path, vocab=VOCAB.replace(old, journal_site))
    no_id = paper.replace('doi = "10.1186/s40425-019-0645-6"\n', "")
    assert "publisher 'Journal for ImmunoTherapy of Cancer' is not on the allow-list" in problems(
        tmp_path, vocab=VOCAB.replace(old, no_id)
    )
