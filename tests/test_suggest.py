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
    drugs=st.lists(st.sampled_from(sorted(KB.drug_by_slug)), max_size=2, unique=True).map(tuple),
)


def chosen_classes(profile):
    named = [t for d in profile.drugs for t in KB.drug_by_slug[d].therapies]
    return KB.expand_therapies((*profile.therapies, *named)), frozenset(named)


def drug_item_applies(item, profile) -> bool:
    """A drug's own item: that drug was named, or its class was chosen with no drug named in it
    and the drug is used for the person's cancer (or the class lists no drug for that cancer)."""
    chosen, named_classes = chosen_classes(profile)
    cancer = "" if profile.cancer == "other" else profile.cancer
    for slug in item.tags.drugs:
        drug = KB.drug_by_slug[slug]
        if slug in profile.drugs:
            return True
        for t in drug.therapies:
            used_here = cancer in drug.cancers or not any(cancer in d.cancers for d in KB.therapies[t].drugs)
            if t in chosen and t not in named_classes and used_here:
                return True
    return False


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_chosen_classes_and_drugs_warning_signs_always_present(profile):
    s = suggest(KB, profile)
    chosen, _ = chosen_classes(profile)
    shown = {w.item.id for w in s.warning_signs}
    for w in KB.warning_signs:
        everyone = not w.tags.therapies and not w.tags.drugs
        if everyone or w.tags.therapies & chosen or drug_item_applies(w, profile):
            assert w.id in shown, (profile, w.id)


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_nothing_specific_to_an_unchosen_class(profile):
    s = suggest(KB, profile)
    chosen, _ = chosen_classes(profile)
    for item in [x.item for x in (*s.explanations, *s.questions)]:
        tags = item.tags
        everyone = not tags.therapies and not tags.drugs
        assert everyone or tags.therapies & chosen or drug_item_applies(item, profile), (profile, item.id)
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


RANKED_PROFILES = [
    Profile(cancer="melanoma", therapies=("checkpoint-pd1",), concerns=("daily-life",)),
    Profile(cancer="myeloma", therapies=("car-t",), concerns=("cost",), role="caregiver"),
    Profile(cancer="nsclc", therapies=("checkpoint-pd1", "with-chemo"), biomarkers=("pd-l1",)),
]


def test_ties_go_to_safety_then_the_persons_concerns_then_the_authors_order():
    position = {q.id: i for i, q in enumerate(KB.questions)}
    for profile in RANKED_PROFILES:
        s = suggest(KB, profile)
        said = set(profile.concerns)
        # After the top 3 come the concerns' own picks; from there on, ranking decides.
        questions = s.questions[TOP + len(profile.concerns) :]
        keys = [(-q.score, not q.item.safety, not (q.item.tags.concerns & said)) for q in questions]
        assert keys == sorted(keys), profile
        for i, (a, b) in enumerate(zip(questions, questions[1:], strict=False)):
            if keys[i] == keys[i + 1] and a.item.topic == b.item.topic:
                assert position[a.item.id] < position[b.item.id], (a.item.id, b.item.id)


def test_a_safety_question_is_in_every_default_list():
    for profile in RANKED_PROFILES:
        assert any(q.item.safety for q in suggest(KB, profile).preselected), profile


def test_a_chosen_biomarker_lifts_its_questions_into_the_default_list():
    plain = Profile(cancer="nsclc", therapies=("checkpoint-pd1",))
    with_marker = Profile(cancer="nsclc", therapies=("checkpoint-pd1",), biomarkers=("pd-l1",))
    lifted = [q for q in suggest(KB, with_marker).preselected if "pd-l1" in q.item.tags.biomarkers]
    assert lifted
    assert not any("pd-l1" in q.item.tags.biomarkers for q in suggest(KB, plain).questions)


def test_each_chosen_concern_puts_a_question_in_the_default_list_below_the_top_three():
    plain = suggest(KB, Profile(cancer="melanoma", therapies=("checkpoint-pd1",)))
    for concerns in [(c,) for c in KB.concerns] + [("cost", "fertility", "daily-life")]:
        s = suggest(KB, Profile(cancer="melanoma", therapies=("checkpoint-pd1",), concerns=concerns))
        for concern in concerns:
            assert any(concern in q.item.tags.concerns for q in s.preselected), concern
        # Safety keeps its place: the plain guide's top safety questions stay in the default list.
        kept = {q.item.id for q in s.preselected}
        assert all(q.item.id in kept for q in plain.top if q.item.safety), concerns
