"""Hosts in a real browser (Debian's Chromium via Playwright, under the app's CSP): build a guide
(draft, edit a section, add a section, add a moment from the player), then run the screening:
keyboard next/previous moves the stop, the clock runs, and the audience's page follows."""

import re

import pytest
from browser_support import chromium, needs_chromium, served, sign_in, watched

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


def test_a_host_builds_a_guide_and_runs_the_screening(live_guides, browser, add_user) -> None:
    base = live_guides
    host = new_page(browser)
    sign_in(host, base, add_user("host"))
    host.goto(f"{base}/guides")
    host.fill("#new-title", "Refusenik at the library")
    host.click("text=Draft a guide from the catalog")
    host.wait_for_selector("h1:has-text('Refusenik at the library')")
    token = re.search(r"/guides/([^/]+)/edit", host.url)[1]

    # Edit the film summary in the host's own words, and add a section at the end.
    summary = host.locator("section.edit-section").first
    summary.locator("textarea[name=body]").fill("Tonight we watch Refusenik together.")
    summary.locator("textarea[name=questions]").fill("Who in your family left a country?")
    summary.locator("button:has-text('Save section')").click()
    host.wait_for_selector(".notice:has-text('Section saved.')")
    host.select_option("#new-kind", "activity")
    host.fill("#new-section-title", "Write to a prisoner of conscience")
    host.click("#add-section button[type=submit]")
    host.wait_for_selector("h2:has-text('Write to a prisoner of conscience')")

    # A moment from the player: the range on screen goes into the first scene.
    host.goto(f"{base}/media/interview-historian?t=20,35")
    host.click("a.add-to-guide")
    host.wait_for_selector("h1:has-text('Add a moment to a guide')")
    host.select_option("select[name=section]", label="Opening: letters from Moscow")
    host.fill("textarea[name=note]", "Notice the date she gives.")
    host.click("button:has-text('Add to “Refusenik at the library”')")
    host.wait_for_selector(".notice:has-text('Moment added')")

    # Share it with a link, so the audience can follow.
    host.check("input[name=visibility][value=link]")
    host.click("text=Save title and sharing")
    host.wait_for_selector(".notice:has-text('Guide settings saved.')")

    host.goto(f"{base}/guides/{token}")
    assert host.inner_text("#section-1 p") == "Tonight we watch Refusenik together."
    moment = host.locator("figure.guide-moment")
    assert moment.locator("a.timestamp").inner_text() == "0:20–0:35"
    assert (
        moment.locator("a.timestamp")
        .get_attribute("href")
        .endswith("/media/interview-historian?t=20,35#t=20,35")
    )
    assert "Notice the date she gives." in moment.inner_text()
    assert host.locator("h2:has-text('Write to a prisoner of conscience')").count() == 1
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
