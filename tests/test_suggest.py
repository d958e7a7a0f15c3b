"""suggest(): tailored, ordered, explained, and never hiding a chosen class's warning signs."""

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from immunoprep.knowledge import Profile, get_knowledge_base, suggest
from immunoprep.knowledge.suggest import PRESELECT, TOP

KB = get_knowledge_base("en")

profiles = st.builds(
    Profile,
    cancer=st.sampled_from(sorted(KB.cancers)),
    therapies=st.lists(st.sampled_from(sorted(KB.therapies)), min_size=1, max_size=3, unique=True).map(tuple),
    biomarkers=st.lists(st.sampled_from(sorted(KB.biomarkers)), max_size=3, unique=True).map(tuple),
    concerns=st.lists(st.sampled_from(sorted(KB.concerns)), max_size=3, unique=True).map(tuple),
    role=st.sampled_from(sorted(KB.roles)),
)


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_chosen_classes_warning_signs_always_present(profile):
    s = suggest(KB, profile)
    chosen = KB.expand_therapies(profile.therapies)
    shown = {w.item.id for w in s.warning_signs}
    for w in KB.warning_signs:
        if not w.tags.therapies or w.tags.therapies & chosen:
            assert w.id in shown, (profile, w.id)


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_nothing_specific_to_an_unchosen_class(profile):
    s = suggest(KB, profile)
    chosen = KB.expand_therapies(profile.therapies)
    for item in [x.item for x in (*s.explanations, *s.questions)]:
        assert not item.tags.therapies or item.tags.therapies & chosen, (profile, item.id)
        assert not item.tags.cancers or profile.cancer in item.tags.cancers
        assert not item.tags.roles or profile.role in item.tags.roles


@settings(max_examples=100, deadline=None)
@given(profiles)
def test_suggestions_are_deterministic_unique_and_explained(profile):
    first, second = suggest(KB, profile), suggest(KB, profile)
    assert first == second
    ids = [q.item.id for q in first.questions]
    assert len(ids) == len(set(ids))
    assert all(q.reason for q in first.questions)
    scores = [q.score for q in first.questions]
    assert scores == sorted(scores, reverse=True)


def test_checkpoint_only_profile_gets_no_car_t_content():
    s = suggest(KB, Profile(cancer="melanoma", therapies=("checkpoint-pd1",)))
    text = " ".join(x.item.text if hasattr(x.item, "text") else "" for x in (*s.questions, *s.warning_signs)).lower()
    assert "car t" not in text
    assert not any("car-t" in e.item.tags.therapies for e in s.explanations)


def test_car_t_profile_gets_crs_and_neurotoxicity_warnings():
    s = suggest(KB, Profile(cancer="b-cell-lymphoma", therapies=("car-t",)))
    systems = {w.item.system for w in s.warning_signs}
    assert {"crs", "neuro"} <= systems
    assert any(w.item.urgency == "emergency" for w in s.warning_signs)


def test_dual_checkpoint_brings_both_sides():
    assert {"checkpoint-pd1", "checkpoint-ctla4"} <= KB.expand_therapies(["checkpoint-dual"])
    s = suggest(KB, Profile(cancer="melanoma", therapies=("checkpoint-dual",)))
    tagged = set().union(*(e.item.tags.therapies for e in s.explanations))
    assert {"checkpoint-ctla4", "checkpoint-dual"} <= tagged


def test_not_sure_yields_which_immunotherapy_questions_and_common_warnings():
    s = suggest(KB, Profile(cancer="other", therapies=("not-sure",)))
    assert any("not-sure" in q.item.tags.therapies for q in s.questions[:PRESELECT])
    checkpoint = set(KB.families["checkpoint"].therapies)
    assert any(w.item.tags.therapies & checkpoint for w in s.warning_signs)


def test_caregivers_get_caregiver_questions():
    s = suggest(KB, Profile(cancer="myeloma", therapies=("car-t",), role="caregiver"))
    assert any("caregiver" in q.item.tags.roles for q in s.preselected)
    patient = suggest(KB, Profile(cancer="myeloma", therapies=("car-t",), role="patient"))
    assert not any("caregiver" in q.item.tags.roles for q in patient.questions)


def test_preselection_fits_one_visit_with_three_on_top():
    s = suggest(KB, Profile(cancer="nsclc", therapies=("checkpoint-pd1", "with-chemo")))
    assert 10 <= len(s.preselected) <= 12
    assert len(s.top) == TOP
    assert all(q.item.priority == 1 for q in s.top)


def test_reasons_name_the_users_choice():
    s = suggest(KB, Profile(cancer="myeloma", therapies=("bispecific",), biomarkers=("bcma",)))
    reasons = {q.reason for q in s.questions}
    assert any(KB.therapies["bispecific"].name in r for r in reasons)
    assert any(KB.biomarkers["bcma"].name in r for r in reasons)


def test_every_practice_pair_has_enough_content():
    thin = []
    for cancer in KB.cancers.values():
        for therapy in cancer.therapies:
            s = suggest(KB, Profile(cancer=cancer.slug, therapies=(therapy,)))
            if len(s.questions) < 8 or len(s.explanations) < 2:
                thin.append((cancer.slug, therapy, len(s.questions), len(s.explanations)))
    assert not thin


def test_median_warning_sign_count_is_printable():
    # A guide lists every warning sign for its classes; keep that list a size people read.
    counts = [len(suggest(KB, Profile(cancer="other", therapies=(t,))).warning_signs) for t in KB.therapies]
    assert statistics.median(counts) <= 60
