"""The film's cut in a real browser (Debian's Chromium via Playwright): the finished film's player
marks the scene on screen beside its "watch the full interview" link as the film plays, and the
scene and editor pages keep to the Content-Security-Policy."""

import pytest
from browser_support import chromium, needs_chromium, served, watched
from conftest import PASSWORD
from sqlalchemy import select
from test_filmcut import EDL

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.filmcut import import_cut
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import Film, MediaItem

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg for a playable film"),
]


@pytest.fixture
def film_with_cut(demo_catalog, media_root, write):  # type: ignore[no-untyped-def]
    media.make_test_pattern(
        media_root / "film.mp4", title="film", duration_s=26, frame_rate=5, still=True
    )
    with transaction(demo_catalog) as session:
        items = {i.slug: i for i in session.scalars(select(MediaItem))}
        items["interview-historian"].identifier = "HIST01"
        items["interview-historian"].start_timecode = "01:00:00:00"
        items["interview-historian"].frame_rate = 25
        court = items["leningrad-court-exterior-1970-12"]
        court.start_timecode, court.frame_rate = "01:00:00:00", 25
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        item = MediaItem(slug="refusenik-the-film", kind="film", title="Refusenik", films=[film])
        session.add(item)
        session.flush()
        attach_media(item, media_root, "film.mp4", media_root / "film.mp4")
    with transaction(demo_catalog) as session:
        import_cut(session, "refusenik", write("cut.edl", EDL), 25)
    return demo_catalog


@pytest.fixture
def live_catalog(app, film_with_cut):  # type: ignore[no-untyped-def]
    with served(app) as base:
        yield base


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield watched(browser.new_page())


def test_the_film_player_marks_the_scene_on_screen(live_catalog, page) -> None:
    page.goto(f"{live_catalog}/media/refusenik-the-film")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.evaluate("document.getElementById('player').currentTime = 12")
    page.wait_for_selector(".behind-scenes li[aria-current]")
    current = page.locator(".behind-scenes li[aria-current]")
    assert current.get_attribute("data-from") == "10000"
    assert "Crowd outside the Leningrad court" in current.inner_text()
    page.evaluate("document.getElementById('player').currentTime = 3")
    page.wait_for_selector(".behind-scenes li[data-from='0'][aria-current]")
    assert page.locator(".behind-scenes li[aria-current]").count() == 1


def test_cut_pages_raise_no_content_security_policy_errors(live_catalog, page, add_user) -> None:
    email = add_user("editor")
    page.goto(f"{live_catalog}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .account .who")
    for path in (
        "/films/refusenik",
        "/films/refusenik/scenes",
        "/films/refusenik/cut/unmatched",
        "/media/refusenik-the-film",
        "/media/leningrad-court-exterior-1970-12",
    ):
        page.goto(f"{live_catalog}{path}")
        page.wait_for_load_state("load")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
