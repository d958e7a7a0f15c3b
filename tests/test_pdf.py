"""The printable guide: real PDF text, styled (no WeasyPrint warnings), safe fetching."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from immunoprep.printing.fetcher import PRINT_BASE, RefusedURL, StaticOnlyFetcher
from tests.factories import make_guide

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_pdf_contains_the_chosen_questions_and_warning_signs(client):
    guide = make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))
    response = client.get(reverse("guides:edit_pdf", args=[guide.edit_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = squash(pdf_text(response.content))
    for q in guide.questions.filter(included=True):
        assert squash(q.text)[:40] in text
    assert "Call right away if" in text
    assert "not medical advice" in text


def test_pdf_embeds_our_font(client):
    guide = make_guide()
    reader = PdfReader(io.BytesIO(client.get(reverse("guides:edit_pdf", args=[guide.edit_token])).content))
    fonts = set()
    for page in reader.pages[:2]:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Atkinson" in f for f in fonts), fonts


def test_share_pdf_is_the_same_guide(client):
    guide = make_guide()
    response = client.get(reverse("guides:share_pdf", args=[guide.view_token]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_fetcher_reads_our_static_files_only():
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch(PRINT_BASE + "static/css/print.css").read().startswith(b"/*")
    for url in (
        "file:///etc/passwd",
        "https://example.com/x.css",
        PRINT_BASE + "static/../../immunoprep/settings.py",
        PRINT_BASE + "static/%2e%2e/%2e%2e/immunoprep/settings.py",
        PRINT_BASE + "other/file.css",
        "data:text/plain," + "a" * 40000,
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
