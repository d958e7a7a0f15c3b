"""After the visit: the answers, the plan, the teach-back checklist and the summary PDF."""

import datetime

import pytest
from django.urls import reverse

from immunoprep.guides.after import TEACH_BACK
from immunoprep.guides.models import Guide
from tests.factories import make_guide
from tests.test_pdf import pdf_pages

pytestmark = pytest.mark.django_db

PLAN = {
    "next_visit": "2026-12-10",
    "next_treatment": "2026-12-17",
    "tests_before": "Blood tests and a thyroid check",
    "night_number": "555-0199",
    "day_number": "",
    "teach_back": ["night-number", "call-now"],
}


@pytest.fixture
def guide():
    guide = make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))
    first = guide.questions.filter(included=True).first()
    first.answer = "Every 3 weeks, for up to <b>two</b> years."
    first.save()
    return guide


def post_plan(client, guide, **changes):
    data = {**PLAN, "version": guide.version, **changes}
    return client.post(reverse("guides:after", args=[guide.edit_token]), data)


def test_the_after_page_shows_the_answers_as_typed_and_stays_private(client, guide):
    response = client.get(reverse("guides:after", args=[guide.edit_token]))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Every 3 weeks, for up to &lt;b&gt;two&lt;/b&gt; years." in html
    assert "Can you say these in your own words?" in html
    for item in TEACH_BACK:
        assert str(item.patient) in html


def test_saving_the_plan_keeps_every_field_and_the_ticks(client, guide):
    response = post_plan(client, guide)
    assert response.status_code == 302 and response["Location"].endswith("/after/#plan")
    saved = Guide.objects.get(pk=guide.pk)
    assert saved.next_visit == datetime.date(2026, 12, 10) and saved.next_treatment == datetime.date(2026, 12, 17)
    assert saved.tests_before == "Blood tests and a thyroid check" and saved.night_number == "555-0199"
    assert saved.teach_back == ["night-number", "call-now"] and saved.version == guide.version + 1
    page = client.get(reverse("guides:after", args=[guide.edit_token])).content.decode()
    assert "Your plan was saved." in page and 'value="555-0199"' in page


def test_a_bad_date_or_a_long_number_is_refused_at_the_field_and_nothing_is_lost(client, guide):
    response = post_plan(client, guide, next_visit="next Tuesday", night_number="5" * 41)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Please enter a date like 2026-12-01." in html and "Please keep this to 40 characters or fewer." in html
    assert 'value="Blood tests and a thyroid check"' in html  # what was typed stays in the form
    assert Guide.objects.get(pk=guide.pk).version == guide.version


def test_a_change_made_in_another_tab_first_is_not_overwritten(client, guide):
    post_plan(client, guide)
    response = post_plan(client, guide, tests_before="Scan first")  # the old version number
    assert response.status_code == 409 and "changed in another tab" in response.content.decode()
    assert 'value="Scan first"' in response.content.decode()
    assert Guide.objects.get(pk=guide.pk).tests_before == "Blood tests and a thyroid check"


def test_the_summary_pdf_holds_the_answers_the_plan_the_checklist_and_when_to_call(client, guide):
    post_plan(client, guide)
    response = client.get(reverse("guides:after_pdf", args=[guide.edit_token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    text = " ".join(pages)
    assert 1 <= len(pages) <= 3
    assert "Every 3 weeks, for up to <b>two</b> years." in text
    assert "Thursday 17 December 2026" in text and "Blood tests and a thyroid check" in text and "555-0199" in text
    for item in TEACH_BACK:
        assert str(item.patient) in text
    assert "Call your care team right away, day or night, for" in text


def test_the_family_sees_it_read_only_through_the_share_link(client, guide):
    post_plan(client, guide)
    html = client.get(reverse("guides:share_after", args=[guide.view_token])).content.decode()
    assert "Blood tests and a thyroid check" in html and "<form" not in html.split("<main")[1]
    assert "Every 3 weeks" in html
    assert client.get(reverse("guides:share_after_pdf", args=[guide.view_token])).status_code == 200
    assert client.get(reverse("guides:share_after", args=["x" * 32])).status_code == 404
    assert client.get(reverse("guides:after", args=[guide.view_token])).status_code == 404  # view token cannot edit


def test_a_caregiver_s_after_page_and_summary_speak_to_the_caregiver(client):
    import html as html_lib

    from django.utils.html import strip_tags

    from tests.test_caregiver_voice import patient_voice

    guide = make_guide(cancer="myeloma", therapies=("car-t",), role="caregiver")
    page = html_lib.unescape(strip_tags(client.get(reverse("guides:after", args=[guide.edit_token])).content.decode()))
    assert "Which number we call at night or at the weekend" in page
    assert not patient_voice(page), patient_voice(page)[:5]
    text = " ".join(pdf_pages(client.get(reverse("guides:after_pdf", args=[guide.edit_token])).content))
    assert "After the visit" in text and not patient_voice(text), patient_voice(text)[:5]
