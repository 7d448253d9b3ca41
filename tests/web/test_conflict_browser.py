"""Conflicts that keep work, on the entity editor and on chapters, walked in Debian's Chromium:
two editors open the same record, the first saves, the second's save shows both versions with
their own text kept, and saving the merge goes through. Screenshots are kept in tmp_path."""

import pytest
from browser_support import chromium, needs_chromium, served, sign_in, watched
from sqlalchemy import select

from media_catalog.models import Chapter, Entity, Film

pytestmark = needs_chromium


@pytest.fixture
def live_catalog(app, chaptered_catalog):  # type: ignore[no-untyped-def]
    with served(app) as base:
        yield base


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield browser


def signed_in(browser, base: str, email: str):  # type: ignore[no-untyped-def]
    """A page in a browser context of its own (its own session cookie), signed in."""
    page = watched(browser.new_context(viewport={"width": 1280, "height": 900}).new_page())
    page.set_default_timeout(15_000)
    sign_in(page, base, email)
    return page


def test_a_losing_entity_edit_keeps_the_text_and_merges(
    live_catalog, browser, add_user, chaptered_catalog, tmp_path
) -> None:
    from playwright.sync_api import expect

    url = f"{live_catalog}/entities/ida-nudel/edit"
    mine = signed_in(browser, live_catalog, add_user("editor"))
    theirs = signed_in(browser, live_catalog, add_user("editor", "other@example.org"))
    mine.goto(url)
    theirs.goto(url)
    theirs.fill("#e-description", "Their words: a refusenik and prisoner of Zion.")
    theirs.click("form.entity-form button[type=submit]")
    expect(theirs.locator(".messages .notice")).to_have_text("Saved Ida Nudel.")

    typed = "My words, typed with care:\nthe guardian angel of prisoners of Zion."
    mine.fill("#e-description", typed)
    mine.fill("#e-date", "1931/2021")
    mine.click("form.entity-form button[type=submit]")
    expect(mine.locator("h1")).to_have_text("Someone saved this while you were editing")
    row = mine.locator("tr[data-field=description]")
    expect(row.locator(".theirs textarea")).to_have_value(
        "Their words: a refusenik and prisoner of Zion."
    )
    expect(row.locator(".yours textarea")).to_have_value(typed)  # nothing typed is lost
    expect(mine.locator("tr[data-field=date_text] .yours input")).to_have_value("1931/2021")
    mine.screenshot(path=str(tmp_path / "entity-conflict.png"), full_page=True)

    merged = "Their words: a refusenik and prisoner of Zion.\n" + typed
    row.locator(".yours textarea").fill(merged)
    mine.get_by_role("button", name="Save my version").click()
    expect(mine.locator(".messages .notice")).to_have_text("Saved Ida Nudel.")
    expect(mine.locator("#e-description")).to_have_value(merged)
    with chaptered_catalog() as session:
        entity = session.scalar(select(Entity).where(Entity.slug == "ida-nudel"))
        assert (entity.description, entity.date_text) == (merged, "1931/2021")
    assert mine.console_errors == [] and theirs.console_errors == []


def test_a_losing_chapter_edit_keeps_the_text_and_merges(
    live_catalog, browser, add_user, chaptered_catalog, tmp_path
) -> None:
    from playwright.sync_api import expect

    with chaptered_catalog() as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        chapter = session.scalar(
            select(Chapter).where(Chapter.film_id == film.id).order_by(Chapter.start_ms)
        )
        chapter_id, original_title = chapter.id, chapter.title
    url = f"{live_catalog}/chapters/films/refusenik"
    mine = signed_in(browser, live_catalog, add_user("host"))
    theirs = signed_in(browser, live_catalog, add_user("editor"))
    mine.goto(url)
    theirs.goto(url)
    theirs.fill(f"#title-{chapter_id}", original_title + " (their cut)")
    theirs.click(f"#chapter-{chapter_id} form.guide-form button[type=submit]")
    expect(theirs.locator(".messages .notice")).to_have_text("Chapter saved.")

    mine.fill(f"#description-{chapter_id}", "Letters smuggled out of Moscow, read aloud.")
    mine.fill(f"#start-{chapter_id}", "0:00:05")
    mine.click(f"#chapter-{chapter_id} form.guide-form button[type=submit]")
    expect(mine.locator("h1")).to_have_text("Someone saved this while you were editing")
    title = mine.locator("tr[data-field=title]")
    expect(title.locator(".theirs output")).to_have_text(original_title + " (their cut)")
    expect(title.locator(".yours input")).to_have_value(original_title)
    expect(mine.locator("tr[data-field=description] .yours input")).to_have_value(
        "Letters smuggled out of Moscow, read aloud."
    )
    start = mine.locator("tr[data-field=start]")
    expect(start.locator(".theirs output")).to_have_text("00:00:00.000")
    expect(start.locator(".yours input")).to_have_value("0:00:05")
    mine.screenshot(path=str(tmp_path / "chapter-conflict.png"), full_page=True)

    title.locator(".yours input").fill(original_title + " (their cut)")
    mine.get_by_role("button", name="Save my version").click()
    expect(mine.locator(".messages .notice")).to_have_text("Chapter saved.")
    with chaptered_catalog() as session:
        saved = session.get(Chapter, chapter_id)
        assert (saved.title, saved.description, saved.start_ms) == (
            original_title + " (their cut)",
            "Letters smuggled out of Moscow, read aloud.",
            5_000,
        )
    assert mine.console_errors == [] and theirs.console_errors == []
