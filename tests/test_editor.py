"""The owner's editor: every change saved (or clearly refused), never silently lost."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from immunoprep.guides.models import Guide, GuideQuestion
from tests.factories import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))


def act(client, guide, question, action, htmx=False, **data):
    headers = {"HX-Request": "true"} if htmx else {}
    payload = {"action": action, "version": guide.version, **data}
    response = client.post(reverse("guides:question", args=[guide.edit_token, question.pk]), payload, headers=headers)
    guide.refresh_from_db()
    return response


def included(guide):
    return list(guide.questions.filter(included=True).order_by("position", "id"))


def test_untick_and_tick_again(client, guide):
    q = included(guide)[4]
    response = act(client, guide, q, "toggle")
    assert response.status_code == 302 and response["Location"].endswith(f"#q-{q.pk}")
    q.refresh_from_db()
    assert not q.included
    act(client, guide, q, "toggle")
    q.refresh_from_db()
    assert q.included


def test_star_at_most_three_and_the_refusal_sits_beside_the_star_with_a_swap(client, guide):
    assert guide.questions.filter(starred=True).count() == 3
    q = included(guide)[5]
    # Without JavaScript: post, redirect, get: the guide page, the message at that question.
    response = act(client, guide, q, "star")
    assert response.status_code == 302 and response["Location"].endswith(f"#q-{q.pk}")
    page = client.get(response["Location"]).content.decode()
    beside = page.split(f'id="q-{q.pk}"', 1)[1].split("</li>", 1)[0]
    assert "You already have 3 top-priority questions" in beside and 'name="action" value="swap"' in beside
    assert client.get(response["Location"]).status_code == 200  # a reload shows the guide again
    q.refresh_from_db()
    assert not q.starred
    # The swap it offers: one of the three gives its mark to this question, in one change.
    other = guide.questions.filter(starred=True).first()
    act(client, guide, q, "swap", **{"with": other.pk})
    q.refresh_from_db()
    other.refresh_from_db()
    assert q.starred and not other.starred and guide.questions.filter(starred=True).count() == 3
    # Or free a place first, then star.
    act(client, guide, q, "star")
    act(client, guide, other, "star")
    other.refresh_from_db()
    assert other.starred and guide.questions.filter(starred=True).count() == 3


def test_move_up_and_down_within_a_topic(client, guide):
    topic = GuideQuestion.objects.filter(guide=guide, included=True).values_list("topic", flat=True)
    busiest = max(set(topic), key=list(topic).count)
    first, second = [q for q in included(guide) if q.topic == busiest][:2]
    act(client, guide, second, "up")
    now = [q.pk for q in included(guide) if q.topic == busiest][:2]
    assert now == [second.pk, first.pk]
    act(client, guide, second, "down")
    assert [q.pk for q in included(guide) if q.topic == busiest][:2] == [first.pk, second.pk]


def test_add_edit_and_delete_own_question(client, guide):
    url = reverse("guides:question_add", args=[guide.edit_token])
    response = client.post(url, {"text": "  Can I keep running marathons?  ", "version": guide.version})
    assert response.status_code == 302
    guide.refresh_from_db()
    own = guide.questions.get(kb_id="")
    assert own.text == "Can I keep running marathons?" and own.included and own.topic == "own"

    act(client, guide, own, "save", text="Can I keep running?", note="ask nurse", answer="Yes, gently.")
    own.refresh_from_db()
    assert (own.text, own.note, own.answer) == ("Can I keep running?", "ask nurse", "Yes, gently.")

    act(client, guide, own, "delete")
    assert not guide.questions.filter(kb_id="").exists()


def test_suggested_questions_cannot_be_deleted_or_retyped(client, guide):
    q = included(guide)[0]
    response = act(client, guide, q, "delete")
    assert response.status_code == 302
    assert GuideQuestion.objects.filter(pk=q.pk).exists()
    act(client, guide, q, "save", text="changed", note="n", answer="")
    q.refresh_from_db()
    assert q.text != "changed" and q.note == "n"


@pytest.mark.parametrize(
    ("field", "size", "message"),
    [("text", 301, "at most 300 characters"), ("text", 0, "Please type a question")],
)
def test_own_question_limits(client, guide, field, size, message):
    url = reverse("guides:question_add", args=[guide.edit_token])
    response = client.post(url, {"text": "x" * size, "version": guide.version})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not guide.questions.filter(kb_id="").exists()
    assert Guide.objects.get(pk=guide.pk).version == guide.version


def test_at_most_fifty_own_questions(client, guide):
    GuideQuestion.objects.bulk_create(
        GuideQuestion(guide=guide, position=1000 + i, text=f"Mine {i}", topic="own") for i in range(50)
    )
    url = reverse("guides:question_add", args=[guide.edit_token])
    response = client.post(url, {"text": "One more", "version": guide.version})
    assert response.status_code == 422 and "up to 50" in response.content.decode()
    assert guide.questions.filter(kb_id="").count() == 50


def test_note_limit_keeps_what_was_typed(client, guide):
    q = included(guide)[0]
    long_note = "n" * 5001
    response = act(client, guide, q, "save", note=long_note, answer="kept answer")
    assert response.status_code == 422
    text = response.content.decode()
    assert "at most 5,000 characters" in text and "kept answer" in text
    q.refresh_from_db()
    assert q.note == "" and q.answer == ""


def test_guide_note(client, guide):
    url = reverse("guides:note", args=[guide.edit_token])
    client.post(url, {"note": "Bring my medicine list", "version": guide.version})
    guide.refresh_from_db()
    assert guide.note == "Bring my medicine list"
    response = client.post(url, {"note": "x" * 5001, "version": guide.version})
    assert response.status_code == 422
    guide.refresh_from_db()
    assert guide.note == "Bring my medicine list"


def test_two_tabs_never_silently_lose_an_edit(client, guide):
    q = included(guide)[0]
    stale_version = guide.version
    act(client, guide, included(guide)[1], "toggle")  # the other tab changes the guide
    payload = {"action": "save", "version": stale_version, "note": "typed in the old tab", "answer": ""}
    response = client.post(reverse("guides:question", args=[guide.edit_token, q.pk]), payload)
    assert response.status_code == 409
    text = response.content.decode()
    assert "changed in another tab" in text
    assert "typed in the old tab" in text  # what they typed is still in the form
    q.refresh_from_db()
    assert q.note == ""


def test_htmx_change_returns_the_editor_fragment_and_announces_it(client, guide):
    # A question with another ticked question above it in its topic, so it really moves.
    q = next(q for i, q in enumerate(included(guide)) if any(p.topic == q.topic for p in included(guide)[:i]))
    response = act(client, guide, q, "up", htmx=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="editor"') and "<html" not in text
    assert "Moved up." in response["HX-Trigger"]
    assert f'name="version" value="{guide.version}"' in text


def test_stop_sharing_makes_the_old_link_404(client, guide):
    old = guide.view_token
    # From a tab that is out of date: nothing changes, and the person is told.
    response = client.post(reverse("guides:share_stop", args=[guide.edit_token]), {"version": guide.version - 1})
    assert "changed in another tab" in client.get(response["Location"]).content.decode()
    guide.refresh_from_db()
    assert guide.view_token == old
    client.post(reverse("guides:share_stop", args=[guide.edit_token]), {"version": guide.version})
    guide.refresh_from_db()
    assert guide.view_token != old
    assert client.get(reverse("guides:share", args=[old])).status_code == 404
    assert client.get(reverse("guides:share", args=[guide.view_token])).status_code == 200


def test_delete_asks_first_then_both_links_are_gone(client, guide):
    page = client.get(reverse("guides:delete", args=[guide.edit_token]))
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    assert Guide.objects.filter(pk=guide.pk).exists()
    client.post(reverse("guides:delete", args=[guide.edit_token]))
    assert not Guide.objects.filter(pk=guide.pk).exists()
    assert not GuideQuestion.objects.filter(guide_id=guide.pk).exists()
    assert client.get(reverse("guides:edit", args=[guide.edit_token])).status_code == 410
    assert client.get(reverse("guides:share", args=[guide.view_token])).status_code == 410
    assert client.get(reverse("guides:share_pdf", args=[guide.view_token])).status_code == 410


def test_idle_guides_are_deleted_by_the_daily_command(guide):
    fresh = make_guide()
    Guide.objects.filter(pk=guide.pk).update(last_seen=timezone.now() - timedelta(days=181))
    call_command("delete_idle_guides")
    assert not Guide.objects.filter(pk=guide.pk).exists()
    assert Guide.objects.filter(pk=fresh.pk).exists()


def test_opening_a_guide_keeps_it_alive(client, guide):
    Guide.objects.filter(pk=guide.pk).update(last_seen=timezone.now() - timedelta(days=100))
    client.get(reverse("guides:edit", args=[guide.edit_token]))
    guide.refresh_from_db()
    assert timezone.now() - guide.last_seen < timedelta(minutes=1)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "explode", "version": "1"},
        {"action": "up", "version": "not-a-number"},
        {"action": "save", "version": "1", "note": "\x00" * 10},
    ],
)
def test_bad_posts_never_500(client, guide, data):
    q = included(guide)[0]
    response = client.post(reverse("guides:question", args=[guide.edit_token, q.pk]), data)
    assert response.status_code < 500


def test_question_from_another_guide_is_404(client, guide):
    other = make_guide()
    q = other.questions.first()
    response = client.post(
        reverse("guides:question", args=[guide.edit_token, q.pk]), {"action": "toggle", "version": 1}
    )
    assert response.status_code == 404


def test_oversized_post_is_refused_cleanly(client, guide):
    url = reverse("guides:note", args=[guide.edit_token])
    response = client.post(url, {"note": "x" * 400_000, "version": guide.version})
    assert response.status_code == 400


def test_moving_the_first_question_up_says_it_did_not_move(client, guide):
    topic = included(guide)[0].topic
    first = guide.questions.filter(included=True, topic=topic).order_by("position").first()
    response = act(client, guide, first, "up", htmx=True)
    assert "did not move" in response["HX-Trigger"]


def test_remove_offers_undo_in_place(client, guide):
    q = included(guide)[4]
    response = act(client, guide, q, "toggle", htmx=True)
    html = response.content.decode()
    beside = html.split(f'id="q-{q.pk}"', 1)[1].split("</li>", 1)[0]
    assert "Removed from your questions." in beside and f'id="q-{q.pk}-undo"' in beside
    act(client, guide, q, "toggle")  # Undo
    q.refresh_from_db()
    assert q.included


def test_reloading_an_action_address_goes_back_to_the_guide(client, guide):
    q = included(guide)[0]
    for url in (
        reverse("guides:question", args=[guide.edit_token, q.pk]),
        reverse("guides:question_add", args=[guide.edit_token]),
        reverse("guides:note", args=[guide.edit_token]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("guides:edit", args=[guide.edit_token])
    assert client.get(reverse("guides:question", args=["not-a-token", q.pk])).status_code == 404


def test_the_private_link_is_offered_to_keep_and_can_be_remembered_on_this_device(client, guide):
    edit_url = reverse("guides:edit", args=[guide.edit_token])
    page = client.get(edit_url).content.decode()
    assert "Save your private link" in page and f"http://testserver{edit_url}" in page
    assert 'href="mailto:?subject=' in page  # the person sends it; the server sends nothing
    # Not remembered unless asked: the home page offers nothing.
    assert "Continue your guide" not in client.get("/").content.decode()
    response = client.post(reverse("guides:remember", args=[guide.edit_token]), {"remember": "1"})
    cookie = response.cookies["guide"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"  # scripts cannot read it; sent to us only
    home = client.get("/")
    assert f'href="{edit_url}">Continue your guide' in home.content.decode()
    assert home["Cache-Control"] == "no-store" and home["Referrer-Policy"] == "no-referrer"
    client.post(reverse("guides:remember", args=[guide.edit_token]), {"remember": "0"})
    assert "Continue your guide" not in client.get("/").content.decode()


def test_daily_housekeeping_deletes_idle_guides_and_queues_its_next_run():
    from django_tasks_db.models import DBTaskResult

    from immunoprep.guides.tasks import daily_housekeeping, housekeeping_scheduled

    idle = make_guide()
    Guide.objects.filter(pk=idle.pk).update(last_seen=timezone.now() - timedelta(days=181))
    fresh = make_guide()
    assert not housekeeping_scheduled()
    call_command("schedule_housekeeping")
    assert housekeeping_scheduled()
    call_command("schedule_housekeeping")  # run again by the next `make run`: still one chain
    assert DBTaskResult.objects.count() == 1
    assert daily_housekeeping.call() == 1
    assert not Guide.objects.filter(pk=idle.pk).exists() and Guide.objects.filter(pk=fresh.pk).exists()
    tomorrow = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert tomorrow.run_after > timezone.now() + timedelta(hours=23)
