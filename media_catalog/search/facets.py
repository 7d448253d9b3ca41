"""Facet counts over a search's ranked results, so a visitor can narrow down by clicking: the
entities linked to the matching segments, their films, languages and decades (of a date spoken
in the segment, else of an event it mentions, else of archival footage). Restricted entities are
not counted. A handful of queries over the result ids, whatever the query was."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

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
    entities: list[tuple[EntityRow, int]] = field(default_factory=list)
    films: list[tuple[FilmRow, int]] = field(default_factory=list)
    languages: list[tuple[str, int]] = field(default_factory=list)
    decades: list[tuple[int, int]] = field(default_factory=list)  # 1970 -> count


# Statements built once with an expanding parameter for the ids: building them per search
# (two hundred values coerced each time) cost more than running them.
_IDS = bindparam("ids", expanding=True)
_ENTITY_COLUMNS = (
    Entity.id,
    Entity.slug,
    Entity.kind,
    Entity.name,
    Entity.description,
    Entity.date_text,
    Entity.date_start,
    Entity.date_end,
    Entity.restricted,
)
_LINKED = (
    select(Annotation.segment_id, *_ENTITY_COLUMNS)
    .join(Entity, Entity.id == Annotation.entity_id)
    .where(Annotation.segment_id.in_(_IDS), Annotation.status != "rejected")
    .distinct()
)
_SPOKEN = (
    select(SegmentDate.segment_id, func.min(SegmentDate.date_start))
    .where(SegmentDate.segment_id.in_(_IDS))
    .group_by(SegmentDate.segment_id)
)
_FILMS = (
    select(film_media.c.media_item_id, Film.id, Film.slug, Film.title)
    .join(Film, Film.id == film_media.c.film_id)
    .where(film_media.c.media_item_id.in_(_IDS))
)


def facets_for(session: Session, user: User | None, rows: list[ResultRow]) -> Facets:
    if not rows:
        return Facets()
    connection = session.connection()  # plain rows: facets need columns, not objects
    ids = {"ids": [row.segment_id for row in rows]}
    may_see_restricted = access.can_see_restricted(user)
    entities: Counter[int] = Counter()
    described: dict[int, Any] = {}
    events: dict[int, str] = {}
    for segment_id, *entity in connection.execute(_LINKED, ids):
        entity_id, kind, date_start, restricted = entity[0], entity[2], entity[6], entity[8]
        if restricted and not may_see_restricted:
            continue
        entities[entity_id] += 1
        described[entity_id] = entity
        if kind == "event" and date_start and date_start < events.get(segment_id, "9999"):
            events[segment_id] = date_start
    spoken = dict(connection.execute(_SPOKEN, ids).all())
    decades: Counter[int] = Counter()
    for row in rows:
        date = spoken.get(row.segment_id) or events.get(row.segment_id) or row.footage_date
        if date:
            decades[int(date[:3]) * 10] += 1
    by_media = Counter(row.media_item_id for row in rows)
    films: Counter[Any] = Counter()
    for media_id, *film in connection.execute(_FILMS, {"ids": list(by_media)}):
        films[tuple(film)] += by_media[media_id]
    return Facets(
        entities=[(EntityRow(*described[i][:8]), n) for i, n in entities.most_common(FACET_SIZE)],
        films=[(FilmRow(*film), n) for film, n in films.most_common()],
        languages=Counter(row.language for row in rows).most_common(),
        decades=sorted(decades.items()),
    )


class EntityRow(NamedTuple):
    """What a facet shows of an entity (and the API says of it)."""

    id: int
    slug: str
    kind: str
    name: str
    description: str
    date_text: str | None
    date_start: str | None
    date_end: str | None


class FilmRow(NamedTuple):
    id: int
    slug: str
    title: str
