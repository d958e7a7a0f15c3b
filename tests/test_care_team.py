"""The page for the care team: one page to hand in at check-in, printed with the guide (right
after the cover sheet) or alone."""

import pytest

from immunoprep.guides.models import Guide
from tests.clinic_factories import make_clinic
from tests.factories import make_guide
from tests.test_pdf import get_pdf, pdf_pages

pytestmark = pytest.mark.django_db


def care_team_pages(client, guide, query="?section=care-team"):
    return pdf_pages(get_pdf(client, guide, query))


@pytest.mark.parametrize("size", ["standard", "large"])
def test_printed_alone_it_is_one_page_with_the_top_three_and_the_ask(client, size):
    guide = make_guide(cancer="myeloma", therapies=("car-t",), drugs=("ciltacabtagene-autoleucel",))
    pages = care_team_pages(client, guide, f"?section=care-team&size={size}")
    assert len(pages) == 1
    page = pages[0]
    top = list(guide.questions.filter(starred=True, included=True))
    assert len(top) == 3
    for q in top:
        assert q.text in page
    assert "Please go through these questions with me" in page
    assert "Going through them together helps me understand and remember the answers." in page
    assert "Carvykti (ciltacabtagene autoleucel)" in page
    assert "Call right away if" not in page  # alone, it is only the sheet for the clinician


def test_in_the_default_packet_it_follows_the_cover_sheet(client):
    pages = pdf_pages(get_pdf(client, make_guide(therapies=("checkpoint-pd1",))))
    assert pages[1].startswith("When to call") and pages[2].startswith("FOR THE CARE TEAM")


def test_it_says_who_is_there_what_matters_and_the_clinic(client):
    clinic = make_clinic("lakeside", name="Lakeside Cancer Centre")
    guide = make_guide(concerns=("side-effects",), clinic=clinic)
    Guide.objects.filter(pk=guide.pk).update(companion="someone", matters="Being well for my <b>daughter's</b> wedding")
    guide.refresh_from_db()
    page = care_team_pages(client, guide)[0]
    assert "FOR THE CARE TEAM · LAKESIDE CANCER CENTRE" in page
    assert "The patient, with a family member or friend." in page
    assert "Being well for my <b>daughter's</b> wedding" in page  # typed text printed as text
    assert "What matters most to me" in page and "Side effects" in page


def test_a_caregiver_asks_for_us(client):
    page = care_team_pages(client, make_guide(therapies=("car-t",), role="caregiver"))[0]
    assert "Please go through these questions with us" in page
    assert "A caregiver is here with the patient" in page and "What matters most to us" in page


def test_the_guide_page_links_to_the_page_alone(client):
    import re

    from django.urls import reverse

    guide = make_guide()
    html = client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()
    href = re.search(r'href="([^"]*\?section=care-team[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "Print only the page for the care team" in html
    assert len(pdf_pages(client.get(href).content)) == 1
