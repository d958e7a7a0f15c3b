"""Read aloud: the browser's own speech reads one warning-sign group or explanation, with a
fake speechSynthesis (headless Chromium may have no voices) that records what it is asked to say."""

import pytest
from playwright.sync_api import expect

from immunoprep.guides.content import guide_content
from immunoprep.knowledge import get_knowledge_base
from tests.factories import make_guide

pytestmark = pytest.mark.django_db(transaction=True)

FAKE_SPEECH = """
(() => {
  let queue = [];
  window.__spoken = [];
  window.__cancels = 0;
  const endAll = () => { const ended = queue; queue = []; ended.forEach((u) => u.onend && u.onend({ type: "end" })); };
  window.__finishSpeaking = endAll;
  const fake = {
    speaking: false,
    pending: false,
    speak(u) { window.__spoken.push({ text: u.text, lang: u.lang }); queue.push(u); },
    cancel() { window.__cancels += 1; endAll(); },
    getVoices() { return []; },
    pause() {},
    resume() {},
  };
  Object.defineProperty(window, "speechSynthesis", { value: fake, configurable: true });
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.onend = null; this.onerror = null; }
  };
})();
"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"


@pytest.fixture
def guide():
    return make_guide(cancer="melanoma", therapies=("checkpoint-pd1",))


def guide_url(page, guide, where):
    return page.base_url + (f"/g/{guide.edit_token}/" if where == "editor" else f"/s/{guide.view_token}/")


def spoken(page) -> str:
    return " ".join(u["text"] for u in page.evaluate("window.__spoken"))


@pytest.mark.parametrize("where", ["editor", "share"])
def test_read_aloud_speaks_a_warning_group_and_stops(page, guide, where):
    sign = guide_content(guide, get_knowledge_base("en")).emergency[0].item.short_for("patient")
    page.add_init_script(FAKE_SPEECH)
    page.goto(guide_url(page, guide, where))
    emergency = page.locator(".warning-signs > .urgency-emergency button.read-aloud")
    call_now = page.locator(".warning-signs > .urgency-call-now button.read-aloud")
    expect(emergency).to_be_visible()
    expect(call_now).to_be_visible()
    expect(page.locator(".explanation[open]").first.get_by_role("button", name="Read aloud")).to_be_visible()

    emergency.click()
    expect(emergency).to_have_attribute("aria-pressed", "true")
    expect(emergency).to_contain_text("Stop reading")
    said = spoken(page)
    assert sign.lower() in said.lower()
    assert "Read aloud" not in said
    assert {u["lang"] for u in page.evaluate("window.__spoken")} == {"en"}

    emergency.click()
    expect(emergency).to_have_attribute("aria-pressed", "false")
    expect(emergency).to_contain_text("Read aloud")
    assert page.evaluate("window.__cancels") == 1

    # Starting one stops the other; the end of speech resets the button.
    emergency.click()
    call_now.click()
    expect(emergency).to_have_attribute("aria-pressed", "false")
    expect(call_now).to_have_attribute("aria-pressed", "true")
    page.evaluate("window.__finishSpeaking()")
    expect(call_now).to_have_attribute("aria-pressed", "false")
    expect(call_now).to_contain_text("Read aloud")


def test_read_aloud_skips_sources_and_dates(page, guide):
    page.add_init_script(FAKE_SPEECH)
    page.goto(guide_url(page, guide, "share"))
    page.locator(".all-signs > summary").click()
    page.locator(".all-signs .urgency").first.get_by_role("button", name="Read aloud").click()
    page.locator(".explanation[open]").first.get_by_role("button", name="Read aloud").click()
    said = spoken(page)
    assert said and "Sources" not in said and "Checked" not in said


@pytest.mark.parametrize("where", ["editor", "share"])
def test_no_read_aloud_button_without_speech(page, guide, where):
    page.add_init_script(NO_SPEECH)
    page.goto(guide_url(page, guide, where))
    expect(page.locator(".warning-signs > .urgency-emergency")).to_be_visible()
    expect(page.get_by_role("button", name="Read aloud")).to_have_count(0)
    expect(page.locator(".read-aloud:visible")).to_have_count(0)
