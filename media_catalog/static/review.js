// The review queue by keyboard: j/k move between suggestions, c confirms, r rejects, through the
// JSON endpoint with the page's CSRF token. Without JavaScript the buttons post the same forms.
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

  async function decide(action) {
    const li = items[index];
    if (!li || li.classList.contains("decided")) return;
    const response = await fetch(li.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token.content },
      body: JSON.stringify({ action: action, version: parseInt(li.dataset.version, 10) }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      announce((body.error && body.error.message) || "Not saved.", true);
      return;
    }
    li.dataset.version = body.version;
    li.dataset.status = body.status;
    li.classList.add("decided", body.status);
    announce(action === "confirm" ? "Confirmed." : "Rejected.", false);
    focus(Math.min(index + 1, items.length - 1));
  }

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
