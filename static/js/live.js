// Live game: keep the projector or phone in step with the game.
// Server-Sent Events carry state snapshots with ids; a reconnect sends
// Last-Event-ID and gets only what it missed. When a stream cannot be
// opened (a proxy that buffers, an old browser) the page polls instead.
(function () {
  "use strict";
  var root = document.getElementById("live");
  var stage = document.getElementById("stage");
  if (!root || !stage) return;
  var status = document.getElementById("live-status");
  var current = root.dataset.snapshot || "";
  var clockOffset = Number(root.dataset.serverNow || Date.now()) - Date.now();
  var source = null;
  var opened = false;
  var failures = 0;
  var pollTimer = null;
  var pending = null;
  var POLL_MS = 1500;

  function announce(state) {
    if (!status) return;
    var words = { lobby: "Waiting in the lobby", question: "A new question is open",
      reveal: "The answer is shown", podium: "The podium", finished: "The game is over" };
    status.textContent = words[state] || "";
  }

  function editing() {
    var active = document.activeElement;
    return active && stage.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName) &&
      active.type !== "checkbox";
  }

  // A phone's own notice, outside the stage: a refused answer ("time was up")
  // or a tap that never left the phone must stay readable when the reveal
  // replaces the stage a moment later. A new question clears it.
  var notice = document.getElementById("phone-notice");

  function say(text) {
    if (notice) notice.textContent = text;
  }

  function show(id, html) {
    if (!html || (id && id === current)) return;
    if (editing()) { pending = [id, html]; return; }  // do not wipe what the instructor types
    pending = null;
    var before = root.dataset.state;
    var refused = stage.querySelector(".answer-area.refused");
    if (refused) say(refused.textContent.trim());
    current = id || current;
    stage.innerHTML = html;
    var top = stage.firstElementChild;
    var state = top && top.dataset ? top.dataset.state : before;
    root.dataset.state = state;
    if (window.htmx) window.htmx.process(stage);
    if (state !== before) announce(state);
    if (state === "question" || state === "lobby") say("");
    tick();
  }

  // Watch the answer's own request: when the stage has moved on before the
  // reply arrives, htmx has nowhere left to put it (its events fire on
  // detached elements), so the reply is read here instead.
  document.body.addEventListener("htmx:beforeSend", function (event) {
    var xhr = event.detail.xhr;
    if (!notice || !xhr || !stage.contains(event.detail.elt)) return;
    xhr.addEventListener("load", function () {
      var code = xhr.getResponseHeader("X-Answer");
      if (code === "received") { say(""); return; }
      if (!code || code === "invalid") return;
      setTimeout(function () {  // after htmx's own swap, if it found its target
        if (stage.querySelector(".answer-area.refused")) return;
        var parsed = document.createElement("template");
        parsed.innerHTML = xhr.responseText;
        say(parsed.content.textContent.trim());
      }, 0);
    });
    xhr.addEventListener("error", function () {
      say("Your answer could not be sent: check your connection, then tap again.");
    });
  });

  // A swap done by htmx (an instructor's control, a phone's answer) keeps our id in step.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === stage) {
      var id = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Snapshot-Id");
      if (id) current = id;
      var top = stage.firstElementChild;
      if (top && top.dataset.state) root.dataset.state = top.dataset.state;
      tick();
    }
  });

  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    source = new EventSource(root.dataset.stream + "?last=" + encodeURIComponent(current));
    source.onopen = function () { opened = true; failures = 0; stopPolling(); };
    source.onmessage = function (event) { show(event.lastEventId, event.data); };
    source.addEventListener("clock", function (event) {
      clockOffset = Number(event.data) - Date.now();
    });
    source.addEventListener("end", function () { source.close(); });
    source.onerror = function () {
      failures += 1;
      // The browser retries by itself; if the stream never opens, or keeps
      // failing, poll instead and try the stream again later.
      if (!opened || failures >= 3 || source.readyState === EventSource.CLOSED) {
        source.close();
        opened = false;
        startPolling();
        setTimeout(connect, 20000);
      }
    };
  }

  function poll() {
    fetch(root.dataset.poll + "?last=" + encodeURIComponent(current), {
      credentials: "same-origin", headers: { "HX-Request": "true" }
    }).then(function (response) {
      if (response.status !== 200) return null;
      var id = response.headers.get("X-Snapshot-Id");
      return response.text().then(function (html) { show(id, html); });
    }).catch(function () {});
  }

  function startPolling() {
    if (!pollTimer) { poll(); pollTimer = setInterval(poll, POLL_MS); }
  }

  function stopPolling() {
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
  }

  // Countdowns run on the server's clock: the deadline is the server's, and
  // clockOffset corrects for a phone whose clock is off.
  function tick() {
    var now = Date.now() + clockOffset;
    var timers = stage.querySelectorAll("[data-deadline]");
    for (var i = 0; i < timers.length; i++) {
      var left = Math.max(0, Math.ceil((Number(timers[i].dataset.deadline) - now) / 1000));
      var value = timers[i].querySelector(".countdown-value");
      if (value && value.textContent !== String(left)) value.textContent = String(left);
      timers[i].classList.toggle("ending", left <= 5);
    }
  }

  setInterval(tick, 250);
  tick();
  connect();
})();
