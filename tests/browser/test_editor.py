"""The editor as a person uses it, with JavaScript (htmx) on."""

import re

import pytest
from playwright.sync_api import expect

from immunoprep.guides.models import Guide
from tests.factories import make_guide

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guide():
    return make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))


def open_editor(page, guide):
    page.goto(page.base_url + f"/g/{guide.edit_token}/")
    expect(page.get_by_role("heading", name="Your visit guide")).to_be_visible()


def texts_in_topic(guide, topic):
    return list(guide.questions.filter(included=True, topic=topic).order_by("position").values_list("text", flat=True))


def test_reorder_and_star_with_focus_kept(page, guide):
    topic = guide.questions.filter(included=True).values_list("topic", flat=True)
    busiest = max(set(topic), key=list(topic).count)
    first, second = guide.questions.filter(included=True, topic=busiest).order_by("position")[:2]
    open_editor(page, guide)
    page.locator(f"#q-{second.pk}-up").click()
    expect(page.locator("#editor-status")).to_have_text("Moved up.")
    expect(page.locator(f"#q-{second.pk}-up")).to_be_focused()
    assert texts_in_topic(guide, busiest)[:2] == [second.text, first.text]

    starred = guide.questions.filter(starred=True).first()
    page.locator(f"#q-{starred.pk}-star").click()
    expect(page.locator(f"#q-{starred.pk}-star")).to_have_attribute("aria-pressed", "false")
    page.locator(f"#q-{first.pk}-star").click()
    expect(page.locator(f"#q-{first.pk}-star")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".top-questions li").filter(has_text=first.text)).to_have_count(1)


def test_add_edit_delete_own_question(page, guide):
    open_editor(page, guide)
    page.get_by_label("Add your own question").fill("Can I still go swimming?")
    page.get_by_role("button", name="Add question").click()
    own = page.locator("#own-questions .question")
    expect(own).to_have_count(1)
    expect(own.first).to_contain_text("Can I still go swimming?")
    q = Guide.objects.get(pk=guide.pk).questions.get(kb_id="")

    own.first.locator("summary").click()
    page.locator(f"#q-{q.pk}-text").fill("Can I still swim in a pool?")
    page.locator(f"#q-{q.pk}-answer").fill("Yes, once the port site heals.")
    page.locator(f"#q-{q.pk}-save").click()
    expect(page.locator("#editor-status")).to_have_text("Saved.")
    q.refresh_from_db()
    assert (q.text, q.answer) == ("Can I still swim in a pool?", "Yes, once the port site heals.")

    page.locator(f"#q-{q.pk}-delete").click()
    expect(page.locator("#own-questions .question")).to_have_count(0)
    assert not guide.questions.filter(kb_id="").exists()


def test_two_tabs_show_a_clear_message_and_keep_the_typing(page, guide):
    open_editor(page, guide)
    other = page.context.new_page()
    other.goto(page.base_url + f"/g/{guide.edit_token}/")
    other.get_by_label("Add your own question").fill("From the other tab")
    other.get_by_role("button", name="Add question").click()
    expect(other.locator("#own-questions .question")).to_have_count(1)

    page.get_by_label("Your notes (printed in the guide)").fill("Bring my medicine list")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#guide-note-error")).to_contain_text("changed in another tab")  # at the note itself
    expect(page.get_by_label("Your notes (printed in the guide)")).to_have_value("Bring my medicine list")
    expect(page.locator("#own-questions")).to_contain_text("From the other tab")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#editor-status")).to_have_text("Your note was saved.")
    assert Guide.objects.get(pk=guide.pk).note == "Bring my medicine list"


def test_share_copy_and_stop_sharing(page, guide):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_editor(page, guide)
    share_url = page.locator("#share-url").get_attribute("href")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("#sharing .copy-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()").endswith(share_url)

    page.get_by_role("button", name=re.compile("Stop sharing")).click()
    expect(page.get_by_text("Sharing stopped")).to_be_visible()
    new_url = page.locator("#share-url").get_attribute("href")
    assert new_url != share_url
    response = page.request.get(page.base_url + share_url)
    assert response.status == 404
    shared = page.context.new_page()
    shared.goto(page.base_url + new_url)
    expect(shared.get_by_text("read-only copy")).to_be_visible()
    assert guide.edit_token not in shared.content()


def test_delete_guide_after_confirmation(page, guide):
    open_editor(page, guide)
    page.get_by_role("link", name="Delete this guide now").click()
    page.get_by_role("button", name="Yes, delete this guide").click()
    expect(page.get_by_role("heading", name="Your guide was deleted")).to_be_visible()
    assert page.request.get(page.base_url + f"/g/{guide.edit_token}/").status == 410
    assert page.request.get(page.base_url + f"/s/{guide.view_token}/").status == 410
