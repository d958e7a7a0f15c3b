"""The safety rules for warning signs, per therapy class and per drug.

SAFETY-COVERAGE.md (made by `make check-content`) lists what each class and drug shows, for a
clinician to read; these tests pin the rules that list must keep."""

import re
from pathlib import Path

import pytest

from immunoprep.knowledge import Profile, suggest
from immunoprep.knowledge.coverage import safety_table
from immunoprep.knowledge.schema import ALWAYS, URGENCIES

COVERAGE_FILE = Path(__file__).resolve().parent.parent / "immunoprep" / "knowledge" / "SAFETY-COVERAGE.md"

T_CELL_CLASSES = ("car-t", "cell-therapy-other", "bispecific")
# B-cell and BCMA-directed drugs: infections must be on their guides, and low blood counts
# where the label warns of them (every cell therapy and T-cell engager, obinutuzumab).
B_CELL_OR_BCMA = (
    "rituximab",
    "rituximab-and-hyaluronidase",
    "obinutuzumab",
    "ofatumumab",
    "tisagenlecleucel",
    "axicabtagene-ciloleucel",
    "brexucabtagene-autoleucel",
    "lisocabtagene-maraleucel",
    "obecabtagene-autoleucel",
    "idecabtagene-vicleucel",
    "ciltacabtagene-autoleucel",
    "blinatumomab",
    "teclistamab",
    "elranatamab",
    "linvoseltamab",
    "mosunetuzumab",
    "epcoritamab",
    "glofitamab",
)
LOW_COUNTS = tuple(d for d in B_CELL_OR_BCMA if d not in ("rituximab", "rituximab-and-hyaluronidase", "ofatumumab"))
# A label's boxed or "get help right away" warning, and words its patient version must use.
DRUG_WARNINGS = {
    "rituximab": [r"hepatitis B", r"\bPML\b|brain infection"],
    "rituximab-and-hyaluronidase": [r"hepatitis B", r"\bPML\b|brain infection"],
    "obinutuzumab": [r"hepatitis B", r"\bPML\b|brain infection"],
    "ofatumumab": [r"hepatitis B", r"\bPML\b|brain infection"],
    "brentuximab-vedotin": [r"\bPML\b|brain infection"],
    "trastuzumab": [r"heart"],
    "trastuzumab-deruxtecan": [r"lung"],
    "enfortumab-vedotin": [r"blister|peel"],
    "inotuzumab-ozogamicin": [r"liver"],
    "belantamab-mafodotin": [r"eye|vision|sight"],
    "ciltacabtagene-autoleucel": [r"handwriting|movement"],
}


def signs_for(kb, therapies=(), drugs=()):
    return [s.item for s in suggest(kb, Profile(therapies=tuple(therapies), drugs=tuple(drugs))).warning_signs]


def text_of(signs) -> str:
    return " ".join(w.text for w in signs)


def test_the_committed_coverage_table_is_current(kb):
    assert COVERAGE_FILE.read_text() == "\n".join(safety_table(kb)) + "\n", "run `make check-content` and commit"


@pytest.mark.parametrize("therapy", T_CELL_CLASSES)
def test_every_t_cell_therapy_shows_crs_and_brain_and_nerve_signs(kb, therapy):
    systems = {w.system for w in signs_for(kb, [therapy])}
    assert {"crs", "neuro"} <= systems


@pytest.mark.parametrize("drug", B_CELL_OR_BCMA)
def test_b_cell_and_bcma_drugs_show_infection_signs(kb, drug):
    signs = signs_for(kb, drugs=[drug])
    assert "infection" in {w.system for w in signs if w.urgency != ALWAYS}, drug


@pytest.mark.parametrize("drug", LOW_COUNTS)
def test_low_blood_count_signs_where_the_label_warns_of_them(kb, drug):
    signs = signs_for(kb, drugs=[drug])
    assert "blood" in {w.system for w in signs if w.urgency != ALWAYS}, drug


@pytest.mark.parametrize("drug", sorted(DRUG_WARNINGS))
def test_each_drug_shows_its_labels_own_warnings(kb, drug):
    own = [w for w in signs_for(kb, drugs=[drug]) if drug in w.tags.drugs]
    for pattern in DRUG_WARNINGS[drug]:
        assert re.search(pattern, text_of(own), re.I), (drug, pattern)
    # A drug's own item names the drug, so people on other drugs of the class know it is not theirs.
    name = kb.drug_by_slug[drug].generic.split()[0]
    for w in own:
        assert re.search(name, w.text, re.I), w.id


def test_car_t_warns_of_a_second_cancer(kb):
    assert re.search(r"new cancer|second cancer|another cancer", text_of(signs_for(kb, ["car-t"])), re.I)


def test_il2_signs_only_where_il2_is_given(kb):
    il2 = {w.id for w in kb.warning_signs if "aldesleukin" in w.tags.drugs}
    assert il2
    for profile in (
        {"therapies": ["car-t"]},
        {"therapies": ["bispecific"]},
        {"therapies": ["checkpoint-pd1"]},
        {"drugs": ["afamitresgene-autoleucel"]},
        {"drugs": ["interferon-alfa"]},
        {"drugs": ["nogapendekin-alfa-inbakicept"]},
    ):
        assert not il2 & {w.id for w in signs_for(kb, **profile)}, profile
    for profile in ({"drugs": ["aldesleukin"]}, {"drugs": ["lifileucel"]}):
        assert il2 <= {w.id for w in signs_for(kb, **profile)}, profile


@pytest.mark.parametrize("drug", ["nogapendekin-alfa-inbakicept", "afamitresgene-autoleucel"])
def test_no_il2_questions_or_explanations_where_il2_is_not_given(kb, drug):
    s = suggest(kb, Profile(cancer="bladder", drugs=(drug,)))
    for x in (*s.explanations, *s.questions):
        assert not re.search(r"\bIL-2\b|aldesleukin|Proleukin", x.item.text), x.item.id


def test_ipilimumab_items_only_where_ipilimumab_is_given(kb):
    ctla4 = {"checkpoint-ctla4", "checkpoint-dual"}
    for profile in (Profile(therapies=("checkpoint-lag3",)), Profile(drugs=("nivolumab-and-relatlimab",))):
        s = suggest(kb, profile)
        for x in (*s.explanations, *s.questions, *s.warning_signs):
            assert not x.item.tags.therapies or x.item.tags.therapies - ctla4, x.item.id
        for x in (*s.questions, *s.warning_signs):  # an explanation may say it is *not* CTLA-4
            assert not re.search(r"ipilimumab|Yervoy|CTLA-4", x.item.text), x.item.id


def test_intravesical_il15_shows_the_bcg_items(kb):
    bcg = {w.id for w in signs_for(kb, ["bcg"]) if "bcg" in w.tags.therapies}
    assert bcg and bcg <= {w.id for w in signs_for(kb, drugs=["nogapendekin-alfa-inbakicept"])}


INSTRUCTION = re.compile(
    r"^(tell (any|every|all|other)|carry|always|never stop|do not (drive|stop)|stay (near|close))", re.I
)


def test_instructions_sit_in_the_always_box_and_symptoms_in_a_tier(kb):
    for w in kb.warning_signs:
        if w.urgency in URGENCIES:
            assert not INSTRUCTION.search(w.text), w.id


def test_mild_signs_are_never_call_right_away_unless_the_source_says_even_if_mild(kb):
    for w in kb.warning_signs:
        if w.urgency in ("call-now", "emergency") and re.search(r"\bmild", w.text, re.I):
            assert re.search(r"even (if|when)[^.]*mild", w.text, re.I), w.id


@pytest.mark.parametrize("therapy", ["checkpoint-pd1", "checkpoint-dual", "car-t", "bispecific", "cytokine", "vaccine"])
def test_no_near_duplicate_emergency_signs(kb, therapy):
    emergency = [w for w in signs_for(kb, [therapy]) if w.urgency == "emergency"]
    for words in (r"chest pain", r"faint"):
        assert len([w for w in emergency if re.search(words, w.text, re.I)]) <= 1, (therapy, words)


def test_no_sign_speaks_of_the_caregiver_in_the_third_person(kb):
    for w in kb.warning_signs:
        assert not re.search(r"your caregiver notices", w.text, re.I), w.id


def test_every_class_and_drug_guide_has_an_emergency_and_an_always_item(kb):
    for therapy in kb.therapies:
        urgencies = {w.urgency for w in signs_for(kb, [therapy])}
        assert {"emergency", ALWAYS} <= urgencies, therapy


def test_a_class_guide_shows_the_drugs_used_for_that_cancer(kb):
    """No drug named yet: the class's drugs used for this cancer, not every drug of the class."""
    lymphoma = text_of(suggest_signs(kb, "b-cell-lymphoma", "monoclonal-antibody"))
    assert "rituximab (Rituxan)" in lymphoma and "trastuzumab" not in lymphoma
    bladder = suggest(kb, Profile(cancer="bladder", therapies=("cytokine",)))
    texts = " ".join(x.item.text for x in (*bladder.explanations, *bladder.questions, *bladder.warning_signs))
    assert "Anktiva" in texts and not re.search(r"\bIL-2\b|aldesleukin", texts)
    # A cancer we do not list keeps every drug's warnings: when unsure, show more.
    other = text_of(suggest_signs(kb, "other", "monoclonal-antibody"))
    assert "rituximab (Rituxan)" in other and "trastuzumab (Herceptin)" in other


def suggest_signs(kb, cancer, therapy):
    return [s.item for s in suggest(kb, Profile(cancer=cancer, therapies=(therapy,))).warning_signs]


@pytest.mark.parametrize("therapy", ["checkpoint-pd1", "checkpoint-dual", "car-t", "bispecific", "monoclonal-antibody"])
def test_the_call_now_summary_is_about_a_dozen_lines_and_leaves_no_sign_out(kb, therapy):
    from immunoprep.guides.content import call_now_summary

    signs = suggest(kb, Profile(therapies=(therapy,))).warning_signs
    lines = call_now_summary(list(signs), "patient")
    assert len(lines) <= 13
    summarised = {short for line in lines for short in line.signs}
    assert {w.item.short for w in signs if w.item.urgency == "call-now"} <= summarised
