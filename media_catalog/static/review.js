// The review queue by keyboard: j/k move between suggestions, c confirms, r rejects, through the
// JSON endpoint with the page's CSRF token; the buttons decide the same way, in place, and the
// counts go down as items are decided. Without JavaScript the buttons post the same forms.
(function () {
  "use strict";
  const items = Array.from(document.querySelectorAll("li.suggestion"));
  const status = document.getElementById("review-status");
  const token = document.querySelector('meta[name="csrf-token"]');
  if (!items.length || !token) return;
  let index = -1;

  function focus(i) {
    if (i < 0 || i >= items.length) return;
    if (index >= 0) items[index].classList.remove("current");
    index = i;
    items[index].classList.add("current");
    items[index].focus();
  }

  function announce(text, isError) {
    status.textContent = text;
    status.classList.toggle("visually-hidden", !isError);
    status.classList.toggle("notice", isError);
    status.classList.toggle("error", isError);
  }

  // One fewer to review: the queue's count and the item's group count.
  const counter = document.querySelector(".review-count");
  function countDown(li) {
    if (counter) {
      const left = Math.max(0, parseInt(counter.dataset.total, 10) - 1);
      counter.dataset.total = left;
      counter.textContent = ngettext("%(num)d suggested mention to review", "%(num)d suggested mentions to review", left);
    }
    const count = li.closest(".review-group")?.querySelector("h2 .count");
    if (count) count.textContent = Math.max(0, parseInt(count.textContent, 10) - 1);
  }

  const said = { confirm: gettext("Confirmed."), reject: gettext("Rejected."), reassign: gettext("Re-assigned."),
                 different_person: gettext("Marked as a different person.") };
  async function decide(action, entity) {
    const li = items[index];
    if (!li || li.classList.contains("decided")) return;
    const payload = { action: action, version: parseInt(li.dataset.version, 10) };
    if (entity) payload.entity = entity;
    const response = await fetch(li.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token.content },
      body: JSON.stringify(payload),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      announce((body.error && body.error.message) || gettext("Not saved."), true);
      return;
    }
    li.dataset.version = body.version;
    li.dataset.status = body.status;
    li.classList.add("decided", body.status);
    countDown(li);
    announce([said[action] || gettext("Saved."), counter && `${counter.textContent}.`].filter(Boolean).join(" "), false);
    focus(Math.min(index + 1, items.length - 1));
  }

  // The buttons: decided in place, the page staying where it is.
  document.querySelectorAll("form.decide").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const action = event.submitter && event.submitter.value;
      if (!action) return;
      event.preventDefault();
      focus(items.indexOf(form.closest("li.suggestion")));
      decide(action, form.elements.entity ? form.elements.entity.value.trim() : "");
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const keys = { j: () => focus(index + 1), k: () => focus(index - 1),
                   c: () => decide("confirm"), r: () => decide("reject") };
    if (!keys[event.key]) return;
    event.preventDefault();
    if (index < 0 && event.key !== "k") { focus(0); if (event.key === "j") return; }
    keys[event.key]();
  });
})();
