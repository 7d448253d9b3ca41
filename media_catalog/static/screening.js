// Screening mode. On the host's page: a film clock (start, pause, reset; kept across reloads),
// the cue whose time has come marked as due, and keyboard next/previous that move the current
// stop on the server (POST with the CSRF header). On the audience's page: poll the current stop.
(function () {
  "use strict";

  function clockText(ms) {
    var total = Math.floor(ms / 1000), h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60), s = total % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function host(screen) {
    var clock = document.getElementById("clock");
    var toggle = document.getElementById("clock-toggle");
    var reset = document.getElementById("clock-reset");
    var status = document.getElementById("cue-status");
    var cues = Array.prototype.slice.call(document.querySelectorAll("ol.cues > li"));
    var key = screen.dataset.clockKey;
    var saved = JSON.parse(sessionStorage.getItem(key) || "{}");
    var elapsed = saved.elapsed || 0, startedAt = saved.startedAt || null;
    var current = screen.dataset.current === "" ? null : Number(screen.dataset.current);

    function now() { return startedAt ? elapsed + (Date.now() - startedAt) : elapsed; }
    function save() { sessionStorage.setItem(key, JSON.stringify({ elapsed: elapsed, startedAt: startedAt })); }
    var playhead = document.getElementById("playhead");
    function tick() {
      var t = now();
      clock.textContent = clockText(t);
      if (playhead) {  // positions are classes in half-percent steps (the CSP allows no inline styles)
        var step = Math.min(200, Math.round(200 * t / Number(playhead.dataset.running)));
        playhead.className = "playhead at-" + step;
      }
      var due = -1;
      cues.forEach(function (cue, i) { if (Number(cue.dataset.start) <= t) { due = i; } });
      cues.forEach(function (cue, i) { cue.classList.toggle("due", i === due && i !== current); });
      toggle.textContent = startedAt ? gettext("Pause the film clock") : gettext("Start the film clock");
    }
    function show(stop) {
      current = stop;
      cues.forEach(function (cue, i) {
        if (i === stop) { cue.setAttribute("aria-current", "step"); } else { cue.removeAttribute("aria-current"); }
      });
      if (stop !== null && cues[stop]) {
        status.textContent = gettext("Now discussing: %(title)s", { title: cues[stop].querySelector(".cue-title").textContent });
        cues[stop].scrollIntoView({ block: "nearest" });
      }
      tick();
    }
    var sent = 0, queue = Promise.resolve();
    function post(stop) {
      return fetch(screen.dataset.stopUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": screen.dataset.csrf },
        body: JSON.stringify({ stop: stop }),
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.json();
      });
    }
    function move(stop) {
      if (stop < 0 || stop >= cues.length) { return; }
      // Shown at once, so quick presses count from the stop on screen; sent one after another,
      // so the server ends on the last press; its answer to that press has the last word.
      var previous = current, mine = ++sent;
      show(stop);
      queue = queue.then(function () { return post(stop); })
        .then(function (state) { if (mine === sent) { show(state.stop); } })
        .catch(function () {
          if (mine === sent) { show(previous); }
          status.textContent = gettext("The stop could not be saved; try again.");
        });
    }

    toggle.hidden = false;
    reset.hidden = false;
    toggle.addEventListener("click", function () {
      if (startedAt) { elapsed = now(); startedAt = null; } else { startedAt = Date.now(); }
      save(); tick();
    });
    reset.addEventListener("click", function () { elapsed = 0; startedAt = null; save(); tick(); });
    document.querySelectorAll("form button[data-step]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        move(current === null ? 0 : current + Number(button.dataset.step));
      });
    });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key === "ArrowRight" || event.key === "n" || event.key === "N") {
        event.preventDefault(); move(current === null ? 0 : current + 1);
      } else if (event.key === "ArrowLeft" || event.key === "p" || event.key === "P") {
        event.preventDefault(); move(current === null ? 0 : current - 1);
      } else if (event.key === " " && tag !== "button" && tag !== "a") {
        event.preventDefault(); toggle.click();
      }
    });
    setInterval(tick, 500);
    tick();
  }

  function audience(section) {
    var position = document.getElementById("follow-position");
    var title = document.getElementById("follow-title");
    var questions = document.getElementById("follow-questions");
    var shown = null;
    function render(state) {
      var scene = state.scene;
      var signature = JSON.stringify(scene) + state.stop;
      if (signature === shown) { return; }
      shown = signature;
      if (!scene) {
        position.textContent = gettext("The host has not started the discussion yet.");
        title.textContent = "";
        questions.replaceChildren();
        return;
      }
      position.textContent = gettext("Scene %(num)d of %(total)d · at %(time)s", { num: state.stop + 1, total: state.stops, time: scene.clock });
      title.textContent = scene.title;
      questions.replaceChildren.apply(questions, scene.questions.map(function (q) {
        var li = document.createElement("li");
        li.dir = "auto";
        li.textContent = q;
        return li;
      }));
    }
    function poll() {
      fetch(section.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) { if (state) { render(state); } })
        .catch(function () { /* offline for a moment: the next poll tries again */ });
    }
    setInterval(poll, 3000);
  }

  var screen = document.getElementById("screen");
  if (screen) { host(screen); }
  var follow = document.getElementById("follow");
  if (follow) { audience(follow); }
})();
