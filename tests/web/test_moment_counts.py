"""Counts of mentions count moments: a name said in an original and in its aligned translation
is one moment (even where the translation splits the cue), a name said twice in one segment is
one moment, and a name only the translation says is a moment of its own. The media page's side
panel, the entity page, the people list, the home and film pages and the API agree; walked in
Debian's Chromium too."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import chromium, needs_chromium, served, watched
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from media_catalog.ingest.batch import import_paths
from media_catalog.models import Annotation, Entity

AUTHORITY = """
kind: person
entities:
  - slug: natan-sharansky
    name: Natan Sharansky
    aliases: [Sharansky, {text: Щаранский, lang: ru}]
"""
EVENTS = """
kind: event
entities:
  - slug: bridge-exchange
    name: Glienicke Bridge exchange
    date: "1986-02-11"
    aliases: [the bridge, {text: на мост, lang: ru}]
"""
ORIGINAL = """
WEBVTT

00:00:00.000 --> 00:00:05.000
Мы ждали Щаранского.

00:00:05.000 --> 00:00:10.000
Щаранский вышел на мост. Щаранский улыбнулся.

00:00:10.000 --> 00:00:15.000
Больше ничего не было.
"""
# The translation splits the second cue in two and names him where the original does not.
TRANSLATION = """
WEBVTT

00:00:00.000 --> 00:00:05.000
We waited for Sharansky.

00:00:05.000 --> 00:00:07.500
Sharansky walked onto the bridge.

00:00:07.500 --> 00:00:10.000
Sharansky smiled.

00:00:10.000 --> 00:00:15.000
Nothing more happened to Sharansky.
"""
MOMENTS = 3  # 0-5 s, 5-10 s (both tracks, twice in the original), 10-15 s (translation only)


@pytest.fixture
def translated_catalog(sessions, write, transcript_file):  # type: ignore[no-untyped-def]
    authority = write("authority/people.yaml", AUTHORITY)
    events = write("authority/events.yaml", EVENTS)
    original = transcript_file("t.ru.vtt", ORIGINAL, language="ru")
    translation = transcript_file(
        "t.en.vtt", TRANSLATION, language="en", kind="translation", extra="translation_of: ru\n"
    )
    summary = import_paths(sessions, [authority, events, original, translation], Path("."))
    assert not summary.failed, [o.detail for o in summary.failed]
    with sessions() as session:  # the mentions the counts must not simply add up
        per_entity = dict(
            session.execute(
                select(Entity.slug, func.count(Annotation.id))
                .join(Entity, Entity.id == Annotation.entity_id)
                .group_by(Entity.slug)
            ).all()
        )
    assert per_entity["natan-sharansky"] >= 6 and per_entity["bridge-exchange"] == 2
    return sessions


def soup(client, url: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def side_count(page: BeautifulSoup, name: str) -> int:
    row = next(li for li in page.select(".player-side ul.in-item > li") if li.a.get_text() == name)
    return int(row.select_one(".count").get_text())


def test_every_count_of_mentions_counts_each_moment_once(client, translated_catalog) -> None:
    assert side_count(soup(client, "/media/test-interview"), "Natan Sharansky") == MOMENTS
    entity = soup(client, "/entities/natan-sharansky")
    assert int(entity.select_one("#moments-h .count").get_text()) == MOMENTS
    people = soup(client, "/people")
    row = next(tr for tr in people.select("tr") if "Natan Sharansky" in tr.get_text())
    assert int(row.select("td")[-1].get_text()) == MOMENTS
    home = soup(client, "/")
    assert home.select_one("[aria-label$=moments]").get_text() == str(MOMENTS)
    film = soup(client, "/films/test-film")
    assert film.select_one("ul.chips .count").get_text() == str(MOMENTS)
    listed = client.get("/api/v1/entities?kind=person").get_json()["entities"]
    assert [e["moments"] for e in listed if e["slug"] == "natan-sharansky"] == [MOMENTS]
    # The event is named once in the original and once in the translation: one moment.
    timeline = soup(client, "/timeline")
    assert timeline.select_one('.count[aria-label="1 moment"]').get_text() == "1"
    events = client.get("/api/v1/timeline").get_json()["events"]
    assert [e["moment_count"] for e in events if e["slug"] == "bridge-exchange"] == [1]
    assert int(soup(client, "/entities/bridge-exchange").select_one("#moments-h .count").text) == 1


def test_a_rejected_original_mention_leaves_the_translation_its_moment(
    client, translated_catalog
) -> None:
    """The translation is an echo only of an original mention that stands."""
    from media_catalog.db import transaction
    from media_catalog.models import Segment, Transcript

    with transaction(translated_catalog) as session:
        first = session.scalars(
            select(Annotation)
            .join(Segment, Segment.id == Annotation.segment_id)
            .join(Transcript, Transcript.id == Segment.transcript_id)
            .where(Transcript.language == "ru", Annotation.start_ms == 0)
        ).all()
        for annotation in first:
            annotation.status = "rejected"
    assert side_count(soup(client, "/media/test-interview"), "Natan Sharansky") == MOMENTS
    entity = soup(client, "/entities/natan-sharansky")
    assert int(entity.select_one("#moments-h .count").get_text()) == MOMENTS
    first_moment = entity.select_one("a.timestamp time").get_text()
    assert first_moment == "0:00"  # now listed from the translation


@needs_chromium
def test_a_viewer_sees_one_count_on_every_page(app, translated_catalog, tmp_path) -> None:
    from playwright.sync_api import expect

    with served(app) as base, chromium() as browser:
        page = watched(browser.new_page(viewport={"width": 1280, "height": 900}))
        page.set_default_timeout(15_000)
        page.goto(f"{base}/media/test-interview")
        row = page.locator(".player-side ul.in-item > li", has_text="Natan Sharansky")
        expect(row.locator(".count")).to_have_text(str(MOMENTS))
        page.screenshot(path=str(tmp_path / "side-panel-counts.png"), full_page=True)
        row.get_by_role("link", name="Natan Sharansky").click()
        expect(page.locator("#moments-h .count")).to_have_text(str(MOMENTS))
        expect(page.locator("main a.timestamp")).to_have_count(MOMENTS)
        page.screenshot(path=str(tmp_path / "entity-page-counts.png"), full_page=True)
        page.goto(base + "/")
        person = page.locator("li", has_text="Natan Sharansky").last
        expect(person.locator(".count")).to_have_text(str(MOMENTS))
        assert page.console_errors == []
