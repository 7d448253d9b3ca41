// The finished film's player: mark the scene on screen in the "behind the scenes" list, so its
// "watch the full interview" link is the one at hand. Reading works without this script.
(function () {
  "use strict";
  const player = document.getElementById("player");
  const scenes = Array.from(document.querySelectorAll(".behind-scenes li[data-from]"));
  if (!player || !scenes.length) return;
  let current = null;
  player.addEventListener("timeupdate", function () {
    const ms = player.currentTime * 1000;
    const found = scenes.find(function (li) {
      return Number(li.dataset.from) <= ms && ms < Number(li.dataset.to);
    }) || null;
    if (found === current) return;
    if (current) { current.classList.remove("now"); current.removeAttribute("aria-current"); }
    if (found) { found.classList.add("now"); found.setAttribute("aria-current", "true"); }
    current = found;
  });
})();
