// Messaging labs: Play presses "Next step" every 1.5 s until the scenario ends or Pause is
// pressed; after each htmx swap, focus returns to the control that was used and the new
// narration is announced. Everything here is optional: links and forms work without it.
(function () {
  "use strict";
  var timer = null;
  var focusedId = null;

  function byId(id) { return document.getElementById(id); }

  function stop() {
    if (timer) { clearTimeout(timer); timer = null; }
  }

  function tick() {
    var step = byId("lab-step");
    if (!step) { stop(); showPlay(); return; }  // the scenario is over
    step.click();
    timer = setTimeout(tick, 1500);
  }

  function showPlay() {
    var button = byId("lab-play");
    if (!button) { return; }
    button.hidden = false;
    button.textContent = timer ? "Pause" : "Play";
    button.setAttribute("aria-pressed", timer ? "true" : "false");
    button.onclick = function () {
      if (timer) { stop(); } else { tick(); }
      showPlay();
    };
  }

  function showCopy() {
    var button = byId("lab-copy");
    var field = byId("lab-share-url");
    if (!button || !field || !navigator.clipboard) { return; }
    button.hidden = false;
    button.onclick = function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = "Copied";
      });
    };
  }

  function announce() {
    var source = document.querySelector("#lab [data-announce]");
    var region = byId("lab-announce");
    if (source && region) { region.textContent = source.textContent.replace(/\s+/g, " ").trim(); }
  }

  function setUp() { showPlay(); showCopy(); }

  document.addEventListener("DOMContentLoaded", setUp);
  document.body.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    focusedId = active && active.id ? active.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    setUp();
    announce();
    // Keyboard users keep their place: the same control if it is still there, else the
    // box that says what just happened (a failed form shows its error there too).
    var same = focusedId && byId(focusedId);
    var error = document.querySelector("#lab .lab-form [role=alert]");
    if (error) { error.focus(); } else if (same) { same.focus({ preventScroll: true }); } else if (!timer && byId("lab-now")) { byId("lab-now").focus(); }
  });
})();
