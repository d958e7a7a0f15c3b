"""axe finds nothing on any step, error state or the editor, at phone and desktop widths."""

import pytest

from tests.browser.axe import assert_accessible
from tests.factories import make_guide

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [360, 1280]
STEPS = ["who", "cancer", "treatment", "tests", "concerns", "visit"]


@pytest.mark.parametrize("width", WIDTHS)
def test_home_and_every_step(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + "/")
    assert_accessible(page, "home")
    page.goto(page.base_url + "/start/?cancer=melanoma")  # a chosen cancer shows the "often used" badges
    for step in STEPS:
        page.goto(page.base_url + f"/start/{step}/")
        assert_accessible(page, step)
    page.goto(page.base_url + "/start/?cancer=melanoma&therapy=checkpoint-pd1")
    assert_accessible(page, "review")


@pytest.mark.parametrize("width", WIDTHS)
def test_error_states(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for step in ("who", "cancer", "treatment"):
        page.goto(page.base_url + f"/start/{step}/")
        page.get_by_role("button", name="Continue").click()
        page.locator(".error-summary").wait_for()
        assert_accessible(page, f"{step} error")


@pytest.mark.parametrize("width", WIDTHS)
def test_editor_share_and_errors(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    guide = make_guide(cancer="b-cell-lymphoma", therapies=("car-t",), role="caregiver")
    page.goto(page.base_url + f"/g/{guide.edit_token}/")
    page.locator(".more-questions summary").click()
    page.locator(".question-details summary").first.click()
    assert_accessible(page, "editor")
    page.get_by_label("Add your own question").fill("")
    page.get_by_role("button", name="Add question").click()
    page.locator("#add-question-error").wait_for()
    assert_accessible(page, "editor error")
    q = guide.questions.filter(included=True, starred=False).first()
    page.locator(f"#q-{q.pk}-star").click()  # refused: the fourth star, with a swap offer
    page.locator(f"#notice-q-{q.pk}").wait_for()
    assert_accessible(page, "refused star")
    page.goto(page.base_url + "/")
    assert_accessible(page, "home")
    page.goto(page.base_url + f"/s/{guide.view_token}/")
    assert_accessible(page, "share page")
    page.goto(page.base_url + f"/g/{guide.edit_token}/delete/")
    assert_accessible(page, "delete confirmation")
    page.goto(page.base_url + f"/g/{guide.edit_token}/after/")
    assert_accessible(page, "after the visit")
    page.get_by_label("Next appointment").fill("1999-01-01")  # refused: before 2000
    page.get_by_role("button", name="Save the plan").click()
    page.locator(".error-summary").wait_for()
    assert_accessible(page, "after the visit, error")
    page.goto(page.base_url + f"/s/{guide.view_token}/after/")
    assert_accessible(page, "after the visit, read-only")
