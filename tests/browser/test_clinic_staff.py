"""A clinic nurse logs in and builds a handout for a myeloma patient starting a bispecific."""

import io
import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect
from pypdf import PdfReader

from immunoprep.clinics.services import STAFF_GROUP, demo_clinic_ensure
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_member_logs_in_and_builds_a_handout(page):
    clinic = demo_clinic_ensure()
    nurse = User.objects.create_user("nurse.kim", password="correct horse battery", is_staff=True)
    nurse.groups.add(Group.objects.get(name=STAFF_GROUP))
    clinic.staff.add(nurse)

    page.goto(page.base_url + "/admin/")
    page.get_by_label("Username").fill("nurse.kim")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(page.base_url + "/admin/clinics/clinic/")
    page.get_by_role("link", name="Build a handout or poster").click()

    expect(page.get_by_role("heading", name=f"Handouts for {clinic.name}")).to_be_visible()
    page.get_by_label("Cancer type (optional)").select_option("myeloma")
    page.get_by_label("Treatment (optional)").select_option("bispecific")
    page.get_by_role("button", name="Make the link").click()
    link = page.locator("#handout-url")
    expect(link).to_have_text(re.compile(r"/c/demo/\?cancer=myeloma&therapy=bispecific$"))
    assert_accessible(page, "handout builder")

    href = page.get_by_role("link", name="Download the handout (PDF)").get_attribute("href")
    response = page.request.get(page.base_url + href)
    assert response.status == 200
    text = " ".join(PdfReader(io.BytesIO(response.body())).pages[0].extract_text().split())
    assert clinic.name in text and "/c/demo/?cancer=myeloma&therapy=bispecific" in text

    # The link itself works for a patient: the clinic page, pre-filled steps, the clinic's numbers.
    page.goto(link.get_attribute("href"))
    expect(page.get_by_text("555-0100")).to_be_visible()
    page.get_by_role("link", name="Start your guide").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text(clinic.name)).to_be_visible()
