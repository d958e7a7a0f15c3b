"""Issue-10 walks at 360 px, as a 67-year-old who knows only "Keytruda" and a husband whose
wife is getting "Carvykti" would take them, with JavaScript on."""

import re

import pytest
from playwright.sync_api import expect

from immunoprep.guides.models import Guide
from tests.factories import make_guide

pytestmark = pytest.mark.django_db(transaction=True)


def search_medicine(page, typed):
    page.get_by_label(re.compile("Type the name you heard or read")).fill(typed)


def test_find_a_drug_by_brand_name_and_by_a_typo(phone_page):
    page = phone_page
    page.goto(page.base_url + "/start/?cancer=melanoma&role=patient")
    page.goto(page.base_url + "/start/treatment/")
    search_medicine(page, "keytrda")
    expect(page.locator("#drug-results")).to_contain_text("Keytruda")
    page.locator("#drug-pembrolizumab").check()
    search_medicine(page, "Keytruda")  # the live list keeps what was ticked
    expect(page.locator("#drug-pembrolizumab")).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 4 of 6")).to_be_visible()
    page.get_by_role("button", name="I don't know").click()
    page.get_by_role("button", name="Skip this step").click()
    page.get_by_role("button", name="Review my answers").click()
    expect(page.get_by_text("Keytruda (pembrolizumab)")).to_be_visible()
    page.get_by_role("button", name="Create my guide").click()
    expect(page.locator(".profile-line")).to_contain_text("Keytruda (pembrolizumab)")
    guide = Guide.objects.get()
    assert guide.drugs == ["pembrolizumab"] and guide.therapies == ["checkpoint-pd1"]


def test_a_caregiver_finds_carvykti_among_the_myeloma_medicines(phone_page):
    page = phone_page
    page.goto(page.base_url + "/start/?cancer=myeloma&role=caregiver")
    page.goto(page.base_url + "/start/treatment/")
    expect(page.locator("#drug-ciltacabtagene-autoleucel")).to_be_visible()  # listed before any search
    search_medicine(page, "carvikti")
    expect(page.locator("#drug-results")).to_contain_text("Carvykti")


@pytest.fixture
def guide():
    return make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))


def test_a_refused_star_says_why_beside_the_star_with_focus_there_and_offers_a_swap(phone_page, guide):
    page = phone_page
    page.goto(page.base_url + f"/g/{guide.edit_token}/")
    q = guide.questions.filter(included=True, starred=False).order_by("position").first()
    page.locator(f"#q-{q.pk}-star").click()
    notice = page.locator(f"#notice-q-{q.pk}")
    expect(notice).to_contain_text("You already have 3 top-priority questions")
    expect(notice).to_be_focused()
    # The notice is where the finger was: within a screen of the star.
    star_box = page.locator(f"#q-{q.pk}-star").bounding_box()
    assert abs(notice.bounding_box()["y"] - star_box["y"]) < 400
    other = guide.questions.filter(starred=True).first()
    page.locator(f"#q-{q.pk}-swap-{other.pk}").click()
    expect(page.locator(f"#q-{q.pk}-star")).to_have_attribute("aria-pressed", "true")
    q.refresh_from_db()
    other.refresh_from_db()
    assert q.starred and not other.starred


def test_remove_then_undo_restores_the_question(phone_page, guide):
    page = phone_page
    page.goto(page.base_url + f"/g/{guide.edit_token}/")
    q = guide.questions.filter(included=True, starred=False).order_by("position").first()
    page.locator(f"#q-{q.pk}-toggle").click()
    expect(page.locator(f"#notice-q-{q.pk}")).to_contain_text("Removed from your questions.")
    q.refresh_from_db()
    assert not q.included
    page.locator(f"#q-{q.pk}-undo").click()
    expect(page.locator(f"#q-{q.pk}-toggle")).to_have_text(re.compile("^Remove"))
    q.refresh_from_db()
    assert q.included
