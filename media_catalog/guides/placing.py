"""Which section of a guide a new moment most likely belongs in, so "Add to a guide" offers it
first: the scene during which the film shows that stretch, else the scene about the people and
events said in it, else the first scene."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..models import Annotation, Entity, FilmUse, Guide, GuideSection, MediaItem, Segment, User
from . import scenes


def likely_section(
    session: Session, user: User | None, guide: Guide, media: MediaItem, start_ms: int, end_ms: int
) -> GuideSection | None:
    timed = scenes(guide)
    return (
        _shown_in(session, guide, timed, media, start_ms)
        or _about(session, user, timed, media, start_ms, end_ms)
        or next(iter(timed), None)
        or next(iter(guide.sections), None)
    )


def _shown_in(
    session: Session, guide: Guide, timed: list[GuideSection], media: MediaItem, start_ms: int
) -> GuideSection | None:
    """The scene whose film time holds the moment, where the film's cut uses that stretch."""
    uses = session.scalars(
        select(FilmUse).where(
            FilmUse.film_id == guide.film_id,
            FilmUse.media_item_id == media.id,
            FilmUse.source_in_ms <= start_ms,
            FilmUse.source_out_ms > start_ms,
        )
    )
    for use in uses:
        film_ms = use.film_in_ms + start_ms - use.source_in_ms
        for scene in timed:
            if (scene.start_ms or 0) <= film_ms < (scene.end_ms or 2**62):
                return scene
    return None


def _about(
    session: Session,
    user: User | None,
    timed: list[GuideSection],
    media: MediaItem,
    start_ms: int,
    end_ms: int,
) -> GuideSection | None:
    """The scene featuring most of the people and events mentioned in the moment."""
    said = set(
        session.scalars(
            select(Entity.slug)
            .select_from(Annotation)
            .join(MediaItem, MediaItem.id == Annotation.media_item_id)
            .join(Entity, Entity.id == Annotation.entity_id)
            .outerjoin(Segment, Segment.id == Annotation.segment_id)
            .where(
                Annotation.media_item_id == media.id,
                Annotation.start_ms < end_ms,
                Annotation.end_ms > start_ms,
                Annotation.status != "rejected",
                access.annotation_visible(user),
            )
        )
    )
    shared = [(len(said & set(s.entity_slugs)), s) for s in timed]
    best = max(shared, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None
