"""Hosts in a real browser (Debian's Chromium via Playwright, under the app's CSP): build a guide
(draft, edit a section, add a section, add a moment from the player), then run the screening:
keyboard next/previous moves the stop, the clock runs, and the audience's page follows."""

import re

import pytest
from browser_support import chromium, needs_chromium, served, sign_in, watched
from sqlalchemy import select

from media_catalog import guides
from media_catalog.db import transaction
from media_catalog.models import Guide, MediaItem

pytestmark = needs_chromium


@pytest.fixture
def live_guides(app, chaptered_catalog):  # type: ignore[no-untyped-def]
    with served(app) as base:
        yield base


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield browser


def new_page(browser):  # type: ignore[no-untyped-def]
    return watched(browser.new_context().new_page())


def test_a_host_builds_a_guide_and_runs_the_screening(
    live_guides, browser, add_user, tmp_path
) -> None:
    base, shots = live_guides, tmp_path
    host = new_page(browser)
    sign_in(host, base, add_user("host"))
    host.goto(f"{base}/guides")
    host.fill("#new-title", "Refusenik at the library")
    host.click("text=Draft a guide from the catalog")
    host.wait_for_selector("h1:has-text('Refusenik at the library')")
    token = re.search(r"/guides/([^/]+)/edit", host.url)[1]

    # Type in two sections and the new section's title, then press only "Add section": the
    # one form saves everything typed on the page with it.
    summary = host.locator("section.edit-section").first
    summary.locator("textarea[name$=-body]").fill("Tonight we watch Refusenik together.")
    scene = host.locator("section.edit-section", has_text="Leningrad, 1970")
    scene.locator("textarea[name$=-questions]").fill("Who was on the plane?")
    host.select_option("#new-kind", "activity")
    host.fill("#new-section-title", "Write to a prisoner of conscience")
    host.click("#add-section button:has-text('Add section')")
    host.wait_for_selector(".notice:has-text('Guide saved; section added at the end.')")
    host.wait_for_selector("h2:has-text('Write to a prisoner of conscience')")
    assert summary.locator("textarea[name$=-body]").input_value() == (
        "Tonight we watch Refusenik together."
    )
    assert scene.locator("textarea[name$=-questions]").input_value() == "Who was on the plane?"
    # The draft's scenes ask about the film's own people and events.
    arrest = host.locator("section.edit-section", has_text="The arrest of Natan Sharansky")
    assert "Natan Sharansky" in arrest.locator("textarea[name$=-questions]").input_value()
    host.screenshot(path=str(shots / "guide-builder.png"), full_page=True)

    # Moments from the player: "Add to a guide" offers the scene each moment belongs to.
    for url, scene_title in [
        ("/media/interview-historian?t=65,75", "Opening: letters from Moscow"),
        ("/media/interview-refusenik?t=59.5,67", "Leningrad, 1970: the hijacking trial"),
    ]:
        host.goto(base + url)
        host.click("a.add-to-guide")
        host.wait_for_selector("h1:has-text('Add a moment to a guide')")
        chosen = host.locator("select[name=section] option:checked")
        assert chosen.inner_text() == scene_title
        host.fill("textarea[name=note]", "Notice the date given.")
        host.click("button:has-text('Add to “Refusenik at the library”')")
        host.wait_for_selector(".notice:has-text('Moment added')")

    # Share it with a link, so the audience can follow.
    host.check("input[name=visibility][value=link]")
    host.click("text=Save the guide")
    host.wait_for_selector(".notice:has-text('Guide saved.')")

    host.goto(f"{base}/guides/{token}")
    assert host.inner_text("#section-1 p") == "Tonight we watch Refusenik together."
    opening = host.locator("#section-5 figure.guide-moment")
    assert opening.locator("a.timestamp").inner_text() == "1:05–1:15"
    assert (
        opening.locator("a.timestamp")
        .get_attribute("href")
        .endswith("/media/interview-historian?t=65,75#t=65,75")
    )
    assert "Notice the date given." in opening.inner_text()
    # The Russian interview is quoted in the guide's English, through its translation.
    trial = host.locator("#section-6 figure.guide-moment")
    assert trial.locator("blockquote.excerpt").get_attribute("lang") == "en"
    assert "Leningrad affair" in trial.locator("blockquote.excerpt").inner_text()
    assert trial.locator(".excerpt-lang").inner_text() == "English translation of the Russian"
    assert host.locator("h2:has-text('Write to a prisoner of conscience')").count() == 1
    host.screenshot(path=str(shots / "guide-page.png"), full_page=True)
    # Printed: no navigation, no tools, the guide and its QR codes.
    host.emulate_media(media="print")
    assert not host.is_visible("header.site") and not host.is_visible("nav.guide-tools")
    assert host.is_visible("article.guide-doc") and host.is_visible("figure.guide-moment img.qr")
    host.emulate_media(media="screen")
    assert host.is_visible("header.site")

    # Screening: the audience opens the short link on a phone.
    host.goto(f"{base}/guides/{token}/screen")
    short = host.get_attribute("#short-link", "href")
    phone = new_page(browser)
    phone.set_viewport_size({"width": 390, "height": 800})
    phone.goto(short)
    phone.wait_for_selector("#follow-position:has-text('not started')")

    host.click("#clock-toggle")
    host.wait_for_selector("#clock:not(:text-is('0:00'))", timeout=15_000)
    host.keyboard.press("ArrowRight")
    host.wait_for_selector("#cue-0[aria-current=step]")
    host.keyboard.press("n")
    host.wait_for_selector("#cue-1[aria-current=step]")
    host.keyboard.press("ArrowRight")
    host.keyboard.press("p")
    host.wait_for_selector("#cue-1[aria-current=step]")
    assert host.locator("ol.cues > li[aria-current]").count() == 1
    phone.wait_for_selector(
        "#follow-title:has-text('Leningrad, 1970: the hijacking trial')", timeout=30_000
    )
    assert "Scene 2 of 9" in phone.inner_text("#follow-position")
    # The browser's own favicon request is the only 404 a page makes; no script or CSP errors.
    for page in (host, phone):
        assert [e for e in page.console_errors if "Failed to load resource" not in e] == []


def test_without_javascript_any_button_keeps_every_section_typed(
    live_guides, browser, add_user, sessions, tmp_path
) -> None:
    """A plain POST: typed in two sections, "Move down" on a third keeps both; a bad time
    refuses the save and shows the page again with everything typed still there. A guide
    whose language has no translation of an interview quotes the original, marked."""
    base = live_guides
    host = watched(browser.new_context(java_script_enabled=False).new_page())
    sign_in(host, base, add_user("host"))
    host.goto(f"{base}/guides")
    host.click("text=Draft a guide from the catalog")
    host.wait_for_selector("form#guide-builder")
    sections = host.locator("section.edit-section")
    sections.nth(0).locator("textarea[name$=-body]").fill("First, typed.")
    sections.nth(3).locator("textarea[name$=-body]").fill("Fourth, typed.")
    sections.nth(1).locator("button:has-text('Move down')").click()
    host.wait_for_selector(".notice:has-text('Guide saved; section moved down.')")
    assert host.locator("textarea:has-text('First, typed.')").count() == 1
    assert host.locator("textarea:has-text('Fourth, typed.')").count() == 1
    assert "Using this guide" in host.locator("section.edit-section h2").nth(2).inner_text()

    scene = host.locator("section.edit-section", has_text="Helsinki and the watch groups")
    scene.locator("input[name$=-start]").fill("soon")
    sections.nth(0).locator("textarea[name$=-body]").fill("First, typed again.")
    host.click("text=Save the guide")
    host.wait_for_selector(".notice.error:has-text(\"start: 'soon' is not a time\")")
    assert scene.locator("input[name$=-start]").input_value() == "soon"
    assert sections.nth(0).locator("textarea[name$=-body]").input_value() == "First, typed again."
    host.screenshot(path=str(tmp_path / "guide-refused.png"), full_page=True)

    token = host.url.split("/guides/")[1].split("/")[0]
    with transaction(sessions) as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-refusenik"))
        guides.add_moment(session, None, guide, guide.sections[0].id, item, 59_500, 67_000)
    # The host writes the guide in Hebrew: the catalog has no Hebrew track of the Russian.
    host.goto(f"{base}/guides/{token}/edit")
    host.select_option("#guide-language", "he")
    host.click("text=Save the guide")
    host.wait_for_selector(".notice:has-text('Guide saved.')")
    host.goto(f"{base}/guides/{token}")
    assert host.locator("article.guide-doc").get_attribute("lang") == "he"
    quote = host.locator("figure.guide-moment blockquote.excerpt")
    assert quote.get_attribute("lang") == "ru" and "ленинградском" in quote.inner_text()
    label = host.locator("figure.guide-moment .excerpt-lang").inner_text()
    assert label == "In Russian: no Hebrew translation in the catalog"
    host.screenshot(path=str(tmp_path / "guide-original-marked.png"), full_page=True)
    assert [e for e in host.console_errors if "Failed to load resource" not in e] == []


def test_a_host_writes_the_guide_in_another_language(
    live_guides, browser, add_user, sessions, tmp_path
) -> None:
    """The guide's language is chosen in the builder from the film's transcripts' languages;
    excerpts follow it on the builder, the guide page and its PDF."""
    from playwright.sync_api import expect

    base = live_guides
    host = new_page(browser)
    sign_in(host, base, add_user("host"))
    host.goto(f"{base}/guides")
    host.fill("#new-title", "Guide in Hebrew")
    host.click("text=Draft a guide from the catalog")
    host.wait_for_selector("h1:has-text('Guide in Hebrew')")
    token = re.search(r"/guides/([^/]+)/edit", host.url)[1]
    for url in ("/media/interview-organizer?t=70,90", "/media/interview-historian?t=20,35"):
        host.goto(base + url)
        host.click("a.add-to-guide")
        host.click("button:has-text('Add to “Guide in Hebrew”')")
        host.wait_for_selector(".notice:has-text('Moment added')")
    language = host.locator("#guide-language")
    expect(language).to_have_value("en")  # the film's first language
    options = language.locator("option").all_inner_texts()
    assert options == ["English (en)", "Hebrew (he)", "Russian (ru)"]
    excerpts = host.locator("ul.edit-moments blockquote.excerpt")
    expect(excerpts.first).to_have_attribute("lang", "en")  # the Hebrew through its translation
    language.select_option("he")
    host.click("text=Save the guide")
    expect(host.locator(".messages .notice")).to_have_text("Guide saved.")
    expect(language).to_have_value("he")
    expect(excerpts.first).to_have_attribute("lang", "he")  # now the Hebrew original, unmarked
    host.screenshot(path=str(tmp_path / "guide-language-builder.png"), full_page=True)

    host.goto(f"{base}/guides/{token}")
    expect(host.locator("article.guide-doc")).to_have_attribute("lang", "he")
    moments = host.locator("figure.guide-moment")
    expect(moments.nth(0).locator("blockquote.excerpt")).to_have_attribute("lang", "he")
    expect(moments.nth(0).locator(".excerpt-lang")).to_have_count(0)
    expect(moments.nth(1).locator(".excerpt-lang")).to_have_text(
        "In English: no Hebrew translation in the catalog"
    )
    host.screenshot(path=str(tmp_path / "guide-language-page.png"), full_page=True)
    with host.expect_response(f"**/guides/{token}/guide.pdf") as pdf:
        host.goto(f"{base}/guides/{token}/guide.pdf")
    assert pdf.value.status == 200 and pdf.value.headers["content-type"] == "application/pdf"
    assert [e for e in host.console_errors if "Failed to load resource" not in e] == []
