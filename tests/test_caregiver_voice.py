"""One voice: a guide a caregiver makes speaks to the caregiver about "the person you care
for", on every page and in the PDF, never as if the reader were the patient."""

import html
import io
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from pypdf import PdfReader

from immunoprep.printing.options import SECTIONS
from tests.factories import make_guide

pytestmark = pytest.mark.django_db

# Phrases that only make sense said to the patient.
PATIENT_VOICE = re.compile(
    r"\b(your (cancer|treatment|care team|body|skin|face|eyes|immune system|blood|heart|lungs|liver|kidneys"
    r"|infusion|dose|last dose|drug|medicines?|temperature|urine|stools?)"
    r"|my (cancer|treatment|immunotherapy|doctor|care team|top 3)"
    r"|you have had|if you get|if you got|you feel|you are not yourself|prepared by the patient"
    r"|(call|tell|ask) your (care team|team|doctor|nurse))\b",
    re.I,
)
CAREGIVER_PROFILES = [
    {"cancer": "myeloma", "therapies": ("car-t",), "drugs": ("ciltacabtagene-autoleucel",)},
    {"cancer": "melanoma", "therapies": ("checkpoint-pd1",)},
    {"cancer": "bladder", "therapies": ("bcg",)},
    {"cancer": "b-cell-lymphoma", "therapies": ("monoclonal-antibody",), "drugs": ("rituximab",)},
]


def without_source_titles(page_html: str) -> str:
    """Source titles are the publishers' own words, quoted: not ours to voice."""
    return re.sub(r'<section aria-labelledby="sources-heading".*?</section>', "", page_html, flags=re.S)


def patient_voice(text: str) -> list[str]:
    text = " ".join(text.split())
    return [text[max(0, m.start() - 50) : m.end() + 20] for m in PATIENT_VOICE.finditer(text)]


@pytest.mark.parametrize("profile", CAREGIVER_PROFILES, ids=lambda p: p["cancer"])
def test_a_caregivers_guide_page_and_pdf_speak_to_the_caregiver(client, profile):
    guide = make_guide(role="caregiver", **profile)
    for url in (reverse("guides:edit", args=[guide.edit_token]), reverse("guides:share", args=[guide.view_token])):
        page = html.unescape(strip_tags(without_source_titles(client.get(url).content.decode())))
        assert not patient_voice(page), patient_voice(page)[:5]
    query = "?" + "&".join(f"section={s}" for s in SECTIONS if s != "wallet")  # the card is the patient's own
    pdf = client.get(reverse("guides:edit_pdf", args=[guide.edit_token]) + query).content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = text.rsplit("Sources", 1)[0]  # the numbered source list comes last
    assert "Words used in this guide" in text
    assert not patient_voice(text), patient_voice(text)[:5]


def test_the_scan_finds_patient_voice(client):
    """The same guide made by the patient does speak to them: the scan is not blind."""
    guide = make_guide(role="patient", **CAREGIVER_PROFILES[1])
    page = html.unescape(strip_tags(client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()))
    assert patient_voice(page)


def test_the_steps_ask_a_caregiver_about_the_person_they_care_for(client):
    client.post(reverse("guides:step", args=["who"]), {"role": "caregiver"})
    client.post(reverse("guides:step", args=["cancer"]), {"cancer": "melanoma"})
    for slug in ("treatment", "tests", "concerns", "visit"):
        page = html.unescape(strip_tags(client.get(reverse("guides:step", args=[slug])).content.decode()))
        assert not patient_voice(page), (slug, patient_voice(page)[:3])
        assert "Which tests have you had?" not in page and "What matters most to you?" not in page
    tests_page = client.get(reverse("guides:step", args=["tests"])).content.decode()
    assert "Which tests has the person you care for had?" in tests_page


def test_clinic_questions_speak_in_the_caregivers_voice(client):
    from immunoprep.clinics.services import demo_clinic_ensure

    clinic = demo_clinic_ensure()
    guide = make_guide(role="caregiver", clinic=clinic)
    texts = list(guide.questions.filter(from_clinic=True).values_list("text", flat=True))
    assert "Who at this clinic should we call first if they feel unwell at night?" in texts
    patient = make_guide(role="patient", clinic=clinic)
    assert "Who at this clinic should I call first if I feel unwell at night?" in patient.questions.values_list(
        "text", flat=True
    )
