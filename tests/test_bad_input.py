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


ROUTES = [
    "/",
    "/start/",
    "/start/{step}/",
    "/start/review/",
    "/start/count/",
    "/start/drugs/",
    "/g/{edit}/",
    "/g/{edit}/q/{question}/",
    "/g/{edit}/q/add/",
    "/g/{edit}/note/",
    "/g/{edit}/share/stop/",
    "/g/{edit}/remember/",
    "/g/{edit}/delete/",
    "/s/{view}/",
    "/c/demo/",
    "/c/{word}/",
    "/c/demo/logo",
    "/nowhere/{word}",
]


@pytest.mark.django_db(transaction=True)
def test_no_route_method_query_or_body_gives_a_server_error(client, caplog):
    """Every route, every method, random queries and bodies (form and multipart): only clear
    4xx or success; and no token or typed text in any log line afterwards."""
    import logging
    from urllib.parse import urlencode

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from immunoprep.clinics.services import demo_clinic_ensure

    caplog.set_level(logging.DEBUG)
    demo_clinic_ensure()
    guide = make_guide()
    question = guide.questions.first().pk
    text = st.text(max_size=80)

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        route=st.sampled_from(ROUTES),
        method=st.sampled_from(["get", "post", "put", "patch", "delete", "head", "options"]),
        query=st.dictionaries(st.sampled_from(["q", "drug", "cancer", "step", "section", "paper", "with"]), text),
        body=st.dictionaries(
            st.sampled_from(["action", "version", "text", "note", "with", "remember", "drugs", "role"]), text
        ),
        step=st.sampled_from(["who", "cancer", "treatment", "tests", "concerns", "visit", "x"]),
        word=st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True),
    )
    def request_anything(route, method, query, body, step, word):
        url = route.format(edit=guide.edit_token, view=guide.view_token, question=question, step=step, word=word)
        call = getattr(client, method)
        response = call(url, body, QUERY_STRING=urlencode({k: v[:20] for k, v in query.items()}))
        assert response.status_code < 500, (method, route, query, body)

    request_anything()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert guide.edit_token not in logged and guide.view_token not in logged
