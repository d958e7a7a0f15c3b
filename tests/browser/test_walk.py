"""A person walks from the home page through the steps to a guide and its PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from immunoprep.guides.models import Guide

pytestmark = pytest.mark.django_db(transaction=True)


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
    for _ in range(3):  # tests, concerns, visit: all optional
        page.get_by_role("button", name=re.compile("Continue|Review my answers")).click()

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    page.get_by_role("button", name="Create my guide").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("visit guide")
    guide = Guide.objects.get()
    assert page.url.endswith(f"/g/{guide.edit_token}/")
    assert guide.cancer == "kidney" and guide.therapies == ["checkpoint-dual"]
    first = guide.questions.filter(included=True).first()
    expect(page.get_by_text(first.text).first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the printable guide")).click(modifiers=["Alt"])
    pdf = download_info.value.path().read_bytes()
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert first.text[:30] in text
