"""The media page in a real browser (Debian's Chromium, driven by Playwright): deep links and
ranges seek the player, timestamp links seek without leaving the page, the spoken segment is
highlighted and followed, keys and find-in-transcript work, Hebrew reads right to left, and
the audio-only interview plays under its waveform. Saves a screenshot of the player."""

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import chromium, needs_chromium, served, watched
from playwright.sync_api import expect
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import MediaItem

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg (scripts/setup.sh)"),
    # Chromium resets media connections when it seeks; werkzeug's development server then
    # raises while draining the socket (serving.py, execute's finally) before it closes the
    # response, so the file is left to the garbage collector. Production servers close it.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
VIDEO = "interview-organizer"  # Hebrew original beside its English translation
AUDIO = "interview-student"  # recorded without a camera
PLAYER = "document.getElementById('player')"


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Demo media made once for the module, as `media-catalog demo` makes it (full length)."""
    folder = tmp_path_factory.mktemp("demo-media")
    plans = {p["file"]: p for p in __import__("media_catalog.demo").demo.planned_media()}
    for name in (f"{VIDEO}.mp4", f"{AUDIO}.m4a"):
        __import__("media_catalog.demo").demo.make_planned(plans[name], folder / name)
    return folder


@pytest.fixture
def live_catalog(app, demo_catalog, media_root, demo_media):  # type: ignore[no-untyped-def]
    """The demo catalog served on a free port, with real media for two interviews."""
    with transaction(demo_catalog) as session:
        for slug, name in ((VIDEO, f"{VIDEO}.mp4"), (AUDIO, f"{AUDIO}.m4a")):
            shutil.copy(demo_media / name, media_root / name)
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            assert not attach_media(item, media_root, name, media_root / name)
    with served(app) as base:
        yield base


@pytest.fixture
def browser_page():  # type: ignore[no-untyped-def]
    with chromium("--autoplay-policy=no-user-gesture-required") as browser:
        # Playwright's wait_for_function evaluates its predicate as a string, which the app's
        # Content-Security-Policy (script-src 'self', no eval) rightly refuses; these tests are
        # about the player, and tests/web/test_editor_browser.py checks pages under the policy.
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, bypass_csp=True)
        page.set_default_timeout(15_000)
        yield page


@pytest.fixture
def strict_page(tmp_path):  # type: ignore[no-untyped-def]
    """A page under the app's Content-Security-Policy, its console errors collected; waits go
    through Playwright's expect and Python polling, which the policy allows. Screenshots of
    the paths walked are kept in the test's tmp_path."""
    with chromium("--autoplay-policy=no-user-gesture-required") as browser:
        page = watched(browser.new_page(viewport={"width": 1280, "height": 900}))
        page.set_default_timeout(15_000)
        page.shots = tmp_path
        yield page
        assert page.console_errors == []  # not even a 404 for the site's icon


def poll(page, script: str, timeout_s: float = 15) -> object:  # type: ignore[no-untyped-def]
    """Wait until `script` (an expression) is truthy in the page; returns its value."""
    for _ in range(int(timeout_s * 10)):
        if value := page.evaluate(script):
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


BELOW_PLAYER = """(el => {
  const box = el.getBoundingClientRect();
  const stage = document.querySelector('.stage').getBoundingClientRect();
  return box.top >= stage.bottom - 1 && box.bottom <= window.innerHeight + 1;
})"""


def open_media(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_function(f"{PLAYER}.readyState >= 1")


def wait_for_time(page, seconds: float, tolerance: float = 0.5) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"Math.abs({PLAYER}.currentTime - {seconds}) < {tolerance}")


def current_time(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate(f"{PLAYER}.currentTime"))


def segment_starts(page) -> list[float]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "Array.from(document.querySelectorAll('td[lang=he] .segment')).map(e => +e.dataset.start / 1000)"
    )


def test_deep_link_opens_the_player_at_the_moment(live_catalog, browser_page) -> None:
    open_media(browser_page, f"{live_catalog}/media/{VIDEO}?t=30")
    wait_for_time(browser_page, 30)


def test_clicking_a_segment_seeks_in_place_and_plays(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    row = page.locator("td[lang=he] .segment").nth(3)
    start = int(row.get_attribute("data-start") or 0) / 1000
    row.locator("a.timestamp").click()
    wait_for_time(page, start)
    page.wait_for_function(f"!{PLAYER}.paused")
    assert page.url.endswith(f"?t={start:g}")  # the address follows, no page load
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_media_fragment_range_opens_there_and_stops_at_its_end(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}#t=20,22.5")
    wait_for_time(page, 20)
    page.evaluate(f"{PLAYER}.muted = true; {PLAYER}.play()")
    page.wait_for_function(f"{PLAYER}.paused && {PLAYER}.currentTime > 22")
    assert 22.5 <= current_time(page) < 23.5


def test_shared_range_link_shows_where_it_sits(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}?t=60,75&shared=1#t=60,75")
    wait_for_time(page, 60)
    assert page.locator("section.range .range-label").inner_text() == "1:00–1:15 of 7:58"
    assert page.locator("section.range blockquote p").count() >= 2


def test_highlight_follows_playback_and_keeps_the_segment_in_view(
    live_catalog, browser_page
) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    starts = segment_starts(page)
    target = starts[40]  # far down the page: following must scroll to it
    page.evaluate(f"{PLAYER}.muted = true; {PLAYER}.currentTime = {target}; {PLAYER}.play()")
    current = "document.querySelector('td[lang=he] .segment[aria-current]')"
    page.wait_for_function(f"{current} && +{current}.dataset.start === {round(target * 1000)}")
    page.evaluate(f"{PLAYER}.playbackRate = 4")
    nxt = round(starts[41] * 1000)
    page.wait_for_function(f"{current} && +{current}.dataset.start === {nxt}")
    box = page.evaluate(f"{current}.getBoundingClientRect().toJSON()")
    assert box["top"] >= 0 and box["bottom"] <= 1000  # scrolled into view
    # The reader scrolls away: following pauses and offers to resume.
    page.mouse.wheel(0, -3000)
    page.wait_for_selector(".follow-status:not([hidden])")
    page.click("button.resume-follow")
    page.wait_for_selector(".follow-status[hidden]", state="attached")


def test_keys_play_pause_and_step_segments(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    starts = segment_starts(page)
    page.locator("h1").click()  # focus on the page, not a control
    page.keyboard.press("ArrowDown")
    wait_for_time(page, starts[0], 0.05)
    page.keyboard.press("ArrowDown")
    wait_for_time(page, starts[1], 0.05)
    page.keyboard.press("ArrowUp")
    wait_for_time(page, starts[0], 0.05)
    page.evaluate(f"{PLAYER}.muted = true")
    page.keyboard.press("Space")
    page.wait_for_function(f"!{PLAYER}.paused")
    page.keyboard.press("Space")
    page.wait_for_function(f"{PLAYER}.paused")
    page.fill("#find-input", " ")  # typing in a field is not a key command
    assert page.evaluate(f"{PLAYER}.paused")


def test_find_in_transcript_marks_matches_and_the_seek_bar(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    page.fill("#find-input", "sharansky")
    count = page.locator("mark.found").count()
    assert count >= 3
    assert all(t.lower() == "sharansky" for t in page.locator("mark.found").all_inner_texts())
    assert page.locator(".find-count").inner_text() == f"1 of {count}"
    assert page.locator(".seekmarks .seek-found").count() >= 3
    page.locator("button.find-next").click()
    assert page.locator(".find-count").inner_text() == f"2 of {count}"
    page.locator("#find-input").press("Escape")
    assert page.locator("mark.found").count() == 0


def test_search_query_is_marked_in_text_and_seek_bar(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}?q=Nudel")
    page.wait_for_function("document.querySelectorAll('.seekmarks .seek-query').length > 0")
    assert page.locator("mark.query").count() >= 2


def test_hebrew_transcript_renders_right_to_left(live_catalog, browser_page) -> None:
    page = browser_page
    page.goto(f"{live_catalog}/media/{VIDEO}")
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('section.transcript td[lang=he] .text')).direction"
    )
    assert direction == "rtl"
    english = "document.querySelector('section.transcript td[lang=en] .text')"
    assert page.evaluate(f"getComputedStyle({english}).direction") == "ltr"


def test_audio_interview_plays_under_its_waveform(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{AUDIO}?t=12")
    assert page.evaluate(f"{PLAYER}.tagName") == "AUDIO"
    wait_for_time(page, 12)
    page.wait_for_function("document.querySelector('figure.waveform img').naturalWidth === 1200")
    box = page.locator(".wave-box").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    duration = float(page.evaluate(f"{PLAYER}.duration"))
    page.wait_for_function(f"Math.abs({PLAYER}.currentTime - {duration / 2}) < 2")


def test_screenshot_of_the_player(live_catalog, browser_page, tmp_path) -> None:
    """The README's picture; set MEDIA_CATALOG_SCREENSHOT=docs/screenshot.png to refresh it."""
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    at = segment_starts(page)[2] + 0.5
    page.evaluate(f"{PLAYER}.currentTime = {at}")
    wait_for_time(page, at)
    page.wait_for_selector(".segment[aria-current]")
    page.wait_for_function(f"{PLAYER}.readyState >= 3 && !{PLAYER}.seeking")
    page.fill("#find-input", "Sharansky")
    page.set_viewport_size({"width": 1280, "height": 1250})
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(1500)  # let the frame paint after the seek
    target = tmp_path / "player.png"
    page.screenshot(path=str(target))
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 50_000
    if destination := os.environ.get("MEDIA_CATALOG_SCREENSHOT"):
        shutil.copy(target, destination)


def test_a_search_hit_opens_at_its_moment_and_leads_back(
    live_catalog, strict_page, monkeypatch
) -> None:
    from media_catalog import search

    monkeypatch.setattr(search, "PER_PAGE", 1)
    page = strict_page
    page.goto(f"{live_catalog}/search")
    page.fill("#search-q", "Nudel")
    page.locator(".search-form summary").click()
    page.select_option("select[name=kind]", "interview")
    page.locator("#search-q").press("Enter")
    expect(page.locator("#results-h")).to_contain_text("moment")
    while not page.locator(f"article.result-group h3 a[href*='/media/{VIDEO}?']").count():
        page.locator("nav.pages a[rel=next]").click()  # page through to the video's hits
    results_url = page.url
    hit = page.locator("article.result-group ul.moments a.timestamp").first
    at = float(hit.inner_text().split(":")[0]) * 60 + float(hit.inner_text().split(":")[1])
    hit.click()

    expect(page.locator("a.back-to-results")).to_be_visible()
    expect(page.locator("section.range")).to_have_count(0)  # a hit is not a shared range
    poll(page, f"Math.abs({PLAYER}.currentTime - {at}) < 1.5")
    expect(page.locator("mark.query").first).to_be_visible()
    marked = {t.lower() for t in page.locator("mark.query").all_inner_texts()}
    assert any("nudel" in t for t in marked)  # the word, or her name as a whole
    assert "נודל" in " ".join(marked)  # and her other spellings: the Hebrew original's
    poll(page, "document.querySelectorAll('.seekmarks .seek-query').length > 0")
    poll(page, f"{BELOW_PLAYER}(document.querySelector('.segment.hit'))")
    page.screenshot(path=str(page.shots / "search-hit.png"))

    page.locator("a.back-to-results").click()
    assert page.url == results_url  # the same page of results, with its filters
    expect(page.locator("select[name=kind]")).to_have_value("interview")
    expect(page.locator("nav.pages span")).to_contain_text(
        f"Page {parse_qs(urlparse(results_url).query).get('page', ['1'])[0]} of"
    )


def test_follow_mode_keeps_the_spoken_segment_below_the_player_and_is_never_lost(
    live_catalog, strict_page
) -> None:
    page = strict_page
    page.goto(f"{live_catalog}/media/{VIDEO}")
    poll(page, f"{PLAYER}.readyState >= 1")
    starts = segment_starts(page)
    current = "document.querySelector('td[lang=he] .segment[aria-current]')"
    page.locator("td[lang=he] .segment").nth(40).locator("a.timestamp").click()  # plays from there
    page.evaluate(f"{PLAYER}.muted = true")
    poll(page, f"{current} && +{current}.dataset.start === {round(starts[40] * 1000)}")
    page.evaluate(f"{PLAYER}.playbackRate = 4")
    poll(page, f"{current} && +{current}.dataset.start === {round(starts[41] * 1000)}")
    assert poll(page, f"{BELOW_PLAYER}({current})")  # not hidden under the sticky player
    stage_height = page.evaluate("document.querySelector('.stage').offsetHeight")
    sticky_top = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--sticky-top')"
    )
    assert sticky_top == f"{stage_height}px"
    margin = page.evaluate(f"getComputedStyle({current}).scrollMarginTop")
    assert margin == f"{stage_height + 8}px"  # a jump to #he-12 lands below the player too

    # The reader scrolls away with the wheel: the resume control shows, on screen.
    box = page.locator("section.transcript").bounding_box()
    page.mouse.move(box["x"] + 50, 600)
    page.mouse.wheel(0, 4000)
    resume = page.locator("button.resume-follow")
    expect(resume).to_be_visible()
    shown = resume.bounding_box()
    assert shown["y"] >= 0 and shown["y"] + shown["height"] <= 900  # not off-screen
    page.screenshot(path=str(page.shots / "follow-resume.png"))
    page.keyboard.press("f")  # the shortcut the control names
    expect(resume).to_be_hidden()
    assert poll(page, f"{BELOW_PLAYER}({current})")

    # Finding a word stops following; the control is the next stop back from the find box.
    page.locator("#find-input").fill("Nudel")
    expect(resume).to_be_visible()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.className") == "resume-follow"
    page.keyboard.press("Enter")
    expect(resume).to_be_hidden()
    assert poll(page, f"{BELOW_PLAYER}({current})")


def test_keyboard_alone_skips_to_the_transcript_and_seeks(live_catalog, browser_page) -> None:
    """No mouse: Tab reaches the skip link first, Enter lands in the content, arrows step
    segments, and Tab reaches a timestamp whose focus is visible and whose Enter seeks."""
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    starts = segment_starts(page)
    page.keyboard.press("ArrowDown")
    wait_for_time(page, starts[0], 0.05)
    page.keyboard.press("ArrowDown")
    wait_for_time(page, starts[1], 0.05)
    for _ in range(200):  # on to the first timestamp of the Hebrew track
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('td[lang=he] .segment')"):
            break
    focused = page.evaluate(
        "(() => { const a = document.activeElement, s = getComputedStyle(a);"
        " return {start: +a.closest('.segment').dataset.start / 1000, outline: s.outlineStyle,"
        " width: parseFloat(s.outlineWidth)}; })()"
    )
    assert focused["outline"] != "none" and focused["width"] >= 2  # visible focus
    page.evaluate(f"{PLAYER}.currentTime = 0")
    page.keyboard.press("Enter")
    wait_for_time(page, focused["start"], 0.5)


def test_the_viewers_caption_choice_holds_on_the_next_item(live_catalog, browser_page) -> None:
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    modes = f"Array.from({PLAYER}.textTracks).map(t => t.language + ':' + t.mode)"
    assert page.evaluate(modes)[0].endswith(":showing")  # the first track, by default
    # The viewer picks the English captions (as the player's menu does, by mode).
    page.evaluate(
        f"Array.from({PLAYER}.textTracks).forEach(t => t.mode = t.language === 'en' ? 'showing' : 'disabled')"
    )
    page.wait_for_function("localStorage.getItem('media-catalog.captions') === 'en'")
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    assert sorted(page.evaluate(modes)) == ["en:showing", "he:disabled"]
    page.evaluate(f"Array.from({PLAYER}.textTracks).forEach(t => t.mode = 'disabled')")
    page.wait_for_function("localStorage.getItem('media-catalog.captions') === 'off'")
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    assert all(mode.endswith(":disabled") for mode in page.evaluate(modes))


def _time_words(sessions, slug: str, language: str) -> list[tuple[float, str]]:  # type: ignore[no-untyped-def]
    """Measured word times on the track's first segment (a word every 400 ms): the words
    and their starts in seconds."""
    from media_catalog import words
    from media_catalog.models import Segment, Transcript

    with transaction(sessions) as session:
        segment = session.scalar(
            select(Segment)
            .join(Transcript)
            .join(MediaItem)
            .where(MediaItem.slug == slug, Transcript.language == language)
            .order_by(Segment.position)
        )
        timed = [
            words.Word(segment.start_ms + 400 * n, segment.start_ms + 400 * n + 350, a, b)
            for n, (a, b) in enumerate(words.tokens(segment.text))
        ]
        words.set_words(segment, timed)
        return [(w.start_ms / 1000, w.text_in(segment.text)) for w in timed]


def test_the_spoken_word_is_lit_and_a_click_on_a_word_seeks(
    live_catalog, demo_catalog, browser_page
) -> None:
    timed = _time_words(demo_catalog, VIDEO, "he")
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    lit = (
        "CSS.highlights.get('word-now') ? [...CSS.highlights.get('word-now')][0].toString() : null"
    )
    start, word = timed[2]
    page.evaluate(f"{PLAYER}.currentTime = {start + 0.1}")
    page.wait_for_function(f"{lit} === {word!r}")
    # A click on the fourth word seeks there (the first segment of the Hebrew track).
    target = page.locator("td[lang=he] .segment").first.locator(".text")
    box = page.evaluate(
        "([el, n]) => { const nodes = []; const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);"
        " while (w.nextNode()) nodes.push(w.currentNode);"
        " const from = +el.closest('.segment').dataset.words.split(';')[n].split(' ')[2];"
        " let seen = 0; for (const node of nodes) { if (from < seen + node.data.length) {"
        " const r = new Range(); r.setStart(node, from - seen); r.setEnd(node, from - seen + 1);"
        " const b = r.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; }"
        " seen += node.data.length; } return null; }",
        [target.element_handle(), 3],
    )
    page.evaluate(f"{PLAYER}.muted = true")
    page.mouse.click(*box)
    wait_for_time(page, timed[3][0], 0.3)
    page.wait_for_function(f"{lit} === {timed[3][1]!r}")


def test_word_timed_captions_carry_each_words_start(live_catalog, demo_catalog) -> None:
    import urllib.request

    import webvtt

    timed = _time_words(demo_catalog, VIDEO, "he")
    url = f"{live_catalog}/media/{VIDEO}/captions/he.vtt?words=1"
    body = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
    first = webvtt.from_buffer(__import__("io").StringIO(body)).captions[0]
    for seconds, word in timed[1:]:
        clock = f"{int(seconds // 3600):02}:{int(seconds // 60 % 60):02}:{seconds % 60:06.3f}"
        assert f"<{clock}>{word}" in first.raw_text
    plain = urllib.request.urlopen(url.replace("?words=1", ""), timeout=30).read().decode()
    assert "<00:" not in plain


def test_sharing_a_range_snaps_it_to_words(live_catalog, demo_catalog, browser_page) -> None:
    timed = _time_words(demo_catalog, VIDEO, "he")
    page = browser_page
    open_media(page, f"{live_catalog}/media/{VIDEO}")
    form = page.locator("form.share-range")
    form.locator("input[name=from]").fill(f"{timed[1][0] + 0.15:.2f}")
    form.locator("input[name=to]").fill(f"{timed[3][0] + 0.3:.2f}")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**shared=1**")
    start, end = timed[1][0], timed[3][0] + 0.35  # the words' start and end (350 ms long)
    assert f"t={start:g},{end:g}&shared=1" in page.url
    assert "snapped to word boundaries" in page.locator(".notice").first.inner_text()
