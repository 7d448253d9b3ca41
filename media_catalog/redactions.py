"""Redaction: a stretch of a media item removed from what people hear and see, stronger than a
restriction (restrictions.py). Nobody but an admin gets the original recording of an item with a
redaction in force: everyone else, editors included, gets the access copy, in which each range
is silenced and blacked out under a slate (ingest/access_copies.py makes it as a job). A
redaction may lapse at a date (an embargo): from that moment it no longer applies, whatever
has run, and `lapse_due` writes the audit entry and lets the copy be remade or dropped."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit, clock, restrictions
from .errors import FieldError, NotFound
from .formats import media
from .models import MediaItem, Redaction, User
from .timecode import format_clock
from .wording import N_

ORIGINAL_ROLE = "admin"  # the one role that hears and sees the original of a redacted item
ACCESS_FOLDER = "access"  # under CACHE_DIR, so a front server may send copies (delivery.py)


def may_have_original(user: User | None) -> bool:
    return user is not None and user.role == ORIGINAL_ROLE


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for aware columns; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_in_force(redaction: Redaction, now: datetime | None = None) -> bool:
    return redaction.lapses_at is None or _aware(redaction.lapses_at) > (now or clock.now())


def redactions_of(session: Session, item: MediaItem) -> list[Redaction]:
    """Every redaction of the item, lapsed ones too (the editor's list)."""
    query = select(Redaction).where(Redaction.media_item_id == item.id)
    return list(session.scalars(query.order_by(Redaction.start_ms, Redaction.id)))


def ranges_in_force(
    session: Session, item: MediaItem, now: datetime | None = None
) -> list[tuple[int, int]]:
    """The item's redacted ranges at `now`, overlapping ones merged, in time order."""
    merged: list[tuple[int, int]] = []
    for found in redactions_of(session, item):
        if not is_in_force(found, now):
            continue
        if merged and found.start_ms <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], found.end_ms))
        else:
            merged.append((found.start_ms, found.end_ms))
    return merged


def hidden_from(
    session: Session, user: User | None, item: MediaItem, now: datetime | None = None
) -> list[tuple[int, int]]:
    """The ranges this user may not have from the original (none for an admin)."""
    return [] if may_have_original(user) else ranges_in_force(session, item, now)


@dataclass
class Served:
    """What a user gets of an item's media: the original, the access copy at `path`, or
    nothing yet (`withheld`, while the copy is being made)."""

    state: str  # original | copy | withheld
    path: Path | None = None


def served_to(session: Session, cache_dir: Path, user: User | None, item: MediaItem) -> Served:
    """The one answer to "what of this item's media may this user have now", for the media
    URLs, sub-clips, shared reels and exports alike."""
    hidden = hidden_from(session, user, item)
    if not hidden:
        return Served("original")
    path = copy_path(cache_dir, item, hidden)
    return Served("copy", path) if path.is_file() else Served("withheld")


def copy_path(cache_dir: Path, item: MediaItem, ranges: list[tuple[int, int]]) -> Path:
    """Where the access copy for exactly these ranges of this recording lives: named by the
    item's id (a slug may change) and a fingerprint of file and ranges, so a changed redaction
    or a new file never reuses an old copy. Sound alone goes in .m4a, anything else in .mp4."""
    key = f"{item.id}|{item.media_path}|{item.checksum}|{ranges}".encode()
    suffix = Path(item.media_path or "").suffix.lower()
    suffix = ".m4a" if suffix in media.AUDIO_SUFFIXES else ".mp4"
    return cache_dir / ACCESS_FOLDER / f"{item.id}-{hashlib.sha256(key).hexdigest()[:16]}{suffix}"


def copies_of(cache_dir: Path, item: MediaItem) -> list[Path]:
    """Every access copy made of the item, for whatever ranges."""
    pattern = f"{item.id}-{'[0-9a-f]' * 16}.*"
    return sorted((cache_dir / ACCESS_FOLDER).glob(pattern))


def _check(item: MediaItem, start_ms: int, end_ms: int, lapses_at: datetime | None) -> None:
    if start_ms < 0:
        raise FieldError("start", N_("must be at or after 0:00"))
    if end_ms <= start_ms:
        raise FieldError("end", N_("must be after the start"))
    if item.duration_ms and start_ms >= item.duration_ms:
        raise FieldError(
            "start",
            N_("is past the end of %(item)s (%(end)s)"),
            item=item.slug,
            end=format_clock(item.duration_ms),
        )
    if lapses_at is not None and _aware(lapses_at) <= clock.now():
        raise FieldError("lapses", N_("the embargo end must be in the future"))


def redact(
    session: Session,
    user: User,
    item: MediaItem,
    start_ms: int,
    end_ms: int,
    note: str = "",
    lapses_at: datetime | None = None,
) -> Redaction:
    """An editor or admin redacts start..end of the item, until `lapses_at` when given."""
    _check(item, start_ms, end_ms, lapses_at)
    lapses_at = lapses_at.astimezone(UTC) if lapses_at else None
    found = Redaction(
        media_item_id=item.id,
        start_ms=start_ms,
        end_ms=end_ms,
        note=note or None,
        lapses_at=lapses_at,
        author=user.email,
    )
    session.add(found)
    session.flush()
    restrictions.materialise(session, item, clock.now())  # its words go from every page too
    audit.record(session, user, "redact", "media_item", item.slug, after=_described(found))
    return found


def unredact(session: Session, user: User, item: MediaItem, redaction_id: int) -> None:
    """An editor or admin takes a redaction away (the audit trail keeps what it was)."""
    found = session.get(Redaction, redaction_id)
    if found is None or found.media_item_id != item.id:
        raise NotFound(f"redaction {redaction_id} of {item.slug}")
    audit.record(session, user, "unredact", "media_item", item.slug, before=_described(found))
    session.delete(found)
    session.flush()
    restrictions.materialise(session, item, clock.now())


def lapse_due(session: Session, now: datetime | None = None) -> list[MediaItem]:
    """Mark the redactions whose embargo ended by `now` lapsed, one audit entry each, and
    return their items (whose access copies must be remade or dropped)."""
    moment = now or clock.now()
    due = session.scalars(
        select(Redaction).where(Redaction.lapsed.is_(False), Redaction.lapses_at.is_not(None))
    ).all()
    items: dict[int, MediaItem] = {}
    for found in due:
        if is_in_force(found, moment):
            continue
        found.lapsed = True
        item = session.get(MediaItem, found.media_item_id)
        if item is None:
            continue
        items[item.id] = item
        audit.record(
            session,
            "clock",
            "redaction lapsed",
            "media_item",
            item.slug,
            before=_described(found),
            note=f"embargo ended {_aware(found.lapses_at or moment).isoformat()}",
        )
    session.flush()
    for item in items.values():
        restrictions.materialise(session, item, moment)
    return list(items.values())


def _described(found: Redaction) -> dict[str, object]:
    lapses = _aware(found.lapses_at).isoformat() if found.lapses_at else None
    return {
        "start_ms": found.start_ms,
        "end_ms": found.end_ms,
        "note": found.note,
        "lapses_at": lapses,
    }
