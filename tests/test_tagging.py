"""Editors' tags and media records: validation that names the field, spans from selected text,
versions that refuse a stale record, audit entries."""

import pytest
from sqlalchemy import select

from media_catalog import audit
from media_catalog.accounts import add_user
from media_catalog.db import transaction
from media_catalog.editing import tagging
from media_catalog.models import MediaItem, User

MEDIA = "interview-historian"


@pytest.fixture
def editing(demo_catalog):  # type: ignore[no-untyped-def]
    with transaction(demo_catalog) as session:
        add_user(session, "ann@example.org", "a long enough secret", "editor")
        add_user(session, "ben@example.org", "a long enough secret", "editor")
    return demo_catalog


def who(session, email="ann@example.org"):  # type: ignore[no-untyped-def]
    return session.scalar(select(User).where(User.email == email))


def item(session, slug=MEDIA):  # type: ignore[no-untyped-def]
    return session.scalar(select(MediaItem).where(MediaItem.slug == slug))


def test_a_time_range_tagged_with_an_entity_and_a_keyword(editing) -> None:
    with transaction(editing) as session:
        tag = tagging.add_tag(
            session,
            who(session),
            item(session),
            start_ms=12_000,
            end_ms=15_500,
            entity_slug="ida-nudel",
            note="over the shoulder",
            role="depicted",
        )
        keyword = tagging.add_tag(
            session, who(session), item(session), start_ms=1000, end_ms=2000, tag="kitchen"
        )
        assert (tag.entity.slug, tag.role, tag.origin, tag.status) == (
            "ida-nudel",
            "depicted",
            "editor",
            "confirmed",
        )
        assert (keyword.tag, keyword.entity_id) == ("kitchen", None)
    with editing() as session:
        assert audit.history(session, "annotation", tag.id)[0].after["entity"] == "ida-nudel"


def test_a_span_of_transcript_text(editing) -> None:
    with transaction(editing) as session:
        media = item(session)
        segment = media.transcripts[0].segments[3]
        ref = f"{media.transcripts[0].language}-{segment.position}"
        tag = tagging.add_tag(
            session,
            who(session),
            media,
            start_ms=segment.start_ms,
            end_ms=segment.end_ms,
            tag="key passage",
            segment_ref=ref,
            span=(0, 5),
        )
        assert (tag.segment_id, tag.quote) == (segment.id, segment.text[:5])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"start_ms": 5000, "end_ms": 5000, "tag": "x"}, "out: the out point must come after"),
        ({"start_ms": 0, "end_ms": 1000}, "entity: choose an entity or write a keyword"),
        ({"start_ms": 2000, "end_ms": 1000, "tag": "x"}, "out: the out point must come after"),
        ({"start_ms": 0, "end_ms": 99_999_999, "tag": "x"}, "out: past the end of the media"),
        (
            {"start_ms": 0, "end_ms": 1000, "entity_slug": "ida-nudel", "role": "hero"},
            "role: 'hero' is not a role: choose one of speaking, mentioned",
        ),
        ({"start_ms": 0, "end_ms": 1000, "entity_slug": "nobody"}, "entity: no entity 'nobody'"),
        (
            {"start_ms": 0, "end_ms": 1000, "tag": "x", "segment_ref": "en-99999"},
            "segment: no segment",
        ),
    ],
)
def test_bad_tags_name_the_field(editing, values, message) -> None:
    with editing() as session, pytest.raises(tagging.EditError, match=message):
        tagging.add_tag(session, who(session), item(session), **values)


def test_record_edits_check_the_version_and_the_date(editing) -> None:
    with editing() as session:
        form = tagging.metadata_state(item(session))
    form.update(title="A new title", date_text="circa 1976", rights="Demo rights")
    with transaction(editing) as session:
        saved = tagging.update_metadata(session, who(session), item(session), 1, form)
        assert (saved.title, saved.date_start, saved.date_end, saved.version) == (
            "A new title",
            "1974-01-01",
            "1978-12-31",
            2,
        )
    with editing() as session, pytest.raises(audit.StaleEdit, match="ann@example.org"):
        tagging.update_metadata(
            session, who(session, "ben@example.org"), item(session), 1, {**form, "title": "Ben's"}
        )
    with editing() as session:
        assert item(session).title == "A new title"
        with pytest.raises(tagging.EditError, match="date: cannot read 'someday'"):
            tagging.update_metadata(
                session, who(session), item(session), 2, {**form, "date_text": "someday"}
            )
        with pytest.raises(tagging.EditError, match="restriction_note: say why"):
            tagging.update_metadata(
                session,
                who(session),
                item(session),
                2,
                {**form, "restricted": "1", "restriction_note": ""},
            )


@pytest.mark.parametrize(
    ("slug", "segment", "role"),
    [(MEDIA, False, "mentioned"), ("kgb-car-home-movie-1970s", False, "depicted")],
)
def test_a_tag_without_a_role_takes_its_media_kinds_default(editing, slug, segment, role) -> None:
    with transaction(editing) as session:
        tag = tagging.add_tag(
            session, who(session), item(session, slug), start_ms=0, end_ms=900, entity_slug="kgb"
        )
        keyword = tagging.add_tag(
            session, who(session), item(session, slug), start_ms=0, end_ms=900, tag="k"
        )
        assert (tag.role, keyword.role) == (role, None)


def test_a_tags_range_role_and_note_are_edited_under_a_version(editing) -> None:
    with transaction(editing) as session:
        tag = tagging.add_tag(
            session, who(session), item(session), start_ms=1000, end_ms=2000, entity_slug="kgb"
        )
        keyword = tagging.add_tag(
            session, who(session), item(session), start_ms=1000, end_ms=2000, tag="kitchen"
        )
    with transaction(editing) as session:
        saved = tagging.update_tag(
            session,
            who(session),
            item(session),
            tag.id,
            1,
            start_ms=1500,
            end_ms=4000,
            role="interviewer",
            note="asks",
        )
        moved = tagging.update_tag(
            session,
            who(session),
            item(session),
            keyword.id,
            1,
            start_ms=0,
            end_ms=3000,
            tag="kitchen",
            role="speaking",
        )
        assert (saved.start_ms, saved.end_ms, saved.role, saved.version) == (
            1500,
            4000,
            "interviewer",
            2,
        )
        assert (moved.start_ms, moved.end_ms, moved.role) == (0, 3000, None)
    with editing() as session:
        assert audit.history(session, "annotation", tag.id)[0].after["role"] == "interviewer"
        with pytest.raises(audit.StaleEdit):
            tagging.update_tag(
                session,
                who(session, "ben@example.org"),
                item(session),
                tag.id,
                1,
                start_ms=0,
                end_ms=100,
            )
        with pytest.raises(tagging.EditError, match="out: the out point"):
            tagging.update_tag(
                session, who(session), item(session), tag.id, 2, start_ms=900, end_ms=800
            )
        with pytest.raises(tagging.EditError, match="tag: a keyword tag needs its keyword"):
            tagging.update_tag(
                session, who(session), item(session), keyword.id, 2, start_ms=0, end_ms=800
            )


def test_saving_unchanged_values_records_no_history(editing) -> None:
    with editing() as session:
        form = tagging.metadata_state(item(session))
    with transaction(editing) as session:
        saved = tagging.update_metadata(session, who(session), item(session), 1, form)
        assert saved.version == 1
        assert audit.history(session, "media_item", saved.id) == []
