"""The guided steps: pre-fill links, plain-form walk, validation, and creating the guide."""

import re

import pytest
from django.urls import reverse

from immunoprep.guides.models import Guide

pytestmark = pytest.mark.django_db


def test_home_says_what_it_is_and_starts(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Start your guide" in response.content
    assert b"not medical advice" in response.content


def test_deep_link_with_cancer_and_therapy_lands_on_review(client):
    response = client.get("/start/?cancer=merkel-cell&therapy=checkpoint-pdl1", follow=True)
    assert response.redirect_chain[-1][0] == reverse("guides:review")
    assert "Merkel cell" in response.content.decode()
    assert "Create my guide" in response.content.decode()


def test_unknown_slugs_are_ignored_with_a_visible_notice(client):
    response = client.get(
        "/start/?cancer=melanoma&therapy=checkpoint-pd1&therapy=magic-beans&biomarker=xyz", follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "did not recognise “magic-beans”" in text
    assert "did not recognise “xyz”" in text


def test_hostile_slug_is_escaped_in_the_notice(client):
    response = client.get("/start/?cancer=<script>alert(1)</script>", follow=True)
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_start_without_parameters_opens_the_first_step(client):
    response = client.get("/start/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("guides:step", args=["who"])
    assert "Step 1 of 6" in response.content.decode()


def walk(client, answers):
    for slug, data in answers:
        response = client.post(reverse("guides:step", args=[slug]), data)
        assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_plain_form_walk_creates_a_guide_with_the_answers(client):
    walk(
        client,
        [
            ("who", {"role": "caregiver"}),
            ("cancer", {"cancer": "myeloma"}),
            ("treatment", {"therapies": ["bispecific"]}),
            ("tests", {"biomarkers": ["bcma"]}),
            ("concerns", {"concerns": ["caregiving"]}),
            ("visit", {"appointment_date": "2026-12-03", "clinician": "Dr Rivera", "visit_minutes": "30"}),
        ],
    )
    response = client.post(reverse("guides:review"))
    guide = Guide.objects.get()
    assert response["Location"] == reverse("guides:edit", args=[guide.edit_token])
    assert (guide.role, guide.cancer, guide.therapies, guide.biomarkers) == (
        "caregiver",
        "myeloma",
        ["bispecific"],
        ["bcma"],
    )
    assert str(guide.appointment_date) == "2026-12-03" and guide.clinician == "Dr Rivera" and guide.visit_minutes == 30
    # A 30-minute visit starts with a shorter list than an hour-long one.
    assert guide.questions.filter(included=True).count() == 8
    assert guide.questions.filter(starred=True).count() == 3
    assert guide.edit_token != guide.view_token and len(guide.edit_token) >= 22


def test_missing_required_answer_shows_an_error_tied_to_the_field(client):
    response = client.post(reverse("guides:step", args=["treatment"]), {})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Please choose a medicine or at least one treatment" in text
    assert 'aria-describedby="therapies-error"' in text


def test_back_keeps_answers(client):
    walk(client, [("who", {"role": "patient"}), ("cancer", {"cancer": "kidney"})])
    response = client.post(reverse("guides:step", args=["treatment"]), {"therapies": ["checkpoint-dual"], "go": "back"})
    assert response["Location"] == reverse("guides:step", args=["cancer"])
    page = client.get(reverse("guides:step", args=["cancer"])).content.decode()
    assert re.search(r'value="kidney" id="cancer-kidney"\s+checked', page)
    page = client.get(reverse("guides:step", args=["treatment"])).content.decode()
    assert re.findall(r'value="([a-z0-9-]+)"[^>]* checked[ >]', page) == ["checkpoint-dual"]


def test_review_without_answers_sends_you_to_the_missing_step(client):
    response = client.get(reverse("guides:review"))
    assert response["Location"] == reverse("guides:step", args=["cancer"])


def test_unknown_step_is_404(client):
    assert client.get("/start/nonsense/").status_code == 404


def test_invalid_choice_is_an_error_not_a_crash(client):
    response = client.post(reverse("guides:step", args=["cancer"]), {"cancer": "x" * 5000})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_htmx_step_returns_the_next_step_fragment_and_its_url(client):
    response = client.post(reverse("guides:step", args=["who"]), {"role": "patient"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Push-Url"] == reverse("guides:step", args=["cancer"])
    text = response.content.decode()
    assert "Step 2 of 6" in text and "<html" not in text


def test_i_dont_know_clears_the_tests_step(client):
    walk(client, [("tests", {"biomarkers": ["pd-l1"]})])
    response = client.post(reverse("guides:step", args=["tests"]), {"biomarkers": ["braf"], "go": "skip"})
    assert response["Location"] == reverse("guides:step", args=["concerns"])
    assert client.session["wizard"]["biomarkers"] == []


def test_live_count_follows_the_boxes_on_screen(client):
    walk(client, [("cancer", {"cancer": "myeloma"}), ("treatment", {"therapies": ["checkpoint-pd1"]})])
    pd1 = client.get(reverse("guides:count"), {"step": "treatment", "therapies": ["checkpoint-pd1"]}).content.decode()
    car_t = client.get(reverse("guides:count"), {"step": "treatment", "therapies": ["car-t"]}).content.decode()
    assert "Your guide so far" in pd1 and pd1 != car_t
    none = client.get(reverse("guides:count"), {"step": "treatment"}).content.decode()
    assert "Choose a treatment" in none
    assert client.session["wizard"]["therapies"] == ["checkpoint-pd1"]  # counting never saves


def test_treatment_step_shows_the_cancers_usual_treatments_first(client):
    walk(client, [("cancer", {"cancer": "bladder"})])
    page = client.get(reverse("guides:step", args=["treatment"])).content.decode()
    first, _, more = page.partition('class="more-therapies"')
    assert 'id="therapy-bcg"' in first and 'id="therapy-not-sure"' in first
    assert 'id="therapy-car-t"' in more  # one tap away, never removed


def test_change_from_review_returns_to_review(client):
    client.get("/start/?cancer=melanoma&therapy=checkpoint-pd1")
    page = client.get(reverse("guides:step", args=["cancer"]) + "?then=review").content.decode()
    assert 'name="then" value="review"' in page
    response = client.post(reverse("guides:step", args=["cancer"]), {"cancer": "kidney", "then": "review"})
    assert response["Location"] == reverse("guides:review")
    assert "Kidney" in client.get(reverse("guides:review")).content.decode()


def test_a_short_visit_gets_a_shorter_list():
    from immunoprep.guides.services import guide_create
    from immunoprep.knowledge import Profile, get_knowledge_base

    kb = get_knowledge_base("en")
    profile = Profile(cancer="melanoma", therapies=("checkpoint-pd1",))
    ticked = {
        minutes: guide_create(kb=kb, profile=profile, visit_minutes=minutes).questions.filter(included=True).count()
        for minutes in (15, 30, 60, None)
    }
    assert ticked == {15: 6, 30: 8, 60: 10, None: 10}


@pytest.mark.parametrize("value", ["keytruda", "KEYTRUDA", "pembrolizumab", "Pembrolizumab"])
def test_drug_link_names_the_drug_and_implies_its_class(client, value):
    response = client.get(reverse("guides:start") + f"?cancer=melanoma&drug={value}")
    assert response["Location"] == reverse("guides:review")
    page = client.get(reverse("guides:review")).content.decode()
    assert "Keytruda (pembrolizumab)" in page and "PD-1" in page
    client.post(reverse("guides:review"))
    guide = Guide.objects.get()
    assert guide.drugs == ["pembrolizumab"] and guide.therapies == ["checkpoint-pd1"]


def test_an_unknown_drug_in_a_link_is_named_and_left_out(client):
    response = client.get(reverse("guides:start") + "?cancer=melanoma&drug=notadrug", follow=True)
    assert "We did not recognise “notadrug” as a drug" in response.content.decode()


def test_medicine_search_finds_brands_and_typos_without_javascript(client):
    client.get(reverse("guides:start") + "?cancer=myeloma")
    for typed, expected in (("carvykti", "Carvykti"), ("carvikti", "Carvykti"), ("keytrda", "Keytruda")):
        page = client.get(reverse("guides:step", args=["treatment"]) + f"?q={typed}").content.decode()
        assert f"<strong>{expected}</strong>" in page, typed
    page = client.get(reverse("guides:step", args=["treatment"])).content.decode()
    # Before any search, this cancer's own medicines are offered, CAR T products included.
    assert "<strong>Carvykti</strong>" in page and "<strong>Abecma</strong>" in page
    assert "<strong>Yescarta</strong>" not in page


def test_choosing_a_medicine_is_enough_for_the_treatment_step(client):
    client.get(reverse("guides:start") + "?cancer=myeloma")
    response = client.post(reverse("guides:step", args=["treatment"]), {"drugs": ["ciltacabtagene-autoleucel"]})
    assert response.status_code == 302
    client.post(reverse("guides:review"))
    guide = Guide.objects.get()
    assert guide.therapies == ["car-t"] and guide.drugs == ["ciltacabtagene-autoleucel"]


def test_live_medicine_search_returns_the_list_only(client):
    client.get(reverse("guides:start") + "?cancer=melanoma")
    response = client.get(reverse("guides:drug_search") + "?q=opdivo&drugs=ipilimumab", HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="drug-results">')
    assert "<strong>Opdivo</strong>" in text
    assert 'value="ipilimumab" id="drug-ipilimumab" checked' in text


def test_what_the_search_found_is_set_apart_from_the_other_medicines(client):
    # "1 medicine matches" above a list of ten left people guessing which one it was.
    client.get(reverse("guides:start") + "?cancer=myeloma")
    html = client.get(reverse("guides:drug_search") + "?q=carvikti&drugs=daratumumab").content.decode()
    found, chosen, usual = html.split("<legend>")[1:]
    assert found.startswith("Matches for “carvikti”") and "<strong>Carvykti</strong>" in found
    assert "<strong>Abecma</strong>" not in found
    assert chosen.startswith("Your choices") and 'id="drug-daratumumab" checked' in chosen
    assert usual.startswith("Medicines used for Multiple myeloma") and "<strong>Abecma</strong>" in usual
    assert "<strong>Carvykti</strong>" not in usual and "<strong>Darzalex</strong>" not in usual  # each once
