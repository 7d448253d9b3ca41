"""An editor in a real browser (Debian's Chromium via Playwright) builds a reel from search results
and the player, reorders it with the keyboard, and downloads its EDL; no CSP errors on the way."""

import io
from pathlib import Path

import pycmx
import pytest
from browser_support import chromium, needs_chromium, served, watched
from conftest import PASSWORD
from sqlalchemy import select

from media_catalog.models import Reel

pytestmark = needs_chromium


@pytest.fixture
def live_catalog(app, demo_catalog):  # type: ignore[no-untyped-def]
    with served(app) as base:
        yield base


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    with chromium() as browser:
        yield watched(browser.new_context(accept_downloads=True).new_page())


def test_build_a_reel_and_download_its_edl(live_catalog, page, add_user, demo_catalog) -> None:
    page.goto(f"{live_catalog}/login")
    page.fill("#email", add_user("editor"))
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .account .who")

    # From a search result: the first moment, into a new reel.
    page.goto(f"{live_catalog}/search?q=Sharansky")
    first = page.locator("details.add-to-reel").first
    first.locator("summary").click()
    first.locator("select[name=reel]").select_option("")
    first.locator("input[name=new_name]").fill("Bridge selects")
    first.locator("input[name=note]").fill("first pick")
    first.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .notice")
    assert "Added to “Bridge selects”" in page.locator(".messages .notice").inner_text()

    # In the player of an interview, "This segment" takes the spoken segment's start and end.
    page.goto(f"{live_catalog}/media/interview-historian")
    box = page.locator("#add-to-reel details")
    box.locator("summary").click()
    box.locator(".reel-set-segment").click()
    first_row = page.locator(".segments li[data-start]").first
    start = int(first_row.get_attribute("data-start")) / 1000
    assert float(box.locator("input[name=in]").input_value()) == start

    # From the player: a range typed in, into the reel now offered in the list.
    page.goto(f"{live_catalog}/media/sharansky-glienicke-bridge-1986-02-11")
    box = page.locator("#add-to-reel details")
    box.locator("summary").click()
    box.locator("input[name=in]").fill("2")
    box.locator("input[name=out]").fill("9.5")
    box.locator("select[name=reel]").select_option("bridge-selects")
    box.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .notice")

    page.goto(f"{live_catalog}/reels/bridge-selects")
    rows = page.locator("li.reel-entry")
    assert rows.count() == 2
    second_id = rows.nth(1).get_attribute("data-id")
    rows.nth(1).focus()
    page.keyboard.press("Alt+ArrowUp")  # the bridge clip first
    page.wait_for_selector("#reel-entries[data-saved=yes]")  # no eval: the CSP refuses it
    assert page.evaluate("document.activeElement.dataset.id") == second_id
    with demo_catalog() as session:
        reel = session.scalar(select(Reel).where(Reel.slug == "bridge-selects"))
        assert [str(e.id) for e in reel.entries][0] == second_id
        assert reel.entries[1].note == "first pick"

    # And back again by dragging with the mouse.
    page.evaluate("document.getElementById('reel-entries').dataset.saved = ''")
    rows.nth(1).drag_to(rows.nth(0), target_position={"x": 20, "y": 5})
    page.wait_for_selector("#reel-entries[data-saved=yes]")  # no eval: the CSP refuses it
    assert rows.nth(1).get_attribute("data-id") == second_id
    with demo_catalog() as session:
        reel = session.scalar(select(Reel).where(Reel.slug == "bridge-selects"))
        assert str(reel.entries[1].id) == second_id
    page.evaluate("document.getElementById('reel-entries').dataset.saved = ''")
    rows.nth(1).focus()
    page.keyboard.press("Alt+ArrowUp")  # the bridge clip first again, for the EDL below
    page.wait_for_selector("#reel-entries[data-saved=yes]")  # no eval: the CSP refuses it

    with page.expect_download() as info:
        page.click("text=CMX 3600 EDL")
    download = info.value
    assert download.suggested_filename == "bridge-selects.edl"
    edl = pycmx.parse_cmx3600(io.StringIO(Path(download.path()).read_text()))
    events = [e.edits[0] for e in edl.events]
    assert edl.title == "Bridge selects"
    assert (events[0].source_in, events[0].source_out) == ("01:00:02:00", "01:00:09:13")
    assert events[0].clip_name == "Sharansky crosses the Glienicke Bridge to freedom"
    assert len(events) == 2 and events[1].record_in == "00:00:07:13"
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []


def test_reel_pages_raise_no_content_security_policy_errors(
    live_catalog, page, add_user, demo_catalog
) -> None:
    from reelkit import make_reel

    from media_catalog import reels
    from media_catalog.db import transaction

    slug = make_reel(demo_catalog)
    with transaction(demo_catalog) as session:
        token = reels.share(session, session.scalar(select(Reel).where(Reel.slug == slug)), None)
    page.goto(f"{live_catalog}/login")
    page.fill("#email", "cutter@example.org")
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .account .who")
    for path in ("/reels", f"/reels/{slug}", f"/reels/{slug}/shot-list", f"/shared/{token}"):
        page.goto(f"{live_catalog}{path}")
        page.wait_for_load_state("load")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
