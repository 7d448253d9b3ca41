"""Embargoes: a redaction with an end date applies until that moment and not after, read from
the one clock (fixed here); the sweep audits the lapse and drops the copy no longer needed."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redactionkit import SLUG, add_bright_item, assert_redacted, redact
from sqlalchemy import select

from media_catalog import clock, redactions
from media_catalog.errors import FieldError
from media_catalog.formats import media
from media_catalog.ingest import access_copies
from media_catalog.models import AuditEvent, MediaItem, Redaction, User

pytestmark = pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg")

MEDIA_URL = f"/media/{SLUG}/file/original"
START = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
ENDS = datetime(2031, 1, 1, tzinfo=UTC)


@pytest.fixture
def embargoed(app, sessions, media_root):  # type: ignore[no-untyped-def]
    add_bright_item(sessions, media_root)
    with clock.fixed(START):
        redact(app, lapses_at=ENDS)
    return app


def _body(client) -> bytes:  # type: ignore[no-untyped-def]
    with client.get(MEDIA_URL) as response:
        assert response.status_code == 200
        return response.get_data()


def test_embargo_applies_until_its_end_and_not_after(
    embargoed, client, login_as, media_root, tmp_path
) -> None:
    login_as("viewer")
    original = (media_root / "bright.mp4").read_bytes()
    with clock.fixed(ENDS - timedelta(seconds=1)):
        before = tmp_path / "before.mp4"
        before.write_bytes(_body(client))
        assert_redacted(before)
    with clock.fixed(ENDS):
        assert _body(client) == original  # the embargo ended: the original, unaltered


def test_lapse_sweep_audits_and_drops_the_copy(embargoed, sessions) -> None:
    copies = Path(embargoed.config["CACHE_DIR"]) / "access"
    queue = embargoed.extensions["media_catalog"]["queue"]
    with clock.fixed(ENDS - timedelta(minutes=1)), sessions() as session:
        assert access_copies.lapse_and_rebuild(session, queue, copies.parent) == []
    assert len(list(copies.iterdir())) == 1
    with clock.fixed(ENDS + timedelta(minutes=1)), sessions() as session:
        assert access_copies.lapse_and_rebuild(session, queue, copies.parent) == [SLUG]
        assert access_copies.lapse_and_rebuild(session, queue, copies.parent) == []  # once
    assert list(copies.iterdir()) == []
    with sessions() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "redaction lapsed")
        ).all()
        assert [(e.actor, e.object_id, e.before["end_ms"]) for e in events] == [
            ("clock", SLUG, 5_000)
        ]
        assert "2031-01-01" in (events[0].note or "")


def test_a_lapse_rebuilds_the_copy_for_the_ranges_still_in_force(
    embargoed, sessions, client
) -> None:
    with clock.fixed(START):
        redact(embargoed, span=(6_000, 7_000))  # no end date
    copies = Path(embargoed.config["CACHE_DIR"]) / "access"
    with clock.fixed(ENDS + timedelta(minutes=1)):
        with sessions() as session:
            access_copies.lapse_and_rebuild(
                session, embargoed.extensions["media_catalog"]["queue"], copies.parent
            )
            item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
            assert redactions.ranges_in_force(session, item) == [(6_000, 7_000)]
        [copy] = copies.iterdir()
        assert_redacted(copy, inside=(6.3, 6.7), outside=[(0.3, 5.8)])


def test_an_embargo_end_in_the_past_is_refused(embargoed, sessions) -> None:
    with clock.fixed(START), sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
        editor = session.scalar(select(User).where(User.role == "editor"))
        with pytest.raises(FieldError, match="lapses: the embargo end must be in the future"):
            redactions.redact(session, editor, item, 0, 1_000, "", START - timedelta(days=1))


def test_the_workers_minute_sweep_lapses_embargoes(embargoed, sessions) -> None:
    sweep = embargoed.extensions["media_catalog"]["lapse_sweep"]  # registered by create_app
    assert sweep.name == "media_catalog.lapse_redactions"
    with clock.fixed(ENDS + timedelta(minutes=1)):
        sweep()  # the test app runs tasks where they are called
    with sessions() as session:
        assert session.scalars(select(Redaction.lapsed)).all() == [True]
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("redaction lapsed") == 1
