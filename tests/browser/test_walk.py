"""A person walks from the home page through the steps to a guide and its PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from immunoprep.guides.models import Guide

pytestmark = pytest.mark.django_db(transaction=True)


FORM_URL = "f => f.action + '?' + new URLSearchParams(new FormData(f)).toString()"


def test_home_to_steps_to_guide_to_pdf(page):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Start your guide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is this guide for?")
    page.get_by_label("I am the patient", exact=False).first.check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.get_by_label("Type to filter the list").fill("kidney")
    page.locator("#cancer-kidney").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_text("Step 3 of 6")).to_be_visible()
    assert re.search(r"/start/treatment/$", page.url)
    page.locator("#therapy-checkpoint-dual").check()
    page.get_by_role("button", name="Continue").click()
    for step in (4, 5, 6):  # tests, concerns, visit: all optional
        # Wait for each page: a click while the last one is still leaving is lost.
        expect(page.get_by_text(f"Step {step} of 6")).to_be_visible()
        page.get_by_role("button", name=re.compile("Continue|Review my answers")).click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="Create my guide").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("visit guide")
    guide = Guide.objects.get()
    assert page.url.endswith(f"/g/{guide.edit_token}/")
    assert guide.cancer == "kidney" and guide.therapies == ["checkpoint-dual"]
    first = guide.questions.filter(included=True).first()
    expect(page.get_by_text(first.text).first).to_be_visible()

    # The one download button sends the print options beside it (the browser shows the PDF
    # inline, so fetch what that form submits).
    expect(page.get_by_role("button", name=re.compile("Download the printable guide"))).to_be_visible()
    url = page.evaluate(FORM_URL, page.locator("form.print-options").element_handle())
    assert "size=standard" in url and "section=wallet" in url
    pdf = page.request.get(url).body()
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert first.text[:30] in text


def test_whole_walk_and_editing_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/start/")
    page.locator("#role-caregiver").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    expect(page.get_by_label("Type to filter the list")).to_be_hidden()  # needs JavaScript
    page.locator("#cancer-myeloma").check()
    page.get_by_role("button", name="Continue").click()
    page.locator("#therapy-car-t").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 4 of 6")).to_be_visible()
    page.get_by_role("button", name="Back").click()  # back keeps the answer
    expect(page.locator("#therapy-car-t")).to_be_checked()
    page.get_by_role("button", name="Continue").click()
    page.locator("#biomarkers-bcma").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 5 of 6")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Who you will see (optional)").fill("Dr <b>Lee</b>")
    page.get_by_role("button", name="Review my answers").click()
    expect(page.get_by_text("with Dr <b>Lee</b>")).to_be_visible()  # typed text shown as text
    page.get_by_role("button", name="Create my guide").click()

    guide = Guide.objects.get()
    assert (guide.role, guide.cancer, guide.therapies, guide.biomarkers) == (
        "caregiver",
        "myeloma",
        ["car-t"],
        ["bcma"],
    )
    page.get_by_label("Add your own question").fill("Who drives us home?")
    page.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("Your question was added.")).to_be_visible()
    own = guide.questions.get(kb_id="")
    page.locator(f"#q-{own.pk}-star").click()
    # Without JavaScript the refusal comes back as the guide page, the message at that star.
    expect(page.locator(f"#q-{own.pk} .notice-error")).to_contain_text("You already have 3 top-priority questions")
    assert not guide.questions.get(kb_id="").starred
    page.reload()  # a reload shows the guide, never an error page
    expect(page.get_by_role("heading", name=re.compile("Visit guide"))).to_be_visible()
    context.close()


def test_keyboard_only_walk(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Español")).to_be_focused()  # the language chooser
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Start your guide")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()

    def tab_to(locator):
        for _ in range(60):
            if locator.evaluate("el => el === document.activeElement"):
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"could not reach {locator} by keyboard")

    tab_to(page.locator("#role-patient"))
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # submits the form with the first button: Continue
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    tab_to(page.locator("#cancer-filter"))
    page.keyboard.type("merkel")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#cancer-merkel-cell")).to_be_checked()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 3 of 6")).to_be_visible()
    tab_to(page.locator("#therapy-checkpoint-pdl1"))
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    for step in (4, 5, 6):
        expect(page.get_by_text(f"Step {step} of 6")).to_be_visible()
        tab_to(page.get_by_role("button", name=re.compile("Continue|Review my answers")))
        page.keyboard.press("Enter")
    tab_to(page.get_by_role("button", name="Create my guide"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your visit guide")).to_be_visible()
    assert Guide.objects.get().cancer == "merkel-cell"


def test_live_count_updates_as_treatments_are_ticked(page):
    page.goto(page.base_url + "/start/?cancer=myeloma")
    page.goto(page.base_url + "/start/treatment/")
    count = page.locator("#live-count")
    expect(count).to_contain_text("Choose a treatment")
    page.locator("#therapy-bispecific").check()
    expect(count).to_contain_text("Your guide so far")
    before = count.inner_text()
    page.locator("#therapy-car-t").check()
    expect(count).not_to_have_text(before)
