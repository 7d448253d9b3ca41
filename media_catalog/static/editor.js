// The editor's panel: set the in and out points of a tag from the playhead, or from words
// selected in the transcript (which also records the segment and the character span).
(function () {
  "use strict";
  const form = document.getElementById("tag-form");
  if (!form) return;
  const video = document.getElementById("player");
  const field = (id) => document.getElementById(id);
  const seconds = (ms) => String(Math.round(ms) / 1000);

  if (video) {
    form.querySelectorAll(".set-in, .set-out").forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => {
        const target = button.classList.contains("set-in") ? "tag-in" : "tag-out";
        field(target).value = video.currentTime.toFixed(3).replace(/\.?0+$/, "");
      });
    });
  }
  field("tag-selection").hidden = false;

  function textOffset(container, node, offset) {
    // Characters before (node, offset) inside container: mention links split the text nodes.
    const range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    const first = range.startContainer.parentElement && range.startContainer.parentElement.closest(".segments li[data-start]");
    const last = range.endContainer.parentElement && range.endContainer.parentElement.closest(".segments li[data-start]");
    if (!first || !last) return;
    field("tag-in").value = seconds(+first.dataset.start);
    field("tag-out").value = seconds(+last.dataset.end);
    const text = first.querySelector(".text");
    const sameText = first === last && text && text.contains(range.startContainer) && text.contains(range.endContainer);
    field("tag-segment").value = sameText ? first.id : "";
    field("tag-span-start").value = sameText ? textOffset(text, range.startContainer, range.startOffset) : "";
    field("tag-span-end").value = sameText ? textOffset(text, range.endContainer, range.endOffset) : "";
    const correct = field("correct-segment");
    correct.hidden = first !== last;
    correct.href = window.location.pathname + "/segments/" + encodeURIComponent(first.id);
  });
})();

// Tag ranges on the seek bar: each tag's range marked under the player, with in and out handles
// to drag or nudge with the arrow keys (Shift: a whole second). Moving a handle fills that tag's
// form; "Save tag" posts it (CSRF and version with it) like any other edit.
(function () {
  "use strict";
  const strip = document.querySelector(".tag-ranges");
  if (!strip) return;
  const total = +strip.dataset.duration;
  document.querySelector(".seekmarks")?.after(strip);  // under the player's own seek bar
  const pct = (ms) => `${Math.max(0, Math.min(100, (100 * ms) / total))}%`;
  const seconds = (ms) => String(Math.round(ms) / 1000);

  document.querySelectorAll("form.tag-edit").forEach((form) => {
    const fields = { in: form.elements.in, out: form.elements.out };
    const ms = (which) => Math.round(parseFloat(fields[which].value) * 1000);
    const band = document.createElement("div");
    band.className = "tag-range";
    band.dataset.tag = form.id;
    const handles = {};
    ["in", "out"].forEach((which) => {
      const handle = document.createElement("button");
      handle.type = "button";
      handle.className = `tag-handle tag-${which}`;
      const named = { tag: form.dataset.label };
      const point = which === "in" ? gettext("In point of %(tag)s", named) : gettext("Out point of %(tag)s", named);
      handle.setAttribute("aria-label", point);
      handle.addEventListener("keydown", (event) => nudge(event, which));
      handle.addEventListener("pointerdown", (event) => drag(event, which));
      handles[which] = handle;
      band.appendChild(handle);
    });
    strip.appendChild(band);

    function draw() {
      const start = ms("in"), end = ms("out");
      if (!(end > start)) return;
      band.style.left = pct(start);
      band.style.width = `calc(${pct(end)} - ${pct(start)})`;
      handles.in.title = seconds(start);
      handles.out.title = seconds(end);
    }
    function set(which, value) {
      const other = which === "in" ? ms("out") : ms("in");
      const bounded = which === "in" ? Math.min(value, other - 100) : Math.max(value, other + 100);
      fields[which].value = seconds(Math.max(0, Math.min(total, bounded)));
      form.classList.add("changed");
      draw();
    }
    function nudge(event, which) {
      const step = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 }[event.key];
      if (!step) return;
      event.preventDefault();
      event.stopPropagation();
      set(which, ms(which) + step * (event.shiftKey ? 1000 : 100));
    }
    function drag(event, which) {
      event.preventDefault();
      const box = strip.getBoundingClientRect();
      const move = (e) => set(which, Math.round(((e.clientX - box.left) / box.width) * total));
      const stop = () => { window.removeEventListener("pointermove", move); window.removeEventListener("pointerup", stop); };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", stop);
    }
    Object.values(fields).forEach((input) => input.addEventListener("input", draw));
    draw();
  });
})();
