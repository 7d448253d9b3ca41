"""The media page in a real browser (Debian's Chromium, driven by Playwright): deep links seek
the player, timestamp links seek without leaving the page, Hebrew reads right to left."""

import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from media_catalog.db import transaction
from media_catalog.ingest import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import MediaItem

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() or not media.ffmpeg_available(),
    reason="needs Debian's chromium and ffmpeg (scripts/setup.sh installs both)",
)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_catalog(app, demo_catalog, media_root):  # type: ignore[no-untyped-def]
    """The demo catalog served on a free port, with a real video for the student interview."""
    media.make_test_pattern(
        media_root / "student.mp4", title="demo", duration_s=60, frame_rate=5, still=True
    )
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-student"))
        attach_media(item, media_root, "student.mp4", media_root / "student.mp4")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser_page():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser.new_page()
        browser.close()


def current_time(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate("document.getElementById('player').currentTime"))


def test_deep_link_opens_the_player_at_the_moment(live_catalog, browser_page) -> None:
    page = browser_page
    page.goto(f"{live_catalog}/media/interview-student?t=30")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.wait_for_function("Math.abs(document.getElementById('player').currentTime - 30) < 0.5")


def test_timestamp_links_seek_in_place(live_catalog, browser_page) -> None:
    page = browser_page
    page.goto(f"{live_catalog}/media/interview-student")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    row = page.locator(".segments li").nth(3)
    start = int(row.get_attribute("data-start") or 0) / 1000
    row.locator("a.timestamp").click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('player').currentTime - {start}) < 0.5"
    )
    assert page.url.endswith(f"?t={start:g}")  # the address follows, no page load
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_hebrew_transcript_renders_right_to_left(live_catalog, browser_page) -> None:
    page = browser_page
    page.goto(f"{live_catalog}/media/interview-organizer")
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('section.transcript td[lang=he] .text')).direction"
    )
    assert direction == "rtl"
