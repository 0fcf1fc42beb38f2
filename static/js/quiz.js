// Quiz pages. Everything works without this script; it adds:
// - focus on the feedback htmx swaps in, so keyboard and screen-reader users land on it;
// - the exam clock: counts down, keeps the server's clock charged (the server alone
//   decides when time is up), and submits the page's form when it reaches zero.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target.querySelector("[data-autofocus]");
    if (target) target.focus();
  });

  var clock = document.querySelector("[data-exam-clock]");
  if (!clock) return;
  var deadline = Date.now() + Number(clock.dataset.secondsLeft) * 1000;
  var heartbeat = Number(clock.dataset.heartbeat || 15) * 1000;
  var announcer = document.querySelector("[data-clock-announce]");
  var finished = false;

  function clockText(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function timeUp() {
    if (finished) return;
    finished = true;
    var form = document.getElementById(clock.dataset.timeoutForm);
    if (!form) { window.location.reload(); return; }
    form.querySelectorAll("[data-go], [data-reason]").forEach(function (field) {
      field.value = "timeout";
    });
    form.submit();
  }

  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    clock.textContent = clockText(left);
    if (announcer && (left === 300 || left === 60)) {
      announcer.textContent = (left / 60) + (left === 60 ? " minute" : " minutes") + " left.";
    }
    if (left <= 0) timeUp();
  }

  function sync() {
    if (finished) return;
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    fetch(clock.dataset.clockUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || finished) return;
        if (data.submitted) {
          finished = true;
          window.location.href = data.result_url;
          return;
        }
        deadline = Date.now() + data.seconds_left * 1000;
      })
      .catch(function () { /* offline for a moment: keep counting locally */ });
  }

  tick();
  setInterval(tick, 1000);
  setInterval(sync, heartbeat);
})();
