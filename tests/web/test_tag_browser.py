"""Issue 22's tagging and conflict paths walked in Debian's Chromium: tag a moment with a role,
nudge and drag its range on the seek bar and save it; lose a save to another editor and merge
without losing a word. Screenshots are kept in the test's tmp_path; no console errors."""

import pytest
from browser_support import chromium, needs_chromium, served, sign_in, watched
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import Annotation, MediaItem, Segment

pytestmark = needs_chromium
CLIP = "kgb-car-home-movie-1970s"


@pytest.fixture
def live_catalog(app, demo_catalog):  # type: ignore[no-untyped-def]
    with served(app) as base:
        yield base


@pytest.fixture
def page(tmp_path):  # type: ignore[no-untyped-def]
    with chromium() as browser:
        page = watched(browser.new_page(viewport={"width": 1280, "height": 900}))
        page.set_default_timeout(15_000)
        page.shots = tmp_path
        yield page
        assert page.console_errors == []


@pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg to make a playable clip")
def test_tag_with_a_role_then_move_its_range_on_the_seek_bar(
    live_catalog, page, add_user, demo_catalog, media_root
) -> None:
    from playwright.sync_api import expect

    media.make_test_pattern(
        media_root / "car.mp4", title="car", duration_s=20, frame_rate=5, still=True
    )
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == CLIP))
        attach_media(item, media_root, "car.mp4", media_root / "car.mp4")
    sign_in(page, live_catalog, add_user("editor"))
    page.goto(f"{live_catalog}/media/{CLIP}")
    expect(page.locator("#tag-role")).to_have_value("depicted")  # footage shows people
    page.fill("#tag-in", "2")
    page.fill("#tag-out", "6")
    page.fill("#tag-entity", "ida-nudel")
    page.select_option("#tag-role", "speaking")
    page.click("#tag-form button[type=submit]")
    expect(page.locator(".messages .notice")).to_have_text("Tag saved.")
    with demo_catalog() as session:
        tag = session.scalar(select(Annotation).where(Annotation.author == "editor@example.org"))
        assert (tag.role, tag.start_ms, tag.end_ms) == ("speaking", 2000, 6000)
    form = page.locator(f"form#tag-{tag.id}")
    band = page.locator(f".stage .tag-ranges .tag-range[data-tag='tag-{tag.id}']")
    expect(band).to_be_visible()  # under the player's seek bar
    strip = page.locator(".tag-ranges").bounding_box()
    box = band.bounding_box()
    assert abs((box["x"] - strip["x"]) / strip["width"] - 0.1) < 0.02  # 2 s of 20
    page.get_by_role("button", name="In point of Ida Nudel").focus()
    page.keyboard.press("Shift+ArrowRight")  # a second later
    page.keyboard.press("ArrowRight")  # and a tenth
    expect(form.locator("input[name=in]")).to_have_value("3.1")
    out = page.get_by_role("button", name="Out point of Ida Nudel").bounding_box()
    page.mouse.move(out["x"] + out["width"] / 2, out["y"] + out["height"] / 2)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.5, out["y"] + 5, steps=5)
    page.mouse.up()
    assert abs(float(form.locator("input[name=out]").input_value()) - 10) < 0.3
    form.locator("select[name=role]").select_option("interviewer")
    page.screenshot(path=str(page.shots / "tag-range-on-seek-bar.png"))
    form.get_by_role("button", name="Save tag").click()
    expect(page.locator(".messages .notice")).to_have_text("Tag saved.")
    with demo_catalog() as session:
        saved = session.get(Annotation, tag.id)
        assert (saved.start_ms, saved.role, saved.version) == (3100, "interviewer", 2)
        assert abs(saved.end_ms - 10_000) < 300


def test_a_losing_editor_keeps_their_text_and_merges(
    live_catalog, page, add_user, demo_catalog
) -> None:
    from playwright.sync_api import expect

    sign_in(page, live_catalog, add_user("editor"))
    url = f"{live_catalog}/media/interview-historian/segments/en-2"
    page.goto(url)
    original = page.input_value("#seg-text")
    # Another editor saves the segment while this one types.
    with page.context.browser.new_context() as other_context:
        other = watched(other_context.new_page())
        sign_in(other, live_catalog, add_user("editor", "other@example.org"))
        other.goto(url)
        other.fill("#seg-text", original + " [their fix]")
        other.click("form.segment-form button[type=submit]")
        expect(other.locator(".messages .notice")).to_have_text("Segment saved.")
        assert other.console_errors == []
    mine = original + "\nmy long correction, typed with care"
    page.fill("#seg-text", mine)
    page.click("form.segment-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Someone saved this while you were editing")
    row = page.locator("tr[data-field=text]")
    expect(row.locator(".theirs textarea")).to_have_value(original + " [their fix]")
    expect(row.locator(".yours textarea")).to_have_value(mine)  # nothing typed is lost
    page.screenshot(path=str(page.shots / "conflict-side-by-side.png"))
    merged = original + " [their fix]\nmy long correction, typed with care"
    row.locator(".yours textarea").fill(merged)
    page.get_by_role("button", name="Save my version").click()
    expect(page.locator(".messages .notice")).to_have_text("Segment saved.")
    with demo_catalog() as session:
        segment = session.scalar(select(Segment).where(Segment.text == merged))
        assert segment is not None and segment.version == 3 and "\r" not in segment.text
