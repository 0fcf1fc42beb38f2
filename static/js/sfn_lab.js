// Step Functions lab: Play presses "Step" every 1.5 s until the scenario ends, a decision
// waits for the learner, or Pause is pressed. The page works without this script.
(function () {
  "use strict";
  var timer = null;

  function playButton() { return document.getElementById("sfn-play"); }

  function stop() {
    if (timer) { clearTimeout(timer); timer = null; }
  }

  function tick() {
    var step = document.getElementById("sfn-step");
    if (!step) { stop(); return; }  // the end, or a decision for the learner
    step.click();
    timer = setTimeout(tick, 1500);
  }

  function setUp() {
    var button = playButton();
    if (!button) { return; }
    button.hidden = false;
    button.textContent = timer ? "Pause" : "Play";
    button.setAttribute("aria-pressed", timer ? "true" : "false");
    button.onclick = function () {
      if (timer) { stop(); } else { tick(); }
      var again = playButton();
      if (again) { again.textContent = timer ? "Pause" : "Play"; again.setAttribute("aria-pressed", timer ? "true" : "false"); }
    };
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.body.addEventListener("htmx:afterSettle", setUp);
})();
