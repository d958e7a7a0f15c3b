"""On a phone, a family switches to Spanish mid-way: same step, answers kept, all in Spanish."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_to_spanish_keeps_the_step_and_the_answers(phone_page):
    page = phone_page
    page.goto(page.base_url + "/start/who/")
    page.locator("#role-caregiver").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.locator("#cancer-melanoma").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 3 of 6")).to_be_visible()

    page.get_by_role("link", name="Español").click()
    expect(page.get_by_text("Paso 3 de 6")).to_be_visible()
    assert page.url.endswith("/start/treatment/?lang=es")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert_accessible(page, "Spanish treatment step")
    page.get_by_role("button", name="Atrás").click()
    expect(page.locator("#cancer-melanoma")).to_be_checked()  # the answer is still there
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
