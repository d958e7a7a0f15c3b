"""On a phone, a family switches to Spanish mid-way: same step, answers kept, all in Spanish."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_to_spanish_keeps_the_step_and_the_answers(phone_page):
    page = phone_page
    page.goto(page.base_url + "/start/who/")
    page.locator("#role-caregiver").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.locator("#cancer-melanoma").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 3 of 6")).to_be_visible()

    page.get_by_role("link", name="Español").click()
    expect(page.get_by_text("Paso 3 de 6")).to_be_visible()
    assert page.url.endswith("/start/treatment/?lang=es")
    assert page.evaluate("document.documentElement.lang") == "es"
    assert_accessible(page, "Spanish treatment step")
    page.get_by_role("button", name="Atrás").click()
    expect(page.locator("#cancer-melanoma")).to_be_checked()  # the answer is still there
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


FORM_URL = "f => f.action + '?' + new URLSearchParams(new FormData(f)).toString()"


def test_the_whole_walk_in_spanish_from_a_clinic_link_to_the_pdf(phone_page):
    import io

    from pypdf import PdfReader

    from immunoprep.guides.models import Guide
    from tests.clinic_factories import make_clinic

    make_clinic("norte", name="Clínica Norte", phone_daytime="555-0123")
    page = phone_page
    page.goto(page.base_url + "/c/norte/?lang=es")
    page.get_by_role("link", name="Empezar su guía").click()
    expect(page.get_by_text("Paso 1 de 6")).to_be_visible()
    page.locator("#role-patient").check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("Paso 2 de 6")).to_be_visible()
    page.get_by_label("Escriba para filtrar la lista").fill("pulmon")  # accents do not count
    expect(page.locator("#cancer-nsclc")).to_be_visible()
    expect(page.locator(".filter-status")).to_contain_text("resultados")
    page.get_by_label("Escriba para filtrar la lista").fill("piel")
    page.locator("#cancer-melanoma").check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("Paso 3 de 6")).to_be_visible()
    page.locator("#therapy-checkpoint-pd1").check()
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("Paso 4 de 6")).to_be_visible()
    page.get_by_role("button", name="No lo sé").click()
    expect(page.get_by_text("Paso 5 de 6")).to_be_visible()
    page.get_by_role("button", name="Saltar este paso").click()
    expect(page.get_by_text("Paso 6 de 6")).to_be_visible()
    page.get_by_role("button", name="Revisar mis respuestas").click()
    expect(page.get_by_role("heading", name="Revise sus respuestas")).to_be_visible()
    page.get_by_role("button", name="Crear mi guía").click()

    expect(page.get_by_text("Usted tiene derecho a un intérprete médico gratis")).to_be_visible()
    guide = Guide.objects.get()
    assert guide.lang == "es" and guide.clinic.slug == "norte"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    url = page.evaluate(FORM_URL, page.locator("form.print-options").element_handle())
    pdf = page.request.get(url).body()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert "Preguntas para mi cita de inmunoterapia" in text and "Tarjeta para la billetera" in text
    assert "For emergency staff" in text and "Clínica Norte" in text and "555-0123" in text
