"""Whatever arrives, no page answers with a server error."""

import pytest
from django.urls import reverse

from tests.factories import make_guide

pytestmark = pytest.mark.django_db

HOSTILE = ["", "x" * 10_000, "<script>alert(1)</script>", "\x00", "../../etc/passwd", "☃" * 50, "1e309", "-1"]


def test_every_step_survives_hostile_posts(client):
    for step in ("who", "cancer", "treatment", "tests", "concerns", "visit"):
        for value in HOSTILE:
            data = {
                "role": value,
                "cancer": value,
                "therapies": [value, value],
                "biomarkers": value,
                "concerns": value,
                "appointment_date": value,
                "clinician": value,
                "visit_minutes": value,
                "go": value,
                "then": value,
            }
            response = client.post(reverse("guides:step", args=[step]), data)
            assert response.status_code < 500, (step, value[:20])


def test_start_and_count_survive_hostile_queries(client):
    for value in HOSTILE:
        query = {"cancer": value, "therapy": [value, "car-t"], "biomarker": value, "role": value, "lang": value}
        assert client.get("/start/", {**query, "clinic": value}).status_code < 500
        assert client.get(reverse("guides:count"), {"step": value, "therapies": value}).status_code < 500
        assert client.get(f"/c/{value[:50] or 'x'}/").status_code < 500


def test_editor_and_pdf_survive_hostile_input(client):
    guide = make_guide()
    q = guide.questions.first()
    for value in HOSTILE:  # unknown options fall back to the defaults: one render, then the cache
        pdf = client.get(
            reverse("guides:edit_pdf", args=[guide.edit_token]), {"paper": value, "size": value, "section": value}
        )
        assert pdf.status_code < 500
    for i, value in enumerate(HOSTILE):
        # Each action meets a few hostile values (every pair would only repeat the same checks, slowly).
        for action in [("toggle", "star", "up", "down", "save", "delete", value)[j] for j in (i % 7, (i + 3) % 7)]:
            data = {"action": action, "version": value, "note": value, "answer": value, "text": value}
            response = client.post(reverse("guides:question", args=[guide.edit_token, q.pk]), data)
            assert response.status_code < 500, (action, value[:20])
        client.post(reverse("guides:question_add", args=[guide.edit_token]), {"text": value, "version": value})
        client.post(reverse("guides:note", args=[guide.edit_token]), {"note": value, "version": value})
        pdf = client.get(
            reverse("guides:edit_pdf", args=[guide.edit_token]), {"paper": value, "size": value, "section": value}
        )
        assert pdf.status_code < 500
    for path in ("/g/%00/", "/s/" + "A" * 64 + "/guide.pdf", "/g/" + "a" * 30 + "/q/999999/", "/start/%3Cscript%3E/"):
        assert client.get(path).status_code < 500
        assert client.post(path).status_code < 500
