// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  var lastFocusedId = "";

  // Remember which control started a change, so focus can return to it after the swap.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    var submitter = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent
      && event.detail.requestConfig.triggeringEvent.submitter;
    lastFocusedId = (submitter && submitter.id) || (active && active.id) || "";
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    // Guided steps: move focus to the new heading so screen readers announce the step.
    var heading = document.getElementById("step-heading");
    if (heading && target.id === "wizard") {
      heading.focus();
      document.title = heading.textContent.trim() + " · ImmunoPrep";
      return;
    }
    // Editor: an error gets focus; otherwise the same control, or its question.
    var editor = document.getElementById("editor");
    if (!editor) return;
    var error = document.getElementById("editor-error");
    var again = lastFocusedId && document.getElementById(lastFocusedId);
    var anchor = editor.dataset.focus && document.getElementById(editor.dataset.focus);
    var field = document.querySelector(".field-error");
    var notice = editor.querySelector("[data-take-focus]");
    if (notice) {
      // A refused change or an Undo offer: focus what it says, beside the control it came from.
      notice.focus();
    } else if (error && field) {
      var box = field.parentElement.querySelector("textarea");
      (box || error).focus();
    } else if (again) {
      again.focus();
    } else if (anchor) {
      anchor.setAttribute("tabindex", "-1");
      anchor.focus();
    }
  });

  // Announce what changed ("Moved up.") in the polite status region outside the editor.
  document.body.addEventListener("guideChanged", function (event) {
    var status = document.getElementById("editor-status");
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = event.detail.value; }, 50);
    }
  });

  // Copy-link buttons: hidden without JavaScript, where the link itself can be copied.
  function setUpCopy(button) {
    var source = document.getElementById(button.dataset.copy);
    var status = button.parentElement.querySelector(".copy-status");
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.href || source.textContent.trim()).then(function () {
        if (status) status.textContent = "Link copied.";
      }, function () {
        if (status) status.textContent = "Could not copy. Select the link and copy it.";
      });
    });
  }

  // "Send to myself": the device's own share sheet (a text, an email, notes), where there is one.
  function setUpShare(button) {
    var source = document.getElementById(button.dataset.share);
    if (!source || !navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: document.title, url: source.href }).catch(function () {});
    });
  }

  // Type-to-filter lists (the cancer step). The full list stays usable without JavaScript.
  function setUpFilter(box) {
    var list = document.getElementById(box.dataset.filterFor);
    var input = box.querySelector("input");
    var status = box.querySelector(".filter-status");
    if (!list || !input) return;
    box.hidden = false;
    // Accents do not count: "pulmon" finds "pulmón".
    function plain(text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
    }
    input.addEventListener("input", function () {
      var words = plain(input.value);
      var shown = 0;
      list.querySelectorAll(".choice").forEach(function (choice) {
        var match = !words || plain(choice.dataset.filterText).indexOf(words) !== -1
          || choice.querySelector("input").value === "other";
        choice.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " " + (shown === 1 ? box.dataset.one : box.dataset.many);
    });
  }

  // Read aloud: the browser's own speech, nothing sent anywhere. Buttons stay hidden where the
  // browser cannot speak; the text is all on the page anyway.
  var canSpeak = "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function";
  var reading = null; // { button } while one container is being read

  // The words a listener hears, one phrase per heading, paragraph or list item: short
  // utterances pause naturally, and Chrome cuts long ones off after about 15 seconds.
  function phrasesOf(container) {
    var copy = container.cloneNode(true);
    copy.querySelectorAll("button, [hidden], [data-read-aloud-skip]").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("h2, h3, h4, summary, p, li, .explanation-title").forEach(function (el) { el.append("\n"); });
    return copy.textContent.split("\n").map(function (line) {
      return line.replace(/\s+/g, " ").trim();
    }).filter(Boolean);
  }

  function showPressed(button, pressed) {
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.querySelector("[data-read-aloud-label]").textContent =
      pressed ? button.dataset.stopLabel : button.dataset.readLabel;
  }

  function stopReading() {
    if (!reading) return;
    showPressed(reading.button, false);
    reading = null;
    window.speechSynthesis.cancel();
  }

  function startReading(button, container) {
    stopReading();
    var phrases = phrasesOf(container);
    if (!phrases.length) return;
    var lang = (container.closest("[lang]") || document.documentElement).lang;
    var current = { button: button };
    reading = current;
    showPressed(button, true);
    phrases.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      if (lang) utterance.lang = lang;
      // Our own cancel() also ends or errors the old utterances: only the current reading resets.
      utterance.onerror = function () { if (reading === current) stopReading(); };
      if (index === phrases.length - 1) {
        utterance.onend = function () {
          if (reading === current) { reading = null; showPressed(button, false); }
        };
      }
      window.speechSynthesis.speak(utterance);
    });
  }

  function setUpReadAloud(button) {
    var container = button.closest("[data-read-aloud]");
    if (!canSpeak || !container) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (reading && reading.button === button) stopReading();
      else startReading(button, container);
    });
  }
  // Some browsers keep speaking after the page is left.
  window.addEventListener("pagehide", stopReading);

  // The language chooser links to the page it was drawn on; after htmx has moved the reader
  // on (a later step, the same address pushed), point it at where they are now.
  function setUpLanguageLink(link) {
    link.addEventListener("click", function () {
      var here = new URL(window.location.href);
      here.searchParams.set("lang", link.hreflang);
      link.href = here.pathname + here.search + here.hash;
    });
  }

  function init(root) {
    root.querySelectorAll("[data-filter-for]").forEach(setUpFilter);
    root.querySelectorAll("[data-copy]").forEach(setUpCopy);
    root.querySelectorAll("[data-share]").forEach(setUpShare);
    root.querySelectorAll("[data-read-aloud-button]").forEach(setUpReadAloud);
    root.querySelectorAll(".language-chooser a[hreflang]").forEach(setUpLanguageLink);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) {
    if (event.detail.elt !== document.body) init(event.detail.elt);
  });
})();
