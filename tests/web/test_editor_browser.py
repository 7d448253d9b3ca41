"""Editors in a real browser (Debian's Chromium via Playwright): sign in through the form, confirm
a suggestion with the keyboard in the review queue, tag a time range and selected words in the
player; and no page breaks its own CSP."""

import pytest
from browser_support import chromium, needs_chromium, served, sign_in, watched
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import Annotation, MediaItem

pytestmark = needs_chromium


@pytest.fixture
def live_catalog(app, demo_catalog):  # type: ignore[no-untyped-def]
    with served(app) as base:
        yield base


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield watched(browser.new_page())


def test_confirm_a_suggestion_with_the_keyboard(live_catalog, page, add_user, demo_catalog) -> None:
    sign_in(page, live_catalog, add_user("editor"))
    page.goto(f"{live_catalog}/review?media=interview-historian")
    second = page.locator("li.suggestion").nth(1)
    annotation_id = int(second.get_attribute("data-id"))
    page.keyboard.press("j")  # first suggestion
    page.keyboard.press("j")  # second
    page.keyboard.press("c")
    page.wait_for_selector(f"li.suggestion.decided[data-id='{annotation_id}']")
    assert second.get_attribute("data-status") == "confirmed"
    assert page.evaluate("document.activeElement.dataset.id") == page.locator("li.suggestion").nth(
        2
    ).get_attribute("data-id")  # focus moved on to the next one
    with demo_catalog() as session:
        annotation = session.get(Annotation, annotation_id)
        assert (annotation.status, annotation.version) == ("confirmed", 2)
    first_id = int(page.locator("li.suggestion").nth(0).get_attribute("data-id"))
    page.keyboard.press("k")
    page.keyboard.press("k")
    page.keyboard.press("r")
    page.wait_for_selector(f"li.suggestion.decided[data-id='{first_id}']")
    with demo_catalog() as session:
        assert session.get(Annotation, first_id).status == "rejected"
    # No script errors (a resource the browser drops mid-load may still be reported).
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []


def test_pages_raise_no_content_security_policy_errors(live_catalog, page, add_user) -> None:
    sign_in(page, live_catalog, add_user("admin"))
    for path in (
        "/",
        "/people",
        "/media/interview-historian",
        "/media/interview-student",
        "/search?q=Sharansky",
        "/timeline",
        "/review",
        "/admin/grants",
    ):
        page.goto(f"{live_catalog}{path}")
        page.wait_for_load_state("load")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


@pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg to make a playable clip")
def test_tag_a_time_range_in_the_player(
    live_catalog, page, add_user, demo_catalog, media_root
) -> None:
    media.make_test_pattern(
        media_root / "car.mp4", title="car", duration_s=20, frame_rate=5, still=True
    )
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "kgb-car-home-movie-1970s"))
        attach_media(item, media_root, "car.mp4", media_root / "car.mp4")
    sign_in(page, live_catalog, add_user("editor"))
    page.goto(f"{live_catalog}/media/kgb-car-home-movie-1970s")
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    page.evaluate("document.getElementById('player').currentTime = 3")
    page.wait_for_function("Math.abs(document.getElementById('player').currentTime - 3) < 0.3")
    page.click("#tag-form .set-in")
    page.evaluate("document.getElementById('player').currentTime = 7.5")
    page.wait_for_function("Math.abs(document.getElementById('player').currentTime - 7.5) < 0.3")
    page.click("#tag-form .set-out")
    page.fill("#tag-entity", "ida-nudel")
    page.fill("#tag-note", "seen at the window")
    page.click("#tag-form button[type=submit]")
    page.wait_for_selector(".messages .notice")
    assert page.locator(".messages .notice").inner_text() == "Tag saved."
    with demo_catalog() as session:
        tag = session.scalar(select(Annotation).where(Annotation.note == "seen at the window"))
        assert abs(tag.start_ms - 3000) < 300 and abs(tag.end_ms - 7500) < 300
        assert (tag.entity.slug, tag.role, tag.author) == (
            "ida-nudel",
            "depicted",
            "editor@example.org",
        )


def test_tag_words_selected_in_the_transcript(live_catalog, page, add_user, demo_catalog) -> None:
    sign_in(page, live_catalog, add_user("editor"))
    page.goto(f"{live_catalog}/media/interview-historian")
    row = page.locator(".segments li").nth(2)
    # Select the first five characters of the segment's text, as a mouse drag would.
    page.evaluate(
        """(li) => { const text = li.querySelector('.text'); const node = text.firstChild.nodeType === 3
             ? text.firstChild : text.firstChild.firstChild;
           const range = document.createRange(); range.setStart(node, 0); range.setEnd(node, 5);
           const sel = document.getSelection(); sel.removeAllRanges(); sel.addRange(range); }""",
        row.element_handle(),
    )
    page.wait_for_function("document.getElementById('tag-span-end').value === '5'")
    assert page.input_value("#tag-segment") == row.get_attribute("id")
    page.fill("#tag-keyword", "opening words")
    page.click("#tag-form button[type=submit]")
    page.wait_for_selector(".messages .notice")
    with demo_catalog() as session:
        tag = session.scalar(select(Annotation).where(Annotation.tag == "opening words"))
        assert tag.start_ms == int(row.get_attribute("data-start"))
        assert (tag.span_start, tag.span_end) == (0, 5) and len(tag.quote) == 5


def test_a_working_session_trips_on_nothing(live_catalog, page, add_user, tmp_path) -> None:
    """Issue 22's small things, walked as an editor: the review queue in pages with counts that
    move as items are decided (keys and buttons), an entity page listing each moment once, a
    year alone on search, the site's icon; no console errors at all, not even a 404."""
    from playwright.sync_api import expect

    sign_in(page, live_catalog, add_user("editor"))
    page.goto(f"{live_catalog}/review")
    counter = page.locator(".review-count")
    total = int(counter.get_attribute("data-total"))
    expect(page.locator("li.suggestion")).to_have_count(50)
    page.locator("nav.review-pages a[rel=next]").click()
    expect(page.locator("nav.review-pages a[aria-current=page]")).to_have_text("2")
    group = page.locator("section.review-group").first
    in_group = int(group.locator("h2 .count").inner_text())
    page.keyboard.press("j")
    page.keyboard.press("c")
    expect(counter).to_have_text(f"{total - 1} suggested mentions to review")
    expect(group.locator("h2 .count")).to_have_text(str(in_group - 1))
    group.locator("li.suggestion").nth(1).get_by_role("button", name="Reject").click()
    expect(counter).to_have_text(f"{total - 2} suggested mentions to review")
    expect(page.locator("#review-status")).to_contain_text("Rejected.")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # in place
    page.screenshot(path=str(tmp_path / "review-queue.png"))
    page.reload()
    expect(counter).to_have_text(f"{total - 2} suggested mentions to review")  # as saved

    page.goto(f"{live_catalog}/entities/kgb")
    links = page.locator("section.film-moments ul.moments").first.locator("a.timestamp")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs and len(hrefs) == len(set(hrefs))

    page.goto(f"{live_catalog}/search")
    page.locator(".search-form summary").click()
    page.fill("input[name=from]", "1977")
    page.locator("input[name=from]").press("Enter")
    expect(page.locator("#needs-words-h")).to_have_text("Add words to search from 1977 on")
    page.locator("ul.period-events a").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert "/entities/" in page.url
    page.screenshot(path=str(tmp_path / "period.png"))
    assert page.console_errors == []
