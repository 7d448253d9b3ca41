// Progressive enhancement for the media page: timestamp links seek the player in place instead
// of reloading, ?t= and #t= open at the moment, and the segment being spoken is highlighted.
(function () {
  "use strict";
  const video = document.getElementById("player");
  if (!video) return;

  function fragmentRange() {
    const match = /^#t=(?:npt:)?([\d.]+)?(?:,([\d.]+))?$/.exec(window.location.hash);
    return match ? { start: match[1] ? parseFloat(match[1]) : null, end: match[2] ? parseFloat(match[2]) : null } : null;
  }

  let stopAt = null;
  const range = fragmentRange();
  const start = range && range.start !== null ? range.start : parseFloat(video.dataset.start || "0");
  if (range && range.end !== null) stopAt = range.end;
  if (start > 0) {
    // The metadata may have loaded before this deferred script ran: seek now or when it does.
    const seek = () => { video.currentTime = start; };
    if (video.readyState >= 1) seek();
    else video.addEventListener("loadedmetadata", seek, { once: true });
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.timestamp");
    if (!link) return;
    const url = new URL(link.href, window.location.href);
    if (url.pathname !== window.location.pathname || !url.searchParams.has("t")) return;
    event.preventDefault();
    video.currentTime = parseFloat(url.searchParams.get("t"));
    stopAt = null;
    history.replaceState(null, "", url.pathname + url.search);
    video.play().catch(() => {});
  });

  const segments = Array.from(document.querySelectorAll(".segments li[data-start]"));
  let current = [];
  video.addEventListener("timeupdate", () => {
    const ms = video.currentTime * 1000;
    if (stopAt !== null && video.currentTime >= stopAt) { video.pause(); stopAt = null; }
    const now = segments.filter((li) => ms >= +li.dataset.start && ms < +li.dataset.end);
    if (now.length === current.length && now.every((li, i) => li === current[i])) return;
    current.forEach((li) => li.removeAttribute("aria-current"));
    now.forEach((li) => li.setAttribute("aria-current", "true"));
    current = now;
  });
})();
