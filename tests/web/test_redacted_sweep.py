"""Redaction reaches every route: with a passage of a clip and one of an interview redacted,
every GET route of the app (read from app.url_map, filled from the demo and the clip) is fetched
as anonymous, viewer, host and editor, and no answer carries the original recording's bytes; an
admin's does (the sweep can fail), and the media URL the others get decodes to silence and black
over the passage. The interview passage's words, in every language, and the tag and chapter laid
on it, reach no visitor, viewer or host; editors read them."""

import pytest
from redactionkit import SLUG, add_bright_item, assert_redacted, redact
from sqlalchemy import select
from test_restricted_sweep import every_get_url, leaks
from test_restricted_time_sweep import MEDIA, PASSAGE_START, client_as

from media_catalog import accounts, chapters, grants, redactions
from media_catalog.db import transaction
from media_catalog.editing import tagging
from media_catalog.formats import media
from media_catalog.models import MediaItem, Segment, Transcript

pytestmark = pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg")

NOT_ALLOWED = ("anonymous", "viewer", "host", "editor")
CHUNK = 64  # bytes taken from the middle of the original: no re-encoded copy holds them


MARKERS = ["Quillfeather keyword", "Quillfeather tag note", "Quillfeather chapter"]


def redact_interview_passage(sessions) -> list[str]:  # type: ignore[no-untyped-def]
    """Redact the organiser's 1969 letter passage, tagged and chaptered with marker words; the
    words (each track, and the markers) that must not leak."""
    with transaction(sessions) as session:
        editor = accounts.add_user(session, "words@example.org", "x" * 12, "editor")
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        start = PASSAGE_START
        segment = session.scalar(
            select(Segment)
            .join(Transcript)
            .where(Transcript.media_item_id == item.id, Segment.start_ms == start)
        )
        end = segment.end_ms
        tagging.add_tag(
            session, editor, item, start_ms=start + 100, end_ms=end - 100,
            tag=MARKERS[0], note=MARKERS[1],
        )  # fmt: skip
        chapters.add_chapter(session, editor, item, title=MARKERS[2], start_ms=start, end_ms=end)
        redactions.redact(session, editor, item, start, end, "narrator's request")
        words = session.scalars(
            select(Segment.text)
            .join(Transcript)
            .where(
                Transcript.media_item_id == item.id,
                Segment.start_ms < segment.end_ms,
                Segment.end_ms > start,
            )
        ).all()
    assert len(words) >= 2  # the Hebrew original and its English translation
    return [w for w in words if len(w) >= 20] + MARKERS


@pytest.fixture
def swept(app, demo_catalog, media_root):  # type: ignore[no-untyped-def]
    add_bright_item(demo_catalog, media_root)
    redact(app)
    original = (media_root / "bright.mp4").read_bytes()
    middle = len(original) // 2
    with demo_catalog() as session:
        urls = every_get_url(app, session)
    assert f"/media/{SLUG}/file/original" in urls
    return original[middle : middle + CHUNK], urls


def carriers(client, urls: list[str], chunk: bytes) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for url in urls:
        with client.get(url) as response:
            if chunk in response.get_data():
                found.append(url)
    return found


@pytest.mark.parametrize("role", ["anonymous", "viewer", "host"])
def test_no_route_shows_the_words_of_a_redacted_passage(app, demo_catalog, swept, role) -> None:
    _chunk, urls = swept
    words = redact_interview_passage(demo_catalog)
    assert leaks(client_as(app, demo_catalog, role), urls, words) == {}


def test_a_restriction_grant_does_not_open_a_redacted_passage(app, demo_catalog, swept) -> None:
    """Redaction is stronger than restriction: a viewer granted the restricted item reads its
    other words on every route, never the redacted passage's."""
    _chunk, urls = swept
    words = redact_interview_passage(demo_catalog)
    client = client_as(app, demo_catalog, "viewer")
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        item.restricted = True
        session.flush()
        grants.grant_access(session, "sweep-viewer@example.org", MEDIA)
        opened = session.scalars(
            select(Segment.text)
            .join(Transcript)
            .where(Transcript.media_item_id == item.id, Segment.restricted.is_(False))
            .where(Segment.start_ms > PASSAGE_START + 60_000)
        ).first()
    assert leaks(client, urls, words) == {}
    assert leaks(client, urls, [opened]) != {}  # the grant does open the item


def test_editors_read_the_words_of_a_redacted_passage(app, demo_catalog, swept) -> None:
    _chunk, urls = swept
    words = redact_interview_passage(demo_catalog)
    found = leaks(client_as(app, demo_catalog, "editor"), urls, words)
    assert {hit for hits in found.values() for hit in hits} == set(words)


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_no_route_serves_the_original_of_a_redacted_passage(
    app, demo_catalog, swept, role, tmp_path
) -> None:
    chunk, urls = swept
    client = client_as(app, demo_catalog, role)
    assert carriers(client, urls, chunk) == []
    with client.get(f"/media/{SLUG}/file/original") as response:
        (tmp_path / "served.mp4").write_bytes(response.get_data())
    assert_redacted(tmp_path / "served.mp4")


def test_an_admin_gets_the_original(app, demo_catalog, swept) -> None:
    chunk, urls = swept
    client = client_as(app, demo_catalog, "admin")
    assert carriers(client, urls, chunk) == [f"/media/{SLUG}/file/original"]
