// Small enhancements only: every page works without this file.
(function () {
  "use strict";

  // After htmx swaps a step in, move focus to its heading so screen readers announce it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var heading = event.detail.target.querySelector("#step-heading") || document.getElementById("step-heading");
    if (heading) {
      heading.focus();
      document.title = heading.textContent.trim() + " · ImmunoPrep";
    }
  });

  // Type-to-filter lists (the cancer step). The full list stays usable without JavaScript.
  function setUpFilter(box) {
    var list = document.getElementById(box.dataset.filterFor);
    var input = box.querySelector("input");
    var status = box.querySelector(".filter-status");
    if (!list || !input) return;
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim();
      var shown = 0;
      list.querySelectorAll(".choice").forEach(function (choice) {
        var match = !words || choice.dataset.filterText.toLowerCase().indexOf(words) !== -1
          || choice.querySelector("input").value === "other";
        choice.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + (shown === 1 ? " match" : " matches");
    });
  }
  function init(root) {
    root.querySelectorAll("[data-filter-for]").forEach(setUpFilter);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
