"""Resolving a persistent identifier to what it names, for this user: a film, media item,
segment, entity or reel. What the user may not see answers NotFound, exactly as its page
would, so an identifier never tells that a restricted thing exists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import access
from .errors import NotFound
from .identifiers import normalise_pid
from .models import Entity, Film, MediaItem, Reel, Segment, Transcript, User


@dataclass(frozen=True)
class Target:
    kind: str  # film | media_item | segment | entity | reel
    record: Film | MediaItem | Segment | Entity | Reel
    media: MediaItem | None = None  # a segment's media item


def resolve(session: Session, user: User | None, text: str) -> Target:
    pid = normalise_pid(text)
    if pid is None:
        raise NotFound("not an identifier")
    if film := session.scalar(select(Film).where(Film.pid == pid)):
        return Target("film", film)
    if item := session.scalar(select(MediaItem).where(MediaItem.pid == pid)):
        return Target("media_item", access.require_visible(user, item))
    if entity := session.scalar(
        select(Entity).where(Entity.pid == pid, access.entity_visible(user))
    ):
        return Target("entity", entity)
    if segment := visible_segment(session, user, pid):
        return Target("segment", segment, segment.transcript.media_item)
    reel = session.scalar(select(Reel).where(Reel.pid == pid))
    if reel is not None and user is not None and reel.owner_id == user.id:
        return Target("reel", reel)  # reels are private to their editor
    raise NotFound("not found")


def visible_segment(session: Session, user: User | None, pid: str) -> Segment | None:
    """The segment with this identifier if the user may see it: its item, its track, the
    passage itself, and no restricted stretch of the item over its time."""
    segment = session.scalar(
        select(Segment)
        .join(Transcript)
        .join(MediaItem)
        .where(Segment.pid == pid, access.segment_visible(user))
    )
    if segment is None:
        return None
    media = segment.transcript.media_item
    if not access.may_see_range(session, user, media, segment.start_ms, segment.end_ms):
        return None
    return segment
