"""The owner's page and the read-only share page: content, privacy headers, bad tokens."""

import pytest
from django.urls import reverse

from tests.factories import make_guide

pytestmark = pytest.mark.django_db


def test_guide_page_shows_questions_explanations_and_warning_signs(client):
    guide = make_guide(cancer="b-cell-lymphoma", therapies=("car-t",))
    response = client.get(reverse("guides:edit", args=[guide.edit_token]))
    assert response.status_code == 200
    text = response.content.decode()
    for q in guide.questions.filter(included=True)[:5]:
        assert q.text.replace("'", "&#x27;") in text
    assert "Warning signs" in text and "Call the emergency number now" in text
    assert "Because you chose CAR T-cell therapy" in text
    assert reverse("guides:edit_pdf", args=[guide.edit_token]) in text


@pytest.mark.parametrize("name", ["guides:edit", "guides:share", "guides:edit_pdf", "guides:share_pdf"])
def test_guide_responses_are_private(client, name):
    guide = make_guide()
    token = guide.edit_token if "edit" in name else guide.view_token
    response = client.get(reverse(name, args=[token]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_share_page_never_reveals_the_edit_token(client):
    guide = make_guide()
    response = client.get(reverse("guides:share", args=[guide.view_token]))
    assert guide.edit_token not in response.content.decode()
    assert "read-only" in response.content.decode()


def test_tokens_are_not_interchangeable(client):
    guide = make_guide()
    assert client.get(reverse("guides:edit", args=[guide.view_token])).status_code == 404
    assert client.get(reverse("guides:share", args=[guide.edit_token])).status_code == 404


@pytest.mark.parametrize("token", ["short", "x" * 65, "bad token!", "%00" * 10, "../../etc/passwd"])
def test_malformed_tokens_are_404(client, token):
    assert client.get(f"/g/{token}/").status_code == 404
    assert client.get(f"/s/{token}/guide.pdf").status_code == 404


def test_a_caregivers_guide_speaks_in_the_caregivers_voice(kb):
    guide = make_guide(cancer="myeloma", therapies=("car-t",), role="caregiver")
    by_id = {q.id: q for q in kb.questions}
    copied = [q for q in guide.questions.all() if q.kb_id and by_id[q.kb_id].caregiver_text]
    assert copied
    assert all(q.text == by_id[q.kb_id].caregiver_text for q in copied)
    patient = make_guide(cancer="myeloma", therapies=("car-t",), role="patient")
    assert all(q.text == by_id[q.kb_id].text for q in patient.questions.all())


def test_every_suggested_question_names_its_sources_and_review_date(client, kb):
    guide = make_guide()
    q = guide.questions.filter(included=True).first()
    item = [x for x in kb.questions if x.id == q.kb_id][0]
    source = kb.sources[item.sources[0]]
    for url in (reverse("guides:edit", args=[guide.edit_token]), reverse("guides:share", args=[guide.view_token])):
        text = client.get(url).content.decode()
        assert f"Checked {item.reviewed:%-d %b %Y}" in text
        assert source.publisher.replace("&", "&amp;").replace("'", "&#x27;") in text
        # The full list says where each came from: publisher, title and a link to the page.
        assert f'href="{source.url.replace("&", "&amp;")}"' in text


def test_the_guide_page_reads_at_grade_6_for_the_median_profile_and_7_for_every_one(client, kb):
    """Flesch-Kincaid over what the page says (drug names scored as a short word; the source
    list left out: its titles are the publishers' own words)."""
    import html
    import re
    import statistics

    from django.utils.html import strip_tags

    from immunoprep.knowledge.readability import text_grade

    grades = {}
    for cancer in kb.cancers.values():
        for i, therapy in enumerate(cancer.therapies):
            for role in ("patient", "caregiver") if i == 0 else ("patient",):  # every pair; caregivers sampled
                guide = make_guide(cancer=cancer.slug, therapies=(therapy,), role=role)
                page = client.get(reverse("guides:share", args=[guide.view_token])).content.decode()
                main = page.split("<main", 1)[1].split("</main>", 1)[0]
                main = re.sub(r'<section aria-labelledby="sources-heading".*?</section>', "", main, flags=re.S)
                grades[(cancer.slug, therapy, role)] = text_grade(html.unescape(strip_tags(main)), kb)
    assert statistics.median(grades.values()) <= 6
    assert max(grades.values()) <= 7, max(grades.items(), key=lambda kv: kv[1])


def test_the_read_only_page_is_cached_until_the_guide_changes(client, kb):
    from unittest import mock

    from immunoprep.guides import guide_views

    guide = make_guide()
    url = reverse("guides:share", args=[guide.view_token])
    first = client.get(url)
    with mock.patch.object(guide_views, "guide_content", side_effect=AssertionError("worked out again")):
        again = client.get(url)

    assert again.content == first.content  # the whole page: it holds no reader's own token
    assert "X-CSRFToken" not in first.content.decode()
    assert again["Cache-Control"] == "no-store" and again["Referrer-Policy"] == "no-referrer"  # headers intact
    client.post(reverse("guides:note", args=[guide.edit_token]), {"note": "Bring the pill list", "version": 1})
    assert "Bring the pill list" in client.get(url).content.decode()


def test_a_cached_read_only_page_never_carries_one_readers_messages(client):
    from django.test import Client

    guide = make_guide()
    client.post(reverse("guides:note", args=[guide.edit_token]), {"note": "n", "version": guide.version})
    share = reverse("guides:share", args=[guide.view_token])
    assert "Your note was saved" not in client.get(share).content.decode()  # pending for the owner
    assert "Your note was saved" not in Client().get(share).content.decode()
    assert "Your note was saved" in client.get(reverse("guides:edit", args=[guide.edit_token])).content.decode()


def test_link_checkers_and_load_balancers_may_ask_with_head(client):
    # Uptime monitors, load balancers and link previews ask HEAD: a 405 would read as "down".
    guide = make_guide()
    share = reverse("guides:share", args=[guide.view_token])
    for url in ("/", "/healthz", "/start/who/", share, share + "guide.pdf"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b"", url
    assert client.head(share)["X-Robots-Tag"] == "noindex, nofollow"
