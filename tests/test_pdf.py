"""The printable guide, read back from the PDF itself."""

import io
import re
import shutil
import subprocess

import pdfplumber
import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from immunoprep.guides.models import GuideQuestion
from immunoprep.printing.fetcher import PRINT_BASE, RefusedURL, StaticOnlyFetcher
from immunoprep.printing.options import SECTIONS
from tests.factories import make_guide

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(content: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def get_pdf(client, guide, query="", share=False):
    name, token = ("guides:share_pdf", guide.view_token) if share else ("guides:edit_pdf", guide.edit_token)
    response = client.get(reverse(name, args=[token]) + query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def car_t_guide():
    return make_guide(cancer="myeloma", therapies=("car-t",), role="caregiver", clinician="Dr Osei")


ALL_SECTIONS = "?" + "&".join(f"section={s}" for s in SECTIONS)


def section_starts(pages, headings):
    """Every section starts a new page: the page each heading opens."""
    return [next(i for i, page in enumerate(pages) if heading in page[:60]) for heading in headings]


def test_the_default_pdf_is_a_visit_packet_with_top_three_and_when_to_call_up_front(client, car_t_guide):
    pages = pdf_pages(get_pdf(client, car_t_guide))
    text = " ".join(pages)
    packet = ["Questions for the immunotherapy visit", "When to call", "FOR THE CARE TEAM", "Questions to ask"]
    packet += ["Call right away if"]
    packet += ["Wallet card", "Symptom diary"]
    starts = section_starts(pages, packet)
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[:2] == [0, 1]
    for q in car_t_guide.questions.filter(starred=True):
        assert squash(q.text) in pages[0]
    assert "Dr Osei" in pages[0]
    # The back of the cover: emergency signs and one line per body system to call about.
    assert "Call the emergency number now for:" in pages[1] and "Call their care team right away" in pages[1]
    assert "Brain and thinking:" in pages[1]
    # Explanations, glossary and the numbered sources are one tick away, not in the packet.
    for left_out in ("About their treatment", "Words used in this guide", "Sources"):
        assert left_out not in [p[:40] for p in pages]
    assert "[1" not in text  # no source numbers without the list they point to


def test_every_section_in_order_when_chosen(client, car_t_guide):
    pages = pdf_pages(get_pdf(client, car_t_guide, ALL_SECTIONS))
    headings = ["Questions for the immunotherapy visit", "When to call", "FOR THE CARE TEAM", "Questions to ask"]
    headings += ["About their treatment"]
    headings += ["Call right away if", "Wallet card", "Symptom diary", "Words used in this guide", "Sources"]
    starts = section_starts(pages, headings)
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    text = " ".join(pages)
    assert "Because you chose CAR T-cell therapy." in text  # reasons print, quietly
    assert re.search(r"\[\d+(, \d+)*\]", text)  # source numbers, with the list printed


def test_questions_keep_the_users_order_within_each_topic(client, car_t_guide):
    topic = car_t_guide.questions.filter(included=True).values_list("topic", flat=True)
    busiest = max(set(topic), key=list(topic).count)
    first, second = car_t_guide.questions.filter(included=True, topic=busiest).order_by("position")[:2]
    first.position, second.position = second.position, first.position
    GuideQuestion.objects.bulk_update([first, second], ["position"])
    car_t_guide.version += 1
    car_t_guide.save()
    text = " ".join(pdf_pages(get_pdf(client, car_t_guide))).split("Questions to ask", 1)[1]
    assert text.index(squash(second.text)[:50]) < text.index(squash(first.text)[:50])
    numbers = [int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})\. ", text)[:12]]
    assert numbers[:5] == [1, 2, 3, 4, 5]


def test_every_warning_sign_of_the_chosen_therapy_is_printed(client, car_t_guide, kb):
    from immunoprep.guides.services import guide_profile
    from immunoprep.knowledge import suggest

    text = " ".join(pdf_pages(get_pdf(client, car_t_guide, "?section=cover")))  # other sections off
    for sign in suggest(kb, guide_profile(car_t_guide)).warning_signs:
        assert squash(sign.item.text_for("caregiver"))[:60] in text, sign.item.id
    assert "Wallet card" not in text  # sections can be left out; the warning signs cannot


def test_wallet_card_tells_emergency_staff_what_to_suspect_and_never_to_wait(client, car_t_guide):
    car_t = " ".join(pdf_pages(get_pdf(client, car_t_guide, "?section=wallet")))
    assert "I am receiving immunotherapy" in car_t
    assert "Give emergency care as needed, and please also contact my cancer team" in car_t
    assert "suspect cytokine release syndrome (CRS), neurotoxicity (ICANS) and infection" in car_t
    assert "before treating" not in car_t  # must never read as "delay emergency care"
    checkpoint = " ".join(pdf_pages(get_pdf(client, make_guide(), "?section=wallet")))
    assert "Suspect immune-related side effects in any organ" in checkpoint
    assert "ICANS" not in checkpoint.split("Wallet card", 1)[1].split("Call right away", 1)[0]


def test_the_cover_says_how_to_get_back_without_printing_the_private_link(client, car_t_guide):
    text = " ".join(pdf_pages(get_pdf(client, car_t_guide)))
    assert "To change this guide later, open the private link you saved" in text
    assert car_t_guide.edit_token not in text.replace(" ", "")


def test_the_named_drug_is_on_the_cover_the_guide_page_and_the_wallet_card(client):
    guide = make_guide(cancer="myeloma", therapies=("car-t",), drugs=("ciltacabtagene-autoleucel",))
    pages = pdf_pages(get_pdf(client, guide, "?section=cover&section=wallet"))
    assert "CAR T-cell therapy: Carvykti (ciltacabtagene autoleucel)" in pages[0]
    wallet = " ".join(pages).split("Wallet card", 1)[1]
    assert "Drug: Carvykti (ciltacabtagene autoleucel)" in wallet
    page = client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()
    assert "Carvykti (ciltacabtagene autoleucel)" in page
    # Its label's own warning signs are there, and no other CAR T product's.
    assert "If you got ciltacabtagene autoleucel (Carvykti)" in " ".join(pages)


def test_source_list_shows_publisher_title_date_and_deep_link_of_allowed_publishers(client, kb):
    from immunoprep.guides.content import guide_content

    guide = make_guide(cancer="b-cell-lymphoma", therapies=("monoclonal-antibody", "car-t"))
    text = " ".join(pdf_pages(get_pdf(client, guide, "?section=sources")))
    listed = text.split("Sources", 1)[1]
    sources = guide_content(guide, kb).sources
    assert len(sources) > 10
    for source in sources:
        assert squash(f"{source.publisher}. {source.title_sentence}")[:60] in listed, source.id
        assert source.url[:40] in listed.replace(" ", ""), source.id
    dated = [s for s in sources if s.date_label]
    assert dated and f"Dated {dated[0].date_label}." in listed
    for banned in ("Seed article", "shared/seeds", "CancerFax", "drvikeshshah", "PubCompare", "Fortune Journals"):
        assert banned not in listed


def test_glossary_lists_only_terms_the_guide_uses(client, kb):
    from immunoprep.guides.content import guide_content

    guide = make_guide(cancer="bladder", therapies=("bcg",))
    text = " ".join(pdf_pages(get_pdf(client, guide, "?section=glossary")))
    glossary = text.split("Words used in this guide", 1)[1].split("Sources", 1)[0]
    used = {t.id for t in guide_content(guide, kb).terms}
    assert "bcg" in used and 5 < len(used) < len(kb.terms) / 2
    for term in kb.terms:
        definition = squash(term.definition)[:50]
        assert (definition in glossary) == (term.id in used), term.id


def test_fonts_embedded_tagged_with_language_title_and_letter_size(client, car_t_guide):
    reader = PdfReader(io.BytesIO(get_pdf(client, car_t_guide)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert "immunotherapy" in reader.metadata.title
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Atkinson" in f for f in fonts)


def test_a4_and_large_print(client, car_t_guide):
    reader = PdfReader(io.BytesIO(get_pdf(client, car_t_guide, "?paper=a4&size=large")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    with pdfplumber.open(io.BytesIO(get_pdf(client, car_t_guide, "?paper=a4&size=large&section=about"))) as pdf:
        sizes = [round(c["size"], 1) for c in pdf.pages[1].chars if c["text"].strip()]
    body = max(set(sizes), key=sizes.count)
    assert body >= 18
    assert max(sizes) >= 22


def test_standard_print_body_is_at_least_12pt(client, car_t_guide):
    with pdfplumber.open(io.BytesIO(get_pdf(client, car_t_guide, "?section=about"))) as pdf:
        sizes = [round(c["size"], 1) for c in pdf.pages[1].chars if c["text"].strip()]
    assert max(set(sizes), key=sizes.count) >= 12


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"), reason="needs zbar-tools, poppler")
def test_cover_qr_code_opens_the_share_link_never_the_edit_link(client, car_t_guide, tmp_path):
    (tmp_path / "guide.pdf").write_bytes(get_pdf(client, car_t_guide, share=True))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "guide.pdf", "page"], cwd=tmp_path, check=True
    )
    png = next(tmp_path.glob("page*.png"))
    # zbarimg prints a harmless D-Bus message on stderr; the decoded text is on stdout.
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
    assert out == "http://testserver" + reverse("guides:share", args=[car_t_guide.view_token])
    assert car_t_guide.edit_token not in out


def test_hostile_input_prints_as_text_and_fetches_nothing(client):
    guide = make_guide(clinician='<img src="file:///etc/passwd"><script>x</script>')
    q = guide.questions.filter(included=True).first()
    q.answer = '<link rel="stylesheet" href="https://evil.example/x.css">'
    q.save()
    text = " ".join(pdf_pages(get_pdf(client, guide)))
    assert '<img src="file:///etc/passwd">' in text
    assert "evil.example/x.css" in text
    assert "root:x:0:0" not in text  # the no-warnings fixture also proves nothing was fetched


def test_repeat_download_is_cached_and_an_edit_makes_a_new_pdf(client, car_t_guide, monkeypatch):
    first = get_pdf(client, car_t_guide)
    from immunoprep.guides import printout as render

    def boom(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(render, "render_in_child", boom)
    assert get_pdf(client, car_t_guide) == first
    monkeypatch.undo()
    client.post(
        reverse("guides:note", args=[car_t_guide.edit_token]),
        {"note": "Ask about parking", "version": car_t_guide.version},
    )
    assert "Ask about parking" in " ".join(pdf_pages(get_pdf(client, car_t_guide)))


def test_a_failed_render_gives_a_friendly_page_with_retry(client, car_t_guide, monkeypatch):
    from immunoprep.guides import printout as render
    from immunoprep.printing.worker import RenderFailed

    def fail(*args, **kwargs):
        raise RenderFailed("timeout")

    cache.clear()
    monkeypatch.setattr(render, "render_in_child", fail)
    response = client.get(reverse("guides:edit_pdf", args=[car_t_guide.edit_token]) + "?paper=a4")
    assert response.status_code == 503
    assert "Try again" in response.content.decode()
    assert "paper=a4" in response.content.decode()


def test_a_render_that_overruns_is_stopped():
    from immunoprep.printing.worker import RenderFailed, render_in_child

    page = '<html lang="en"><title>t</title><p>{}</p></html>'
    with pytest.raises(RenderFailed):
        render_in_child(page.format("word " * 400_000), (), timeout=0.5)
    assert render_in_child(page.format("still works"), ()).startswith(b"%PDF")


def test_fetcher_reads_our_static_files_only():
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch(PRINT_BASE + "static/css/print.css").read().startswith(b"/*")
    for url in (
        "file:///etc/passwd",
        "https://example.com/x.css",
        PRINT_BASE + "static/../../immunoprep/settings.py",
        PRINT_BASE + "static/%2e%2e/%2e%2e/immunoprep/settings.py",
        PRINT_BASE + "other/file.css",
        "data:text/plain," + "a" * 200_000,
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


@pytest.mark.parametrize("query", ["", "?lang=es"])  # Spanish: its When to call sheet is laid out twice
def test_pdfua_finds_no_errors(client, car_t_guide, tmp_path, query):
    from pdfua import Severity, validate

    path = tmp_path / "guide.pdf"
    path.write_bytes(get_pdf(client, car_t_guide, query))
    findings = validate(str(path)).findings
    errors = [f"{f.rule_id}: {f.message}" for f in findings if f.severity == Severity.ERROR]
    assert not errors
    # Known and accepted: WeasyPrint does not write /Scope for the diary's header cells.
    assert {f.rule_id for f in findings} <= {"UA-15-003"}


PACKET_PROFILES = [
    {"cancer": "melanoma", "therapies": ("checkpoint-pd1",)},
    {"cancer": "melanoma", "therapies": ("checkpoint-dual",), "biomarkers": ("braf",)},
    {"cancer": "nsclc", "therapies": ("checkpoint-pd1",), "biomarkers": ("pd-l1",), "concerns": ("daily-life",)},
    {"cancer": "myeloma", "therapies": ("car-t",), "role": "caregiver", "drugs": ("ciltacabtagene-autoleucel",)},
    {"cancer": "b-cell-lymphoma", "therapies": ("car-t",), "biomarkers": ("cd19",)},
    {"cancer": "myeloma", "therapies": ("bispecific",), "concerns": ("vaccines", "cost")},
    {"cancer": "b-cell-lymphoma", "therapies": ("monoclonal-antibody",)},
    {"cancer": "bladder", "therapies": ("bcg",)},
    {"cancer": "prostate", "therapies": ("vaccine",)},
    {"cancer": "kidney", "therapies": ("cytokine",), "role": "caregiver"},
]


@pytest.mark.parametrize("profile", PACKET_PROFILES, ids=lambda p: "-".join([p["cancer"], *p["therapies"]]))
def test_the_visit_packet_for_one_treatment_is_at_most_ten_letter_pages(client, profile):
    pdf = get_pdf(client, make_guide(**profile))
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 10


def test_large_print_reaches_the_wallet_card(client, car_t_guide):
    def card_text_size(query):
        with pdfplumber.open(io.BytesIO(get_pdf(client, car_t_guide, query))) as pdf:
            page = next(p for p in pdf.pages if "Wallet card" in (p.extract_text() or "")[:40])
            words = page.extract_words(extra_attrs=["size"])
            start = next(i for i, w in enumerate(words) if w["text"] == "emergency")  # "For emergency staff"
            sizes = [round(w["size"], 1) for w in words[start:]]
        return max(set(sizes), key=sizes.count)

    assert card_text_size("?section=wallet") < 10  # a real wallet card: small print by default
    assert card_text_size("?section=wallet&size=large") >= 12


def test_a_clinics_new_phone_number_reaches_the_next_pdf_and_page(client):
    from immunoprep.clinics.services import demo_clinic_ensure

    clinic = demo_clinic_ensure()
    guide = make_guide(clinic=clinic)
    first = " ".join(pdf_pages(get_pdf(client, guide, share=True)))
    assert "555-0199" in first
    client.get(reverse("guides:share", args=[guide.view_token]))  # the page is cached too
    clinic.phone_after_hours = "555-0777"
    clinic.save()
    guide.refresh_from_db()
    assert "555-0777" in " ".join(pdf_pages(get_pdf(client, guide, share=True)))
    assert "555-0777" in client.get(reverse("guides:share", args=[guide.view_token])).content.decode()


def test_the_when_to_call_sheet_is_set_tighter_only_when_it_would_run_onto_a_second_page(client):
    # The fridge sheet: Spanish runs about a quarter longer, and its checkpoint sheet ran two
    # lines onto a page of its own. Such a sheet is laid out again, tighter; others are not.
    guide = make_guide()
    sizes = {}
    for lang, sheet, box, after in (
        ("en", "When to call", "Always remember", "Call right away if"),
        ("es", "Cuándo llamar", "Recuerde siempre", "Llame de inmediato si"),
    ):
        content = get_pdf(client, guide, f"?section=cover&lang={lang}")  # the warning signs print too
        pages = pdf_pages(content)
        assert pages[1].startswith(sheet) and box in pages[1] and pages[2].startswith(after), lang
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            sizes[lang] = {round(ch["size"], 1) for ch in pdf.pages[1].chars if ch["text"] == "•"}
    assert sizes == {"en": {11.5}, "es": {11.0}}
