"""Restriction is a property of time: an editor restricts one passage of the Hebrew original of
the organiser's interview, and every GET route of the app (read from app.url_map, filled from
the demo) is fetched as anonymous, viewer, host, editor and admin. The passage's words in every
language (its English translation too), the title of a chapter over it, a tag's note on it and
the media bytes reach none of those not allowed; editors and admins see them, so the sweep can
fail."""

import pytest
from conftest import PASSWORD, csrf_token_of
from sqlalchemy import select
from test_restricted_sweep import every_get_url, leaks

from media_catalog import accounts, chapters
from media_catalog.db import transaction
from media_catalog.editing import corrections, tagging
from media_catalog.models import Entity, MediaItem, Segment, Transcript, User

MEDIA = "interview-organizer"
PASSAGE_START = 32_884  # the 1969 letter of eighteen Georgian families, in Hebrew
CHAPTER = "Letters of the eighteen families (sweep chapter)"
TAG_NOTE = "sweep note on the restricted stretch"
MEDIA_BYTES = b"\x00\x00\x00\x18ftypmp42sweep-media-bytes-of-the-organiser"
NOT_ALLOWED = ("anonymous", "viewer", "host")
ALLOWED = ("editor", "admin")


def restrict_passage(sessions, media_root) -> list[str]:  # type: ignore[no-untyped-def]
    """Restrict the passage on the Hebrew track alone, put a chapter and a tag over it, give
    the item a media file; the strings that must not leak."""
    with transaction(sessions) as session:
        editor = accounts.add_user(session, "sweeper@example.org", PASSWORD, "editor")
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        segment = session.scalar(
            select(Segment)
            .join(Transcript)
            .where(
                Transcript.media_item_id == item.id,
                Transcript.language == "he",
                Segment.start_ms == PASSAGE_START,
            )
        )
        form = corrections.segment_state(segment) | {
            "restricted": "on",
            "restriction_note": "withdrawn by the narrator",
        }
        corrections.correct_segment(session, editor, segment, segment.version, form)
        start, end = segment.start_ms, segment.end_ms
        chapters.add_chapter(
            session, editor, item, title=CHAPTER, start_ms=start, end_ms=end, description=""
        )
        entity = session.scalar(select(Entity).where(Entity.kind == "event").limit(1))
        tagging.add_tag(
            session,
            editor,
            item,
            start_ms=start + 500,
            end_ms=end - 500,
            entity_slug=entity.slug,
            tag="",
            note=TAG_NOTE,
            segment_ref="",
            span=None,
        )
        (media_root / "organizer.mp4").write_bytes(MEDIA_BYTES)
        item.media_path, item.media_status = "organizer.mp4", "ok"
        words = session.scalars(
            select(Segment.text)
            .join(Transcript)
            .where(
                Transcript.media_item_id == item.id,
                Segment.start_ms < end,
                Segment.end_ms > start,
            )
        ).all()
    languages = {"he", "en"}
    assert len(words) >= len(languages)  # the passage and its translation
    return [*(w for w in words if len(w) >= 20), CHAPTER, TAG_NOTE]


def client_as(app, sessions, role: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    if role == "anonymous":
        return client
    email = f"sweep-{role}@example.org"
    with transaction(sessions) as session:
        accounts.add_user(session, email, PASSWORD, role)
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf_token_of(client)}
    assert client.post("/login", data=data).status_code == 302
    return client


@pytest.fixture
def swept(app, demo_catalog, media_root):  # type: ignore[no-untyped-def]
    forbidden = restrict_passage(demo_catalog, media_root)
    with demo_catalog() as session:
        urls = every_get_url(app, session)
    return forbidden, urls


@pytest.mark.parametrize("role", NOT_ALLOWED)
def test_nothing_of_a_restricted_passage_reaches_those_not_allowed(
    app, demo_catalog, swept, role
) -> None:
    forbidden, urls = swept
    client = client_as(app, demo_catalog, role)
    assert leaks(client, urls, forbidden) == {}
    original = f"/media/{MEDIA}/file/original"
    for headers in ({}, {"Range": "bytes=0-15"}, {"Range": "bytes=-8"}):
        response = client.get(original, headers=headers)
        assert response.status_code == 404, headers
        assert MEDIA_BYTES[-8:] not in response.get_data()


@pytest.mark.parametrize("role", ALLOWED)
def test_those_allowed_see_all_of_it(app, demo_catalog, swept, role) -> None:
    forbidden, urls = swept
    client = client_as(app, demo_catalog, role)
    found = leaks(client, urls, forbidden)
    shown = {hit for hits in found.values() for hit in hits}
    assert CHAPTER in shown and TAG_NOTE in shown
    assert len(shown) == len(forbidden)  # the Hebrew passage and its English translation
    response = client.get(f"/media/{MEDIA}/file/original", headers={"Range": "bytes=0-15"})
    body, private = response.get_data(), response.cache_control.private
    response.close()
    assert response.status_code == 206 and body == MEDIA_BYTES[:16] and private


def test_a_restricted_passage_stays_restricted_when_an_editor_opens_it_again(
    app, demo_catalog, swept
) -> None:
    """Lifting works on the same time: the translation opens with the original."""
    with transaction(demo_catalog) as session:
        editor = session.scalar(select(User).where(User.email == "sweeper@example.org"))
        segment = session.scalar(
            select(Segment)
            .join(Transcript)
            .join(MediaItem)
            .where(MediaItem.slug == MEDIA, Transcript.language == "en")
            .where(Segment.start_ms < PASSAGE_START + 1000, Segment.end_ms > PASSAGE_START)
        )
        assert segment.restricted  # the translation was restricted with the original
        form = corrections.segment_state(segment) | {"restricted": "", "restriction_note": ""}
        corrections.correct_segment(session, editor, segment, segment.version, form)
    with demo_catalog() as session:
        restricted = session.scalars(
            select(Segment.id)
            .join(Transcript)
            .join(MediaItem)
            .where(MediaItem.slug == MEDIA, Segment.restricted.is_(True))
        ).all()
    assert restricted == []
    response = app.test_client().get(f"/media/{MEDIA}/file/original")
    response.close()
    assert response.status_code == 200
