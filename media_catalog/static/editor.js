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
