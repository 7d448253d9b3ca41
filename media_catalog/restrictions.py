"""Restriction is a property of time: a restricted range of a media item covers every track
spoken over it (the original, its translations, captions), and everything access.py derives
from those segments (mentions, tags, chapters, snippets, counts, exports, media bytes).

Ranges come from transcript sidecars (`restricted_passages`, origin "source") and from editors
(origin "editor"). A re-import replaces only its own track's source ranges, so an editor's
restriction is never undone by a changed file; an editor who lifts a source range keeps it
lifted when the same range is imported again. Segment.restricted is the ranges materialised,
kept in step here, so every query can keep filtering on a plain column. A redaction in force
(redactions.py) hides its segments' words the same way: redaction is stronger than restriction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from . import clock
from .models import MediaItem, Redaction, RestrictedRange, Segment, Transcript, User

REDACTED_NOTE = "redacted"


def ranges_of(session: Session, item: MediaItem) -> list[RestrictedRange]:
    """The item's ranges in force (lifted ones are not)."""
    return list(
        session.scalars(
            select(RestrictedRange)
            .where(RestrictedRange.media_item_id == item.id, RestrictedRange.lifted.is_(False))
            .order_by(RestrictedRange.start_ms)
        )
    )


def editors_ranges(session: Session, item: MediaItem) -> list[RestrictedRange]:
    """What editors restricted on the web: a re-import of any track leaves these alone."""
    return [r for r in ranges_of(session, item) if r.origin == "editor"]


def set_source_ranges(
    session: Session,
    item: MediaItem,
    source_key: str,
    passages: Iterable[tuple[int, int, str | None]],
    actor: str,
) -> None:
    """The ranges a track's source declares now, replacing what it declared before; a range an
    editor lifted stays lifted when the source declares the same stretch again."""
    old = session.scalars(
        select(RestrictedRange).where(
            RestrictedRange.media_item_id == item.id,
            RestrictedRange.origin == "source",
            RestrictedRange.source_key == source_key,
        )
    ).all()
    lifted = {(r.start_ms, r.end_ms) for r in old if r.lifted}
    for stale in old:
        session.delete(stale)
    for start_ms, end_ms, note in passages:
        session.add(
            RestrictedRange(
                media_item_id=item.id,
                start_ms=start_ms,
                end_ms=end_ms,
                note=note,
                origin="source",
                source_key=source_key,
                lifted=(start_ms, end_ms) in lifted,
                author=actor,
            )
        )
    session.flush()


def restrict(
    session: Session, user: User | str, item: MediaItem, start_ms: int, end_ms: int, note: str
) -> None:
    """An editor restricts start..end of the item (every track over that time)."""
    session.add(
        RestrictedRange(
            media_item_id=item.id,
            start_ms=start_ms,
            end_ms=end_ms,
            note=note,
            origin="editor",
            author=user if isinstance(user, str) else user.email,
        )
    )
    session.flush()


def lift(session: Session, item: MediaItem, start_ms: int, end_ms: int) -> None:
    """An editor opens start..end again: their own ranges over it go, source ranges over it
    are marked lifted (so the next import of the same file does not close it again)."""
    overlapping = session.scalars(
        select(RestrictedRange).where(
            RestrictedRange.media_item_id == item.id,
            RestrictedRange.start_ms < end_ms,
            RestrictedRange.end_ms > start_ms,
        )
    ).all()
    for found in overlapping:
        if found.origin == "editor":
            session.delete(found)
        else:
            found.lifted = True
    session.flush()


def materialise(session: Session, item: MediaItem, now: datetime | None = None) -> None:
    """Mark every segment of every track of the item restricted exactly when a range in force
    or a redaction not lapsed by `now` overlaps it, with the range's note (two statements,
    whatever the number of segments)."""
    moment = (now or clock.now()).astimezone(UTC)
    redacted = exists().where(
        Redaction.media_item_id == item.id,
        or_(Redaction.lapses_at.is_(None), Redaction.lapses_at > moment),
        Redaction.start_ms < Segment.end_ms,
        Redaction.end_ms > Segment.start_ms,
    )
    in_force = and_(
        RestrictedRange.media_item_id == item.id,
        RestrictedRange.lifted.is_(False),
        RestrictedRange.start_ms < Segment.end_ms,
        RestrictedRange.end_ms > Segment.start_ms,
    )
    tracks = select(Transcript.id).where(Transcript.media_item_id == item.id)
    note = (  # the latest editor's word on the stretch, else the source's
        select(RestrictedRange.note)
        .where(in_force)
        .order_by((RestrictedRange.origin == "editor").desc(), RestrictedRange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    session.execute(
        update(Segment)
        .where(Segment.transcript_id.in_(tracks), or_(exists().where(in_force), redacted))
        .values(restricted=True, restriction_note=func.coalesce(note, REDACTED_NOTE))
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Segment)
        .where(
            Segment.transcript_id.in_(tracks),
            ~exists().where(in_force),
            ~redacted,
            or_(Segment.restricted.is_(True), Segment.restriction_note.is_not(None)),
        )
        .values(restricted=False, restriction_note=None)
        .execution_options(synchronize_session=False)
    )
    for loaded in [o for o in session.identity_map.values() if isinstance(o, Segment)]:
        session.expire(loaded, ["restricted", "restriction_note"])
