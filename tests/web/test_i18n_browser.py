"""The language switcher in a real browser (Debian's Chromium through Playwright, under the
app's Content-Security-Policy): each language is chosen with the switcher, the page's text,
lang and direction follow, and the confirmation is flashed in the new language; the scripts
write in it too. With MEDIA_CATALOG_I18N_SCREENSHOTS=docs/screenshots it saves the player and a
guide drafted in Hebrew and in Russian."""

import os
from pathlib import Path

import pytest
from flask_babel import force_locale, ngettext
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser import VIDEO, demo_media, live_catalog, strict_page  # noqa: F401 (fixtures)

from media_catalog import accounts, guides
from media_catalog.db import transaction
from media_catalog.demo.guide import MOMENTS, import_demo_chapters
from media_catalog.guides import drafting
from media_catalog.models import MediaItem, User
from media_catalog.web import locale_formats

EXPECTED = {
    "ru": ("ltr", "Перейти к содержимому", "Интерфейс теперь на русском языке."),
    "he": ("rtl", "דילוג לתוכן", "הממשק מוצג כעת בעברית."),
    "en": ("ltr", "Skip to content", "The interface is now shown in this language."),
}
BUTTON = {"en": "Change language", "ru": "Сменить язык", "he": "החלפת שפה"}


def _switch(page, current: str, language: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#ui-language", language)
    page.get_by_role("button", name=BUTTON[current]).click()
    page.wait_for_load_state()


def test_each_language_through_the_switcher(live_catalog, strict_page) -> None:  # noqa: F811
    page = strict_page
    page.goto(f"{live_catalog}/media/{VIDEO}")
    current = "en"
    for language in ("ru", "he", "en"):
        _switch(page, current, language)
        direction, skip_text, notice = EXPECTED[language]
        assert page.url.endswith(f"/media/{VIDEO}")  # the same shareable path, no prefix
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        expect(page.locator("a.skip")).to_have_text(skip_text)
        expect(page.locator(".messages .notice")).to_have_text(notice)
        current = language
    # The seek bar keeps time running left to right in Hebrew too.
    _switch(page, "en", "he")
    assert page.eval_on_selector("#player", "e => getComputedStyle(e).direction") == "ltr"
    assert page.eval_on_selector("header.site", "e => getComputedStyle(e).direction") == "rtl"


def test_the_scripts_write_in_the_page_language(app, live_catalog, strict_page) -> None:  # noqa: F811
    """The player's find box answers in Russian, and the scripts' plural forms, picked by the
    browser's Intl.PluralRules from the served catalog, are the ones gettext gives the server
    for every number (Russian has three, Hebrew its own)."""
    page = strict_page
    page.goto(f"{live_catalog}/media/{VIDEO}")
    _switch(page, "en", "ru")
    page.fill("#find-input", "the")
    count = page.eval_on_selector_all("mark.found", "marks => marks.length")
    assert count > 1
    expect(page.locator(".find-count")).to_have_text(f"1 из {count}")
    page.fill("#find-input", "qqqzzz")
    expect(page.locator(".find-count")).to_have_text("нет совпадений")
    for language in ("ru", "he"):
        if language == "he":
            _switch(page, "ru", "he")
        numbers = [0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1_000_000]
        in_browser = page.evaluate(
            "ns => ns.map(n => ngettext('%(num)d match', '%(num)d matches', n))", numbers
        )
        with app.test_request_context(), force_locale(language):
            on_server = [ngettext("%(num)d match", "%(num)d matches", n) for n in numbers]
        assert in_browser == on_server
    assert in_browser[1] != in_browser[2] != in_browser[5]  # Hebrew: one, two, many


@pytest.mark.skipif(
    not os.environ.get("MEDIA_CATALOG_I18N_SCREENSHOTS"),
    reason="set MEDIA_CATALOG_I18N_SCREENSHOTS=docs/screenshots to refresh the README's pictures",
)
def test_screenshots_of_the_player_and_a_guide_in_hebrew_and_russian(
    app,
    demo_catalog,
    live_catalog,  # noqa: F811
    strict_page,  # noqa: F811
) -> None:
    folder = Path(os.environ["MEDIA_CATALOG_I18N_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    tokens = {language: _guide_drafted_in(app, demo_catalog, language) for language in ("he", "ru")}
    page = strict_page
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_catalog}/media/{VIDEO}")
    current = "en"
    for language in ("he", "ru"):
        _switch(page, current, language)
        page.goto(f"{live_catalog}/media/{VIDEO}")
        page.screenshot(path=str(folder / f"player-{language}.png"))
        page.goto(f"{live_catalog}/guides/{tokens[language]}")
        page.locator("#section-5").scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"guide-{language}.png"))
        current = language


def _guide_drafted_in(app, sessions, language: str) -> str:  # type: ignore[no-untyped-def]
    """The demo guide as a host working in `language` drafts it from the web, with its
    moments, shared by link."""
    with app.test_request_context(), force_locale(language), transaction(sessions) as session:
        film = import_demo_chapters(session)
        host = session.scalar(select(User).where(User.role == "host")) or accounts.add_user(
            session, "shots-host@example.org", "a long demo password", "host"
        )
        translate = locale_formats.translate()  # as the builder's "Draft a guide" does
        guide = drafting.draft_guide(session, host, film, translate=translate, language=language)
        guide.visibility = "link"
        scenes = guides.scenes(guide)
        for number, (_title, slug, start, end, _note) in enumerate(MOMENTS):
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            section = scenes[number].id
            guides.add_moment(session, host, guide, section, item, start * 1000, end * 1000)
        return guide.token
