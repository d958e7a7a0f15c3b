"""Clinic handout links: branded guides, staff who see only their own clinic, safe logos."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from immunoprep.clinics.models import Clinic
from immunoprep.clinics.services import demo_clinic_ensure
from immunoprep.guides.models import Guide
from tests.clinic_factories import clinic_change_form, make_clinic, make_staff

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def create_guide_from(client, clinic_slug, query="&cancer=melanoma&therapy=checkpoint-pd1"):
    response = client.get(f"/start/?clinic={clinic_slug}{query}", follow=True)
    assert response.redirect_chain[-1][0] == reverse("guides:review")
    client.post(reverse("guides:review"))
    return Guide.objects.latest("pk")


def test_guide_from_the_demo_clinic_carries_its_numbers_to_page_and_pdf(client):
    call_command("load_demo")
    page = client.get("/c/demo/")
    assert page.status_code == 200 and "Demo clinic" in page.content.decode()
    guide = create_guide_from(client, "demo")
    assert guide.clinic.slug == "demo"
    html = client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()
    assert "555-0100" in html and "555-0199" in html
    assert "Suggested by your clinic" in html
    text = pdf_text(client.get(reverse("guides:edit_pdf", args=[guide.edit_token])).content)
    assert "Riverbend Cancer Center (demo)" in text
    assert "555-0100" in text and "555-0199" in text
    clinic = Clinic.objects.get(slug="demo")
    assert (clinic.guides_started, clinic.pdfs_downloaded) == (1, 1)


def test_clinic_preset_prefills_the_steps(client):
    make_clinic("lungs", preset_cancer="nsclc", preset_therapies=["checkpoint-pd1", "with-chemo"])
    client.get("/start/?clinic=lungs", follow=True)
    state = client.session["wizard"]
    assert (state["cancer"], state["therapies"], state["clinic"]) == (
        "nsclc",
        ["checkpoint-pd1", "with-chemo"],
        "lungs",
    )


@pytest.mark.parametrize("slug", ["nowhere", "closed"])
def test_unknown_or_inactive_clinic_is_404_with_a_way_to_start(client, slug):
    make_clinic("closed", active=False)
    response = client.get(f"/c/{slug}/")
    assert response.status_code == 404
    assert "Start without a clinic" in response.content.decode()


def test_staff_see_and_edit_only_their_own_clinic(client):
    a, b = make_clinic("alpha"), make_clinic("beta")
    client.force_login(make_staff("nurse", a))
    listing = client.get("/admin/clinics/clinic/").content.decode()
    assert "Clinic ALPHA" in listing and "Clinic BETA" not in listing
    assert client.get(f"/admin/clinics/clinic/{a.pk}/change/").status_code == 200
    response = client.get(f"/admin/clinics/clinic/{b.pk}/change/")
    assert response.status_code == 302  # "doesn't exist", back to the list
    post = client.post(f"/admin/clinics/clinic/{b.pk}/change/", {"name": "Hijacked"})
    assert post.status_code in (302, 403)
    b.refresh_from_db()
    assert b.name == "Clinic BETA"
    assert client.get("/admin/clinics/clinic/add/").status_code == 403
    assert client.get(reverse("clinics:handout", args=["beta"])).status_code == 404


def test_staff_never_see_guides(client):
    make_guide_clinic = make_clinic("alpha")
    client.force_login(make_staff("nurse", make_guide_clinic))
    assert client.get("/admin/guides/guide/").status_code == 404
    assert "guide" not in client.get("/admin/").content.decode().lower().replace("guides not opened", "")


def _png(size=(40, 20)):
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.gif", b"GIF89a" + b"\0" * 20, "image/gif"), "not a PNG or JPEG"),
        (SimpleUploadedFile("logo.png", b"not really an image", "image/png"), "not a PNG or JPEG"),
        (SimpleUploadedFile("big.png", b"\x89PNG" + b"\0" * 200_000, "image/png"), "too large"),
    ],
)
def test_bad_logo_uploads_are_refused_with_a_message(admin_client, upload, message):
    clinic = make_clinic("alpha")
    response = admin_client.post(
        f"/admin/clinics/clinic/{clinic.pk}/change/", clinic_change_form(clinic, logo_upload=upload)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    clinic.refresh_from_db()
    assert not clinic.logo


def test_good_logo_is_stored_and_served(admin_client, client):
    clinic = make_clinic("alpha")
    upload = SimpleUploadedFile("logo.png", _png(), "image/png")
    response = admin_client.post(
        f"/admin/clinics/clinic/{clinic.pk}/change/", clinic_change_form(clinic, logo_upload=upload)
    )
    assert response.status_code == 302
    logo = client.get("/c/alpha/logo")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png" and logo.content == _png()


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"), reason="needs zbar-tools, poppler")
@pytest.mark.parametrize("kind", ["handout", "poster"])
def test_handout_qr_decodes_to_the_link(client, tmp_path, kind):
    clinic = demo_clinic_ensure()
    client.force_login(make_staff("nurse", clinic))
    query = "?cancer=myeloma&therapy=bispecific"
    page = client.get(reverse("clinics:handout", args=["demo"]) + query).content.decode()
    link = "http://testserver/c/demo/?cancer=myeloma&therapy=bispecific"
    assert link.replace("&", "&amp;") in page
    pdf = client.get(reverse(f"clinics:{kind}_pdf", args=["demo"]) + query).content
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert clinic.name in pdf_text(pdf)
    (tmp_path / "h.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "120", "-png", "h.pdf", "page"], cwd=tmp_path, check=True)
    png = next(tmp_path.glob("page*.png"))
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True).stdout.strip()
    assert out == link


def test_the_staff_handout_page_speaks_the_language_chosen(client):
    clinic = demo_clinic_ensure()
    client.force_login(make_staff("enfermera", clinic))
    page = client.get(reverse("clinics:handout", args=["demo"]) + "?lang=es").content.decode()
    assert '<html lang="es">' in page
    for said in (
        "Hojas informativas de",
        "Tipo de cáncer (opcional)",
        "Crear el enlace",
        "Descargar la hoja informativa",
    ):
        assert said in page
    assert "Make the link" not in page
