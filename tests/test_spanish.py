"""A Spanish-speaking family uses the whole site in Spanish: pages, guide and printout."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from immunoprep.guides.models import Guide, GuideQuestion
from immunoprep.knowledge import get_knowledge_base
from tests.clinic_factories import make_clinic
from tests.test_pdf import pdf_pages

pytestmark = pytest.mark.django_db

INTERPRETER = "Usted tiene derecho a un intérprete médico gratis en sus citas."


def make_spanish_guide(client, query="cancer=melanoma&therapy=checkpoint-pd1"):
    client.get(f"/start/?{query}&lang=es")
    response = client.post(reverse("guides:review"))
    assert response.status_code == 302
    return Guide.objects.latest("pk")


def test_lang_in_any_link_switches_the_page_and_is_remembered(client):
    response = client.get("/?lang=es")
    html = response.content.decode()
    assert '<html lang="es">' in html and "Llegue a su cita de inmunoterapia con todo preparado" in html
    assert response.cookies["django_language"].value == "es"
    assert '<span lang="es" aria-current="true">Español</span>' in html
    assert 'href="/?lang=en"' in html  # the chooser keeps the page
    assert '<html lang="es">' in client.get("/").content.decode()  # the choice is kept


def test_a_guide_made_in_spanish_speaks_spanish(client):
    guide = make_spanish_guide(client)
    es = get_knowledge_base("es")
    assert guide.lang == "es"
    first = guide.questions.filter(included=True).first()
    assert first.text in {q.text_for("patient") for q in es.questions}
    html = client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()
    assert "Su guía para la cita" in html and INTERPRETER in html
    assert first.text in html


def test_switching_language_keeps_every_edit_and_own_questions_stay_as_typed(client):
    guide = make_spanish_guide(client)
    first = guide.questions.filter(included=True, kb_id__gt="").first()
    first.answer = "Cada 3 semanas."
    first.save()
    GuideQuestion.objects.create(guide=guide, position=0, text="¿Puedo seguir trabajando?", topic="own")
    html = client.get(reverse("guides:edit", args=[guide.edit_token]) + "?lang=en").content.decode()
    english = get_knowledge_base("en")
    assert next(q.text_for("patient") for q in english.questions if q.id == first.kb_id) in html
    assert "Cada 3 semanas." in html and "¿Puedo seguir trabajando?" in html
    assert "Your visit guide" in html and '<html lang="en">' in html


def test_the_spanish_printout_is_spanish_with_an_english_card_back_for_emergency_staff(client):
    guide = make_spanish_guide(client)
    pdf = client.get(reverse("guides:edit_pdf", args=[guide.edit_token])).content
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "es"
    text = " ".join(pdf_pages(pdf))
    assert "Preguntas para mi cita de inmunoterapia" in text and INTERPRETER in text
    assert "For emergency staff" in text and "Para el personal de emergencias" not in text
    assert "Call the emergency number now" not in text and "because you chose" not in text  # tiers, reasons
    assert "PD-1 blocker (checkpoint inhibitor)" in text  # the treatment in English for emergency staff
    assert "Guía de ImmunoPrep para la cita · no es consejo médico" in text and "Página 1 de" in text


def test_a_clinic_whose_language_is_spanish_opens_in_spanish(client):
    make_clinic("sur", default_lang="es")
    html = client.get("/c/sur/").content.decode()
    assert '<html lang="es">' in html and "lang=es" in html and "Teléfonos" in html


def test_why_a_question_is_there_is_said_in_the_language_it_is_read_in(client):
    from django.utils import translation

    from immunoprep.guides.services import guide_create
    from immunoprep.knowledge import Profile

    clinic = make_clinic("sur", name="Clínica Sur", default_lang="es")
    clinic.questions.create(text="¿A quién llamo de noche?")
    profile = Profile(cancer="melanoma", therapies=("checkpoint-pd1",), biomarkers=(), concerns=(), role="patient")
    with translation.override("es"):  # made in Spanish, as from the clinic's link
        guide = guide_create(kb=get_knowledge_base("es"), profile=profile, clinic=clinic)
    assert guide.questions.filter(reason__startswith="porque eligió").exists()
    assert guide.questions.get(from_clinic=True).reason == "sugerida por Clínica Sur"
    english = client.get(reverse("guides:edit", args=[guide.edit_token]) + "?lang=en").content.decode()
    assert "Because you chose PD-1 blocker" in english and "Suggested by Clínica Sur" in english
    assert "orque eligió" not in english and "ugerida por" not in english
