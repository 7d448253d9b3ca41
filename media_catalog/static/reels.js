// Reels: reorder moments by drag and drop or Alt+Arrow keys (saved at once), set "add to reel"
// in/out points from the player, follow a sub-clip export's progress, and play a shared reel's
// ranges one after another. Without JavaScript the forms on the page do all of this but the
// dragging and the sequencing.
(function () {
  "use strict";

  const list = document.getElementById("reel-entries");
  if (list) {
    const status = document.getElementById("reorder-status");
    let dragged = null;

    const save = () => {
      const ids = Array.from(list.querySelectorAll("li.reel-entry")).map((li) => Number(li.dataset.id));
      return fetch(list.dataset.orderUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": list.dataset.csrf },
        body: JSON.stringify({ entries: ids }),
      }).then((response) => {
        if (status) status.textContent = response.ok ? gettext("Order saved.") : gettext("The order was not saved: reload the page.");
        list.dataset.saved = response.ok ? "yes" : "no";
        list.dispatchEvent(new CustomEvent("reel-saved"));
      });
    };

    list.addEventListener("dragstart", (event) => {
      dragged = event.target.closest("li.reel-entry");
      if (dragged) {
        dragged.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.dataset.id);
      }
    });
    list.addEventListener("dragover", (event) => {
      const over = event.target.closest("li.reel-entry");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", (event) => event.preventDefault());
    list.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      save();
    });
    list.addEventListener("keydown", (event) => {
      const item = event.target;
      if (!event.altKey || !item.matches || !item.matches("li.reel-entry")) return;
      const sibling = event.key === "ArrowUp" ? item.previousElementSibling : event.key === "ArrowDown" ? item.nextElementSibling : null;
      if (!sibling) return;
      event.preventDefault();
      list.insertBefore(item, event.key === "ArrowUp" ? sibling : sibling.nextSibling);
      item.focus();
      save();
    });
  }

  // "Add to reel" in the player: in and out from the playhead.
  const player = document.getElementById("player");
  document.querySelectorAll(".reel-add-player").forEach((box) => {
    [["reel-set-in", "reel-in"], ["reel-set-out", "reel-out"]].forEach(([button, field]) => {
      const control = box.querySelector("." + button);
      const input = box.querySelector("." + field);
      if (!player || !control || !input) return;
      control.hidden = false;
      control.addEventListener("click", () => { input.value = player.currentTime.toFixed(3); });
    });
    // The segment being spoken (or the one the playhead is in): its start and end.
    const segmentButton = box.querySelector(".reel-set-segment");
    if (segmentButton && document.querySelector(".segments li[data-start]")) {
      segmentButton.hidden = false;
      segmentButton.addEventListener("click", () => {
        const now = player ? player.currentTime * 1000 : 0;
        const rows = Array.from(document.querySelectorAll(".segments li[data-start]"));
        const row = document.querySelector(".segments li[aria-current]") ||
          rows.find((li) => Number(li.dataset.start) <= now && now < Number(li.dataset.end)) || rows[0];
        box.querySelector(".reel-in").value = (Number(row.dataset.start) / 1000).toFixed(3);
        box.querySelector(".reel-out").value = (Number(row.dataset.end) / 1000).toFixed(3);
      });
    }
  });

  // A sub-clip export's progress, polled until it is done or failed.
  const job = document.getElementById("subclip-job");
  if (job && (job.dataset.status === "running" || job.dataset.status === "queued")) {
    const bar = job.querySelector("progress");
    const state = job.querySelector(".subclip-state");
    const poll = () => {
      fetch(job.dataset.statusUrl, { headers: { Accept: "application/json" } })
        .then((response) => response.json())
        .then((data) => {
          bar.max = data.total || 1;
          bar.value = data.done;
          job.dataset.status = data.status;
          if (data.status === "done") {
            state.textContent = gettext("Done:") + " ";
            const link = document.createElement("a");
            link.href = data.download;
            link.textContent = gettext("download the zip");
            state.appendChild(link);
          } else if (data.status === "failed") {
            state.textContent = gettext("Failed: %(reason)s", { reason: data.error });
          } else if (data.status === "cancelled") {
            state.textContent = gettext("Cancelled");
          } else {
            state.textContent = ngettext("%(done)s of %(num)d clip cut", "%(done)s of %(num)d clips cut", data.total || 0, { done: data.done });
            setTimeout(poll, 1000);
          }
        })
        .catch(() => setTimeout(poll, 3000));
    };
    poll();
  }

  // A shared reel: each range is its own file; when one ends the next one plays.
  const shared = document.getElementById("shared-player");
  if (shared) {
    const items = Array.from(document.querySelectorAll(".shared-entries li[data-src]"));
    let current = 0;
    const play = (index, autoplay) => {
      if (index >= items.length) return;
      items.forEach((li, i) => (i === index ? li.setAttribute("aria-current", "true") : li.removeAttribute("aria-current")));
      current = index;
      shared.src = items[index].dataset.src;
      if (autoplay) shared.play().catch(() => {});
    };
    shared.addEventListener("ended", () => play(current + 1, true));
    items.forEach((li, index) => li.querySelector(".play-entry").addEventListener("click", () => play(index, true)));
  }
})();
