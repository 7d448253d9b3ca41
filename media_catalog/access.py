"""The one place that decides what a user may see. Every query feeding a page, a search result,
an API answer, a media response or an export filters through these functions. Restricted
material answers "not found", so its existence does not leak."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session, object_session

from . import clock
from .errors import NotFound
from .models import (
    AccessGrant,
    Annotation,
    Entity,
    MediaItem,
    Redaction,
    RestrictedRange,
    Segment,
    Transcript,
    User,
)

PRIVILEGED_ROLES = ("editor", "admin")


def can_see_restricted(user: User | None) -> bool:
    return user is not None and user.role in PRIVILEGED_ROLES


def audience_key(user: User | None) -> str | None:
    """What a user sees, when everyone of their kind sees the same (so an answer may be kept
    for all of them): "all" for editors and admins, "public" for anonymous visitors; None for a
    signed-in viewer, whose grants are theirs alone."""
    if can_see_restricted(user):
        return "all"
    return "public" if user is None else None


def granted_media(user: User | None) -> ColumnElement[bool]:
    """Media items an admin granted this user access to (with their restricted tracks and
    passages); nothing for anonymous visitors."""
    if user is None:
        return false()
    granted = select(AccessGrant.media_item_id).where(AccessGrant.user_id == user.id)
    return MediaItem.id.in_(granted.scalar_subquery())


def media_visible(user: User | None) -> ColumnElement[bool]:
    if can_see_restricted(user):
        return true()
    return or_(MediaItem.restricted.is_(False), granted_media(user))


def transcript_visible(user: User | None) -> ColumnElement[bool]:
    """For queries joining Transcript -> MediaItem."""
    if can_see_restricted(user):
        return true()
    return or_(
        and_(Transcript.restricted.is_(False), MediaItem.restricted.is_(False)),
        granted_media(user),
    )


def entity_visible(user: User | None) -> ColumnElement[bool]:
    return true() if can_see_restricted(user) else Entity.restricted.is_(False)


def segment_visible(user: User | None) -> ColumnElement[bool]:
    """For queries joining Segment -> Transcript -> MediaItem."""
    if can_see_restricted(user):
        return true()
    return or_(
        and_(
            Segment.restricted.is_(False),
            Transcript.restricted.is_(False),
            MediaItem.restricted.is_(False),
        ),
        and_(
            granted_media(user),
            ~overlaps_redaction(Transcript.media_item_id, Segment.start_ms, Segment.end_ms),
        ),
    )


def _redaction_in_force() -> ColumnElement[bool]:
    return or_(Redaction.lapses_at.is_(None), Redaction.lapses_at > clock.now())


def overlaps_redaction(media_item_id: Any, start_ms: Any, end_ms: Any) -> ColumnElement[bool]:
    """Whether a redaction in force covers part of start..end of the media item: a grant opens
    what is restricted, never what is redacted (only the right to the original does,
    redactions.py). Arguments are columns of the outer query or plain values."""
    return exists(
        select(Redaction.id).where(
            Redaction.media_item_id == media_item_id,
            _redaction_in_force(),
            Redaction.start_ms < end_ms,
            Redaction.end_ms > start_ms,
        )
    )


def annotation_visible(user: User | None) -> ColumnElement[bool]:
    """For queries joining Annotation -> MediaItem (outer-joined Segment and Entity). A tag on
    a redacted stretch, or on a segment a redaction reaches, is hidden even from a grant."""
    if can_see_restricted(user):
        return true()
    return and_(
        or_(
            and_(
                MediaItem.restricted.is_(False),
                Segment.restricted.is_not(True),
                ~overlaps_restricted_passage(
                    Annotation.media_item_id, Annotation.start_ms, Annotation.end_ms
                ),
            ),
            granted_media(user),
        ),
        ~overlaps_redaction(Annotation.media_item_id, Annotation.start_ms, Annotation.end_ms),
        or_(
            Segment.id.is_(None),
            ~overlaps_redaction(Annotation.media_item_id, Segment.start_ms, Segment.end_ms),
        ),
        Entity.restricted.is_not(True),
    )


def overlaps_restricted_passage(
    media_item_id: Any, start_ms: Any, end_ms: Any
) -> ColumnElement[bool]:
    """Whether a restricted range in force of the media item lies in start..end: restriction is
    a property of time, so a tag, a reel entry or a guide moment on that stretch is hidden too.
    Arguments are columns of the outer query or plain values."""
    return exists(
        select(RestrictedRange.id).where(
            RestrictedRange.media_item_id == media_item_id,
            RestrictedRange.lifted.is_(False),
            RestrictedRange.start_ms < end_ms,
            RestrictedRange.end_ms > start_ms,
        )
    )


def may_see_range(
    session: Session, user: User | None, media: MediaItem, start_ms: int, end_ms: int
) -> bool:
    """The one answer to "may this user see start..end of this media item": the item itself,
    and no stretch restricted from them inside it."""
    if media.restricted and not (can_see_restricted(user) or is_granted(user, media)):
        return False
    return not in_ranges(withheld_ranges(session, user, media), start_ms, end_ms)


def hidden_ranges(session: Session, user: User | None, media: MediaItem) -> list[tuple[int, int]]:
    """The stretches of the item this user may neither see nor hear: its restricted ranges in
    force, unless the user may see restricted material or was granted the item. Whatever is
    made from those times (media bytes, frames, chapters) is withheld from them."""
    if can_see_restricted(user) or is_granted(user, media):
        return []
    rows = session.execute(
        select(RestrictedRange.start_ms, RestrictedRange.end_ms)
        .where(RestrictedRange.media_item_id == media.id, RestrictedRange.lifted.is_(False))
        .order_by(RestrictedRange.start_ms)
    )
    return [(start, end) for start, end in rows]


def withheld_ranges(session: Session, user: User | None, media: MediaItem) -> list[tuple[int, int]]:
    """The stretches whose words, tags, chapters and guide moments this user may not have: the
    hidden ranges, and the redactions in force for all but editors and admins (a grant opens no
    redaction). The media of a redacted stretch is not withheld but replaced by the access copy
    (redactions.served_to)."""
    if can_see_restricted(user):
        return []
    redacted = session.execute(
        select(Redaction.start_ms, Redaction.end_ms).where(
            Redaction.media_item_id == media.id, _redaction_in_force()
        )
    )
    return sorted(hidden_ranges(session, user, media) + [(a, b) for a, b in redacted])


def in_ranges(ranges: list[tuple[int, int]], start_ms: int, end_ms: int | None = None) -> bool:
    """Whether start..end (or the instant start) touches one of the ranges."""
    end = start_ms + 1 if end_ms is None or end_ms <= start_ms else end_ms
    return any(a < end and b > start_ms for a, b in ranges)


# Told of every media item the gate below lets through, so that whoever serves it can audit
# what it was (web/access_audit.py notes restricted material on every route that reads one).
SHOWN_OBSERVERS: list[Callable[[MediaItem], None]] = []


def require_visible(user: User | None, obj: Any) -> Any:
    """Return obj if the user may see it; NotFound otherwise (or when it is None)."""
    if obj is None:
        raise NotFound("not found")
    media = obj if isinstance(obj, MediaItem) else getattr(obj, "media_item", None)
    if not can_see_restricted(user):
        if getattr(obj, "restricted", False) and not (media and is_granted(user, media)):
            raise NotFound("not found")
        if isinstance(obj, Segment) and obj.restricted and _redacted_segment(obj):
            raise NotFound("not found")
        if isinstance(obj, Transcript):
            require_visible(user, obj.media_item)
    if isinstance(media, MediaItem):
        for observe in SHOWN_OBSERVERS:
            observe(media)
    return obj


def _redacted_segment(segment: Segment) -> bool:
    session = object_session(segment)
    media_id = segment.transcript.media_item_id
    return session is not None and bool(
        session.scalar(select(overlaps_redaction(media_id, segment.start_ms, segment.end_ms)))
    )


def is_granted(user: User | None, media: MediaItem) -> bool:
    """Whether an admin granted this user access to this restricted media item."""
    session = object_session(media)
    if user is None or session is None:
        return False
    query = select(AccessGrant.id).where(
        AccessGrant.user_id == user.id, AccessGrant.media_item_id == media.id
    )
    return session.scalar(query) is not None


def has_role(user: User | None, role: str) -> bool:
    """True when the user's role is `role` or above it (viewer < host < editor < admin);
    anonymous visitors are public viewers and have no role."""
    from .models import USER_ROLES

    return user is not None and USER_ROLES.index(user.role) >= USER_ROLES.index(role)
