// Progressive enhancement for the media page. Without it every timestamp is a plain ?t= link;
// with it: in-place seeking, ?t= and #t=a,b deep links (stopping at a range's end), the spoken
// segment highlighted and followed (until the reader scrolls), keyboard control, copy-link
// buttons, find-in-transcript and the search query marked in the text and on the seek bar.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (!player) return;
  const segments = Array.from(document.querySelectorAll(".segment[data-start]"));
  // The first track leads: keyboard jumps and auto-follow walk its segments.
  const lead = segments.filter((el) => el.id.split("-")[0] === (segments[0] || { id: "" }).id.split("-")[0]);
  const duration = () => (isFinite(player.duration) && player.duration > 0
    ? player.duration : (+document.querySelector(".seekmarks")?.dataset.duration || 0) / 1000);

  // ---- deep links: ?t=a, ?t=a,b and #t=a / #t=a,b (W3C media fragments, npt seconds or clock)
  function npt(text) {
    if (!text) return null;
    return text.split(":").reduce((total, part) => total * 60 + parseFloat(part), 0);
  }
  function fragmentRange() {
    const match = /^#t=(?:npt:)?([\d.:]+)?(?:,([\d.:]+))?$/.exec(window.location.hash);
    return match ? { start: npt(match[1]), end: npt(match[2]) } : null;
  }
  let stopAt = null;
  function openAt(start, end) {
    stopAt = end !== null && end > start ? end : null;
    if (start > 0 || player.currentTime > 0) {
      // The metadata may have loaded before this deferred script ran: seek now or when it does.
      const seek = () => { player.currentTime = start; };
      if (player.readyState >= 1) seek();
      else player.addEventListener("loadedmetadata", seek, { once: true });
    }
  }
  const range = fragmentRange();
  if (range && (range.start !== null || range.end !== null)) openAt(range.start || 0, range.end);
  else openAt(parseFloat(player.dataset.start || "0"), player.dataset.end ? parseFloat(player.dataset.end) : null);
  window.addEventListener("hashchange", () => {
    const r = fragmentRange();
    if (r) { openAt(r.start || 0, r.end); player.play().catch(() => {}); }
  });

  function seekTo(seconds, play) {
    player.currentTime = seconds;
    stopAt = null;
    following = true;
    showFollow();
    if (play) player.play().catch(() => {});
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.timestamp, .timestrip a");
    if (!link) return;
    const url = new URL(link.href, window.location.href);
    if (url.pathname !== window.location.pathname || !url.searchParams.has("t")) return;
    event.preventDefault();
    const [start, end] = url.searchParams.get("t").split(",").map(parseFloat);
    seekTo(start, true);
    if (end > start) stopAt = end;
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  });

  // ---- the spoken segment: highlighted, and kept in view while following
  let current = [];
  let following = true;
  const followStatus = document.querySelector(".follow-status");
  // The control matters only while playing: paused, nothing moves the page.
  function showFollow() { if (followStatus) followStatus.hidden = following || player.paused; }
  player.addEventListener("play", showFollow);
  player.addEventListener("pause", showFollow);
  // Only a person makes wheel, touch and paging-key events (the page's own scrolling makes none),
  // so one arriving just as following scrolls still stops it.
  function stopFollowing(event) {
    if (player.paused || event.target.closest?.(".player-side")) return;
    following = false;
    showFollow();
  }
  ["wheel", "touchmove"].forEach((type) => window.addEventListener(type, stopFollowing, { passive: true }));
  window.addEventListener("keydown", (event) => {
    if (["PageUp", "PageDown", "Home", "End"].includes(event.key)) stopFollowing(event);
  });
  function resumeFollowing() {
    following = true;
    showFollow();
    if (current[0]) reveal(current[0], true);
  }
  document.querySelector(".resume-follow")?.addEventListener("click", resumeFollowing);
  // The sticky player covers the top of the window: what is under it is not in view. Its height
  // goes to --sticky-top, which the segments' scroll-margin-top (app.css) keeps them below.
  const stage = document.querySelector(".stage");
  const isSticky = () => stage && getComputedStyle(stage).position === "sticky";
  function stickyBottom() { return isSticky() ? Math.max(0, stage.getBoundingClientRect().bottom) : 0; }
  if (stage && window.ResizeObserver) {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty("--sticky-top", `${isSticky() ? stage.offsetHeight : 0}px`);
    }).observe(stage);
  }
  // Bring el into the part of the window below the player, near its top so the next segments
  // follow below it without a jump each, unless it is already there; `always` moves it there
  // anyway (a find match, a resumed follow).
  function reveal(el, always = false) {
    const box = el.getBoundingClientRect();
    const top = stickyBottom();
    if (!always && box.top >= top + 10 && box.bottom <= window.innerHeight - 20) return;
    const room = window.innerHeight - top;
    const gap = Math.max(10, Math.min(room / 5, (room - box.height) / 2));
    window.scrollBy({ top: box.top - top - gap, behavior: "auto" });
  }

  const waveDone = document.querySelector(".wave-played");
  player.addEventListener("timeupdate", () => {
    const ms = player.currentTime * 1000;
    if (stopAt !== null && player.currentTime >= stopAt) { player.pause(); stopAt = null; }
    if (waveDone && duration()) waveDone.style.width = `${(100 * player.currentTime) / duration()}%`;
    const now = segments.filter((el) => ms >= +el.dataset.start && ms < +el.dataset.end);
    if (now.length === current.length && now.every((el, i) => el === current[i])) return;
    current.forEach((el) => el.removeAttribute("aria-current"));
    now.forEach((el) => el.setAttribute("aria-current", "true"));
    current = now;
    if (following && now[0] && !player.paused) reveal(now[0]);
  });

  // A click on the waveform seeks to that point of the recording.
  document.querySelector(".wave-box")?.addEventListener("click", (event) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (duration()) seekTo(((event.clientX - box.left) / box.width) * duration(), true);
  });

  // ---- keyboard: space plays or pauses, arrows go segment to segment (not while typing)
  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable], button, video, audio, summary");
  }
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (event.key === "f" || event.key === "F") { resumeFollowing(); return; }
    if (event.key === " ") {
      event.preventDefault();
      if (player.paused) player.play().catch(() => {}); else player.pause();
      return;
    }
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (!step || !lead.length) return;
    event.preventDefault();
    const ms = player.currentTime * 1000;
    let index = lead.findIndex((el) => +el.dataset.start > ms + 50);
    if (index === -1) index = lead.length;
    // index is the next segment; the current one is index - 1, the previous index - 2.
    const target = step > 0 ? index : Math.max(0, index - 2);
    const el = lead[Math.min(target, lead.length - 1)];
    seekTo(+el.dataset.start / 1000, !player.paused);
    reveal(el);
  });

  // ---- copy a link to each moment
  document.querySelectorAll("button.copy-link").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const link = button.dataset.link;
      try {
        await navigator.clipboard.writeText(link);
        button.textContent = gettext("Copied");
      } catch (err) {
        window.prompt(gettext("Copy this link:"), link);
      }
      setTimeout(() => { button.textContent = gettext("Copy link"); }, 1500);
    });
  });

  // ---- share a range: "start/end here" fill the form from the player
  const clock = (s) => {
    const t = Math.floor(s), h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
    return (h ? `${h}:${String(m).padStart(2, "0")}` : `${m}`) + `:${String(sec).padStart(2, "0")}`;
  };
  const shareForm = document.querySelector("form.share-range");
  [["range-here", "from"], ["range-end-here", "to"]].forEach(([cls, field]) => {
    const button = shareForm?.querySelector(`.${cls}`);
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", () => { shareForm.elements[field].value = clock(player.currentTime); });
  });

  // ---- marks on the seek bar, for find matches and the search query
  const seekbar = document.querySelector(".seekmarks");
  function markSeekbar(cls, times) {
    if (!seekbar) return;
    seekbar.querySelectorAll(`.${cls}`).forEach((m) => m.remove());
    const total = duration();
    if (!total) return;
    times.forEach((t) => {
      const mark = document.createElement("span");
      mark.className = cls;
      mark.style.left = `${Math.min(100, (100 * t) / total)}%`;
      seekbar.appendChild(mark);
    });
  }

  // ---- find in transcript: highlight matches (also across mention links), jump between them
  function clearMarks(cls) {
    document.querySelectorAll(`mark.${cls}`).forEach((mark) => {
      mark.replaceWith(document.createTextNode(mark.textContent));
    });
    document.querySelectorAll(".segment .text").forEach((el) => el.normalize());
  }
  // Text as the search index reads it: lower case, ё as е (one character for one, so offsets hold).
  const fold = (text) => text.toLocaleLowerCase().replace(/ё/g, "е");
  const wordChar = /[\p{L}\p{N}]/u;
  // Where the needles occur in one text node, in order, without overlaps; a search's words
  // match only at the start of a word, as the index matches them.
  function occurrences(haystack, needles, wordStart) {
    const spans = [];
    needles.forEach((needle) => {
      let from = 0, at;
      while ((at = haystack.indexOf(needle, from)) !== -1) {
        from = at + needle.length;
        if (!wordStart || at === 0 || !wordChar.test(haystack[at - 1])) spans.push([at, from]);
      }
    });
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    return spans.filter((span, i) => !spans.slice(0, i).some((other) => other[1] > span[0]));
  }
  function markMatches(terms, cls, wordStart = false) {
    clearMarks(cls);
    const needles = [...new Set(terms.map((t) => fold(t.trim())).filter(Boolean))];
    const found = [];
    if (!needles.length) return found;
    document.querySelectorAll(".segment .text").forEach((container) => {
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach((node) => {
        const pieces = occurrences(fold(node.data), needles, wordStart);
        if (!pieces.length) return;
        let rest = node;
        let offset = 0;
        pieces.forEach(([start, end]) => {
          const match = rest.splitText(start - offset);
          rest = match.splitText(end - start);
          offset = end;
          const mark = document.createElement("mark");
          mark.className = cls;
          mark.textContent = match.data;
          match.replaceWith(mark);
          found.push(mark);
        });
      });
    });
    const seconds = found.map((m) => +m.closest(".segment").dataset.start / 1000);
    markSeekbar(`seek-${cls}`, [...new Set(seconds)]);
    return found;
  }

  // The search's words (and the other names of a person it names), else the query as typed.
  const note = document.querySelector(".query-note");
  const queryTerms = note ? JSON.parse(note.dataset.terms || "[]") : [];
  if (note && !queryTerms.length && note.dataset.query) queryTerms.push(note.dataset.query);
  const markQuery = () => { if (queryTerms.length) markMatches(queryTerms, "query", true); };
  markQuery();
  // A search hit opens in view: below the player, again once the video's size is known.
  const hit = document.querySelector(".segment.hit");
  const revealHit = () => { if (hit && following) reveal(hit); };
  revealHit();
  player.addEventListener("loadedmetadata", () => { markQuery(); revealHit(); findInput && runFind(false); });

  const findForm = document.querySelector("form.find");
  const findInput = document.getElementById("find-input");
  const findCount = findForm?.querySelector(".find-count");
  let matches = [];
  let active = -1;
  function show(index) {
    if (!matches.length) return;
    matches[active]?.classList.remove("active");
    active = (index + matches.length) % matches.length;
    const mark = matches[active];
    mark.classList.add("active");
    following = false;
    showFollow();
    reveal(mark.closest(".segment") || mark, true);
    findCount.value = gettext("%(done)s of %(total)s", { done: active + 1, total: matches.length });
  }
  function runFind(jump) {
    matches = markMatches([findInput.value], "found");
    active = -1;
    findCount.value = findInput.value.trim()
      ? (matches.length ? ngettext("%(num)d match", "%(num)d matches", matches.length) : gettext("no matches"))
      : "";
    if (jump && matches.length) show(0);
    if (!findInput.value.trim()) { following = true; showFollow(); }
  }
  if (findForm) {
    findForm.hidden = false;
    findForm.addEventListener("submit", (event) => { event.preventDefault(); show(active + 1); });
    findInput.addEventListener("input", () => runFind(true));
    findInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); show(event.shiftKey ? active - 1 : active + 1); }
      if (event.key === "Escape") { findInput.value = ""; runFind(false); }
    });
    findForm.querySelector(".find-next").addEventListener("click", () => show(active + 1));
    findForm.querySelector(".find-prev").addEventListener("click", () => show(active - 1));
  }
  // A seek-bar mark is a shortcut to its moment.
  seekbar?.addEventListener("click", (event) => {
    const box = seekbar.getBoundingClientRect();
    if (duration()) seekTo(((event.clientX - box.left) / box.width) * duration(), true);
  });

  // ---- words: where a segment has measured word times (data-words), the word being spoken is
  // lit and a click on a word seeks to it. Neither touches the text's markup (mention links,
  // find marks): the light is a CSS highlight over a Range, the click is read from the caret.
  const wordsOf = new WeakMap();
  function words(el) {
    if (!wordsOf.has(el)) {
      wordsOf.set(el, (el.dataset.words || "").split(";").filter(Boolean)
        .map((w) => w.split(" ").map(Number)));
    }
    return wordsOf.get(el);
  }
  // The text node and offset holding character `at` of a segment's text, or the reverse.
  function textNodes(el) {
    const walker = document.createTreeWalker(el.querySelector(".text"), NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }
  function pointAt(el, at) {
    let seen = 0;
    for (const node of textNodes(el)) {
      if (at <= seen + node.data.length) return [node, at - seen];
      seen += node.data.length;
    }
    return null;
  }
  let timed = [];
  const lit = window.CSS && CSS.highlights && typeof Highlight === "function";
  let litWord = null;
  function lightWord() {
    const ms = player.currentTime * 1000;
    const el = timed.find((seg) => ms >= +seg.dataset.start && ms < +seg.dataset.end);
    const word = el && words(el).find(([start, end]) => ms >= start && ms < end);
    const key = word ? `${el.id}:${word[2]}` : null;
    if (key === litWord) return;
    litWord = key;
    if (!lit) return;
    if (!word) { CSS.highlights.delete("word-now"); return; }
    const from = pointAt(el, word[2]), to = pointAt(el, word[3]);
    if (!from || !to) return;
    const range = new Range();
    range.setStart(...from);
    range.setEnd(...to);
    CSS.highlights.set("word-now", new Highlight(range));
  }
  // Words last a few hundred milliseconds: timeupdate (four times a second) is too slow.
  function lightWhilePlaying() {
    lightWord();
    if (!player.paused) requestAnimationFrame(lightWhilePlaying);
  }
  timed = segments.filter((el) => el.dataset.words);
  if (timed.length) {
    player.addEventListener("play", lightWhilePlaying);
    player.addEventListener("seeked", lightWord);
    player.addEventListener("timeupdate", lightWord);
  }
  document.addEventListener("click", (event) => {
    const el = event.target.closest(".segment[data-words]");
    if (!el || event.target.closest("a, button") || !event.target.closest(".text")) return;
    if (!window.getSelection().isCollapsed) return;  // selecting text to copy, not seeking
    const caret = document.caretRangeFromPoint?.(event.clientX, event.clientY);
    if (!caret) return;
    let at = 0;
    for (const node of textNodes(el)) {
      if (node === caret.startContainer) { at += caret.startOffset; break; }
      at += node.data.length;
    }
    const word = words(el).find(([, , from, to]) => at >= from && at <= to);
    if (word) seekTo(word[0] / 1000, true);
  });

  // ---- captions: the viewer's last choice (a language, or off) holds on every item they open
  const CAPTIONS = "media-catalog.captions";
  const tracks = Array.from(player.textTracks || []);
  let wanted = null;
  try { wanted = localStorage.getItem(CAPTIONS); } catch (err) { /* storage blocked: defaults */ }
  if (wanted === "off" || tracks.some((track) => track.language === wanted)) {
    tracks.forEach((track) => { track.mode = track.language === wanted ? "showing" : "disabled"; });
  }
  player.textTracks?.addEventListener("change", () => {
    const shown = tracks.find((track) => track.mode === "showing");
    try { localStorage.setItem(CAPTIONS, shown ? shown.language : "off"); } catch (err) { /* as above */ }
  });
})();
