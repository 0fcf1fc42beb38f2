// Review session keys: Space/Enter reveal (or next), 1-4 rate or pick an option, z undo, s suspend.
// Every key only clicks a button that is on the page, so the forms stay the single source of truth.
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.tagName) return false;
    const tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) return true;
    return tag === "input" && !["radio", "checkbox", "submit", "button"].includes(target.type);
  }

  function click(selector) {
    const el = document.querySelector(selector);
    if (!el) return false;
    el.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const onControl = event.target.closest && event.target.closest("button, a, summary");
    const key = event.key;
    let handled = false;
    if (key === " " || key === "Enter") {
      if (onControl) return; // the browser already activates a focused button or link
      const graded = document.querySelector("form[data-study-graded]");
      if (graded && graded.querySelector("input[name=choice]:checked")) {
        graded.requestSubmit();
        handled = true;
      } else {
        handled = click("[data-study-reveal]") || click("[data-study-next]");
      }
    } else if (/^[1-9]$/.test(key)) {
      const choice = document.querySelector('form[data-study-graded] input[data-choice="' + key + '"]');
      if (choice) {
        choice.checked = choice.type === "checkbox" ? !choice.checked : true;
        choice.focus();
        handled = true;
      } else {
        handled = click('[data-rating="' + key + '"]');
      }
    } else if (key === "z" || key === "Z") {
      handled = click("[data-study-undo]");
    } else if (key === "s" || key === "S") {
      handled = click("[data-study-suspend]");
    }
    if (handled) event.preventDefault();
  });

  // After htmx swaps in the next card, move focus to it so keys and screen readers follow.
  document.addEventListener("htmx:afterSwap", function (event) {
    const session = document.getElementById("study-session");
    if (!session) return;
    const target = session.querySelector("[data-study-reveal], [data-study-next], input[name=choice], [data-rating='3']");
    if (target) target.focus({ preventScroll: false });
  });
})();
