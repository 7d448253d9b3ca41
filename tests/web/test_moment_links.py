"""Links to a moment are not shared ranges: every page that points into the player (entity
pages, the timeline, guides, reels, search, the review queue, the player's own panels) opens it
at the moment without the "Shared range" banner; only the share-a-range form's link shows it.
Swept with the test client over every such link, then walked in Debian's Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import chromium, needs_chromium, served, sign_in, watched
from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog import guides, reels
from media_catalog.db import transaction
from media_catalog.guides import drafting
from media_catalog.models import Film, MediaItem, User
from media_catalog.timecode import parse_media_fragment


def _guide_and_reel(sessions, email: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A guide with a ranged moment and a reel of two moments, owned by `email` (an admin, who
    builds guides and reels alike)."""
    with transaction(sessions) as session:
        user = session.scalar(select(User).where(User.email == email))
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        guide = drafting.draft_guide(session, user, film, "Moments")
        historian = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        guides.add_moment(session, user, guide, guide.sections[0].id, historian, 20_000, 35_000)
        reel = reels.create_reel(session, user, "Selects")
        reels.add_entry(session, user, reel, "interview-historian", 4_000, 12_500)
        reels.add_entry(session, user, reel, "interview-refusenik", 1_000, 6_000)
        return guide.token, reel.slug


def _pages(token: str, reel: str) -> list[str]:
    return [
        "/",
        "/films/refusenik",
        "/timeline",
        "/entities/natan-sharansky",
        "/entities/leningrad-hijacking-affair",
        "/search?q=Sharansky",
        "/review",
        f"/guides/{token}",
        f"/guides/{token}/edit",
        f"/reels/{reel}",
        "/media/interview-historian",
        "/media/interview-refusenik",
    ]


def _player_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    links = [a["href"] for a in soup.select("a[href]")]
    return [h for h in links if urlsplit(h).path.startswith("/media/") and "t=" in h]


@pytest.fixture
def linked_catalog(chaptered_catalog, login_as):  # type: ignore[no-untyped-def]
    email = login_as("admin")
    return _guide_and_reel(chaptered_catalog, email)


def test_no_page_links_a_moment_as_a_shared_range(client, linked_catalog) -> None:
    token, reel = linked_catalog
    ranged: dict[str, str] = {}  # one ranged link per page is opened, below
    for path in _pages(token, reel):
        response = client.get(path)
        assert response.status_code == 200, path
        links = _player_links(response.get_data(as_text=True))
        for href in links:
            assert "shared" not in parse_qs(urlsplit(href).query), (path, href)
        first_range = next((h for h in links if "," in parse_qs(urlsplit(h).query)["t"][0]), None)
        if first_range:
            ranged[path] = first_range
    # The pages that list ranges do link them (so the sweep below opens something).
    assert {"/entities/natan-sharansky", f"/guides/{token}", f"/reels/{reel}"} <= set(ranged)
    for path, href in ranged.items():
        url = urlsplit(href)
        player = BeautifulSoup(client.get(f"{url.path}?{url.query}").data, "html.parser")
        assert player.select_one("section.range") is None, (path, href)
        start, end = parse_media_fragment("t=" + parse_qs(url.query)["t"][0])
        if not player.select(".segment"):
            continue  # a clip without words: nothing to mark
        # Still opened at the moment: the transcript marks the segments of that stretch.
        marked = player.select(".segment.in-range")
        assert marked, (path, href)
        assert int(marked[0]["data-end"]) > start and int(marked[0]["data-start"]) < end


def test_the_share_form_link_still_shows_the_banner(client, linked_catalog) -> None:
    response = client.get("/media/interview-historian?from=0:20&to=0:35")
    location = response.headers["Location"]
    assert parse_qs(urlsplit(location).query)["shared"] == ["1"]
    soup = BeautifulSoup(client.get(location).data, "html.parser")
    assert soup.select_one("section.range .range-label").get_text().startswith("0:20–0:35")


@needs_chromium
def test_a_moment_from_an_entity_page_opens_without_the_banner(
    app, linked_catalog, add_user, tmp_path
) -> None:
    from playwright.sync_api import expect

    with served(app) as base, chromium() as browser:
        page = watched(browser.new_page(viewport={"width": 1280, "height": 900}))
        page.set_default_timeout(15_000)
        sign_in(page, base, add_user("editor"))
        page.goto(f"{base}/entities/natan-sharansky")
        link = page.locator("a.timestamp[href*=',']").first
        href = link.get_attribute("href")
        link.click()
        page.wait_for_url(f"**{href}")
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("section.range")).to_have_count(0)
        expect(page.locator(".segment.in-range").first).to_be_visible()
        page.screenshot(path=str(tmp_path / "moment-without-banner.png"))
        # The same stretch shared through the form is a shared range.
        start = parse_qs(urlsplit(href).query)["t"][0].split(",")
        page.fill("form.share-range input[name=from]", start[0])
        page.fill("form.share-range input[name=to]", start[1])
        page.click("form.share-range button[type=submit]")
        expect(page.locator("section.range h2")).to_contain_text("Shared range")
        assert "shared=1" in page.url
        page.screenshot(path=str(tmp_path / "shared-range-banner.png"))
        assert page.console_errors == []
