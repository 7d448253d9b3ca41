"""Facet counts over a search's results, so a visitor can narrow down by clicking: the
entities linked to the matching segments, their films, languages and decades (of a date
spoken in the segment, else of an event it mentions, else of archival footage). Restricted
entities are not counted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import access
from ..models import Annotation, Entity, Film, MediaItem, SegmentDate, User, film_media

FACET_SIZE = 12


@dataclass
class Facets:
    entities: list[tuple[Entity, int]] = field(default_factory=list)
    films: list[tuple[Film, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    decades: list[tuple[int, int]] = field(default_factory=list)  # 1970 -> count


def facets_for(session: Session, user: User | None, rows: list[tuple[int, int, str]]) -> Facets:
    """`rows`: (segment, media item, language) of every result."""
    if not rows:
        return Facets()
    segment_ids = [segment_id for segment_id, _, _ in rows]
    entities: Counter[int] = Counter()
    spoken: dict[int, str] = {}
    events: dict[int, str] = {}
    for chunk in _chunks(segment_ids):
        entities.update(
            dict(
                session.execute(
                    select(Annotation.entity_id, func.count(func.distinct(Annotation.segment_id)))
                    .where(
                        Annotation.segment_id.in_(chunk),
                        Annotation.entity_id.is_not(None),
                        Annotation.status != "rejected",
                    )
                    .group_by(Annotation.entity_id)
                ).all()
            )
        )
        spoken.update(
            session.execute(
                select(SegmentDate.segment_id, func.min(SegmentDate.date_start))
                .where(SegmentDate.segment_id.in_(chunk))
                .group_by(SegmentDate.segment_id)
            ).all()
        )
        events.update(
            session.execute(
                select(Annotation.segment_id, func.min(Entity.date_start))
                .join(Entity, Entity.id == Annotation.entity_id)
                .where(
                    Annotation.segment_id.in_(chunk),
                    Annotation.status != "rejected",
                    Entity.kind == "event",
                    Entity.date_start.is_not(None),
                    access.entity_visible(user),
                )
                .group_by(Annotation.segment_id)
            ).all()
        )
    by_media = Counter(media_id for _, media_id, _ in rows)
    footage = dict(
        session.execute(
            select(MediaItem.id, MediaItem.date_start).where(
                MediaItem.id.in_(list(by_media)), MediaItem.kind != "interview"
            )
        ).all()
    )
    decades: Counter[int] = Counter()
    for segment_id, media_id, _ in rows:
        date = spoken.get(segment_id) or events.get(segment_id) or footage.get(media_id)
        if date:
            decades[int(date[:3]) * 10] += 1
    films: Counter[int] = Counter()
    for film_id, media_id in session.execute(
        select(film_media.c.film_id, film_media.c.media_item_id).where(
            film_media.c.media_item_id.in_(list(by_media))
        )
    ):
        films[film_id] += by_media[media_id]
    visible = {
        e.id: e
        for e in session.scalars(
            select(Entity).where(Entity.id.in_(list(entities)), access.entity_visible(user))
        )
    }
    film_objects = {f.id: f for f in session.scalars(select(Film).where(Film.id.in_(list(films))))}
    return Facets(
        entities=[(visible[i], n) for i, n in entities.most_common() if i in visible][:FACET_SIZE],
        films=[(film_objects[i], n) for i, n in films.most_common()],
        languages=Counter(language for _, _, language in rows).most_common(),
        decades=sorted(decades.items()),
    )


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
