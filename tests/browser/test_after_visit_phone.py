"""After the visit, on a phone: write an answer, write the plan, tick what you can say back,
and get the summary."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from immunoprep.guides.models import Guide
from tests.factories import make_guide

pytestmark = pytest.mark.django_db(transaction=True)


def test_after_the_visit_on_a_phone(phone_page):
    page = phone_page
    guide = make_guide(cancer="myeloma", therapies=("car-t",))
    q = guide.questions.filter(included=True).first()
    page.goto(page.base_url + f"/g/{guide.edit_token}/")
    page.locator(f"#q-{q.pk} .question-details summary").first.click()
    page.locator(f"#q-{q.pk}-answer").fill("Stay within 2 hours of the center for 2 weeks.")
    page.locator(f"#q-{q.pk}-save").click()
    expect(page.locator("#editor-status")).to_have_text("Saved.")

    page.get_by_role("link", name="After the visit: write down the answers and the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("After the visit")
    expect(page.locator(".answers")).to_contain_text("Stay within 2 hours of the center for 2 weeks.")
    page.get_by_label("Next treatment", exact=True).fill("2026-12-17")
    page.get_by_label("Tests before the next treatment").fill("Blood counts")
    page.get_by_label("Number to call at night and at weekends").fill("555-0199")
    page.get_by_label("Which number I call at night or at the weekend").check()
    page.get_by_role("button", name="Save the plan").click()

    expect(page.get_by_text("Your plan was saved.")).to_be_visible()
    expect(page.get_by_label("Which number I call at night or at the weekend")).to_be_checked()
    saved = Guide.objects.get(pk=guide.pk)
    assert (saved.tests_before, saved.night_number, saved.teach_back) == ("Blood counts", "555-0199", ["night-number"])
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    link = page.get_by_role("link", name="Download the after-visit summary (PDF)")
    pdf = page.request.get(page.base_url + link.get_attribute("href")).body()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Stay within 2 hours of the center for 2 weeks." in text and "555-0199" in text
