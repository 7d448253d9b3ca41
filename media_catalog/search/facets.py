"""Facet counts over a search's ranked results, so a visitor can narrow down by clicking: the
entities linked to the matching segments, their films, languages and decades (of a date spoken
in the segment, else of an event it mentions, else of archival footage). Restricted entities are
not counted. A handful of queries over the result ids, whatever the query was."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from .. import access
from ..models import Annotation, Entity, Film, SegmentDate, User, film_media

FACET_SIZE = 12


class ResultRow(NamedTuple):
    """What facets need of each result, read with the results themselves."""

    segment_id: int
    media_item_id: int
    language: str
    footage_date: str | None  # archival material's date; None for interviews


@dataclass
class Facets:
    entities: list[tuple[Entity, int]] = field(default_factory=list)
    films: list[tuple[Film, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    decades: list[tuple[int, int]] = field(default_factory=list)  # 1970 -> count


# Statements built once with an expanding parameter for the ids: building them per search
# (two hundred values coerced each time) cost more than running them.
_IDS = bindparam("ids", expanding=True)
_LINKED = (
    select(Annotation.segment_id, Entity.id, Entity.kind, Entity.date_start, Entity.restricted)
    .join(Entity, Entity.id == Annotation.entity_id)
    .where(Annotation.segment_id.in_(_IDS), Annotation.status != "rejected")
    .distinct()
)
_SPOKEN = (
    select(SegmentDate.segment_id, func.min(SegmentDate.date_start))
    .where(SegmentDate.segment_id.in_(_IDS))
    .group_by(SegmentDate.segment_id)
)
_FILMS = select(film_media.c.film_id, film_media.c.media_item_id).where(
    film_media.c.media_item_id.in_(_IDS)
)
_ENTITIES = select(Entity).where(Entity.id.in_(_IDS))
_FILM_OBJECTS = select(Film).where(Film.id.in_(_IDS))


def facets_for(session: Session, user: User | None, rows: list[ResultRow]) -> Facets:
    if not rows:
        return Facets()
    ids = {"ids": [row.segment_id for row in rows]}
    may_see_restricted = access.can_see_restricted(user)
    entities: Counter[int] = Counter()
    events: dict[int, str] = {}
    for segment_id, entity_id, kind, date_start, restricted in session.execute(_LINKED, ids):
        if restricted and not may_see_restricted:
            continue
        entities[entity_id] += 1
        if kind == "event" and date_start and date_start < events.get(segment_id, "9999"):
            events[segment_id] = date_start
    spoken = dict(session.execute(_SPOKEN, ids).all())
    decades: Counter[int] = Counter()
    for row in rows:
        date = spoken.get(row.segment_id) or events.get(row.segment_id) or row.footage_date
        if date:
            decades[int(date[:3]) * 10] += 1
    by_media = Counter(row.media_item_id for row in rows)
    films: Counter[int] = Counter()
    for film_id, media_id in session.execute(_FILMS, {"ids": list(by_media)}):
        films[film_id] += by_media[media_id]
    top = dict(entities.most_common(FACET_SIZE))
    loaded = {e.id: e for e in session.scalars(_ENTITIES, {"ids": list(top)})}
    film_objects = {f.id: f for f in session.scalars(_FILM_OBJECTS, {"ids": list(films)})}
    return Facets(
        entities=[(loaded[i], n) for i, n in top.items() if i in loaded],
        films=[(film_objects[i], n) for i, n in films.most_common()],
        languages=Counter(row.language for row in rows).most_common(),
        decades=sorted(decades.items()),
    )
