"""The timeline: events in date order, each with the moments that mention it, and what the
browse pages add around an entity (moments by film and item, entities mentioned alongside)
and a film (its people and events). Every query goes through access.py."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from . import access, revision
from .catalog import Moment, distinct_moments, is_echo, mark_echoes
from .models import (
    Annotation,
    Entity,
    Film,
    FilmUse,
    MediaItem,
    Segment,
    Transcript,
    User,
    film_media,
)

MOMENTS_PER_EVENT = 5


@dataclass
class TimelineEvent:
    entity: Entity
    moments: list[Moment] = field(default_factory=list)
    moment_count: int = 0


def _visible_moments(user: User | None):  # type: ignore[no-untyped-def]
    return (
        select(Annotation, MediaItem, Segment)
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .outerjoin(Entity, Entity.id == Annotation.entity_id)
        .where(access.annotation_visible(user), Annotation.status != "rejected")
    )


def events_in_period(
    session: Session, user: User | None, year_from: int | None, year_to: int | None
) -> list[Entity]:
    """Dated events overlapping the years (either end open), earliest first: what a period
    asked for without words is answered with. Partial ISO dates compare as text."""
    low, high = f"{year_from or 1:04d}", f"{year_to or 9999:04d}-12-31"
    return list(
        session.scalars(
            select(Entity)
            .where(
                Entity.kind == "event",
                access.entity_visible(user),
                Entity.date_start.is_not(None),
                Entity.date_start <= high,
                func.coalesce(Entity.date_end, Entity.date_start) >= low,
            )
            .order_by(Entity.date_start, Entity.name)
        )
    )


def timeline(session: Session, user: User | None) -> list[TimelineEvent]:
    """Events with a date first (earliest first), then undated ones by name. Which moments
    each shows, and how many it has, are worked out once per revision of the catalog for the
    public and for those who see everything (it reads every mention of every event)."""
    events = list(
        session.scalars(
            select(Entity)
            .where(Entity.kind == "event", access.entity_visible(user))
            .order_by(Entity.date_start.is_(None), Entity.date_start, Entity.name)
        )
    )
    by_id = {event.id: TimelineEvent(event) for event in events}
    if not by_id:
        return []
    audience = access.audience_key(user)
    compute = lambda: _counted_and_shown(session, user, list(by_id))  # noqa: E731
    picks = (
        compute() if audience is None else revision.kept(session, ("timeline", audience), compute)
    )
    shown = [i for _, ids in picks.values() for i in ids]
    rows = session.execute(_with_track_kind(user).where(Annotation.id.in_(shown))) if shown else []
    moments = {a.id: Moment(a, m, s, kind == "translation") for a, m, s, kind in rows}
    for event_id, (count, ids) in picks.items():
        if (entry := by_id.get(event_id)) is not None:
            entry.moment_count = count
            entry.moments = [moments[i] for i in ids if i in moments]
    return list(by_id.values())


def _with_track_kind(user: User | None):  # type: ignore[no-untyped-def]
    return (
        _visible_moments(user)
        .add_columns(Transcript.kind)
        .outerjoin(Transcript, Transcript.id == Segment.transcript_id)
    )


def _counted_and_shown(
    session: Session, user: User | None, event_ids: list[int]
) -> dict[int, tuple[int, list[int]]]:
    """Per event: its moments counted once each (said in the original, or twice), and the
    annotations of the first few to show, by item title and time."""
    rows = session.execute(
        _with_track_kind(user)
        .where(Annotation.entity_id.in_(event_ids))
        .order_by(MediaItem.title, Annotation.start_ms)
    )
    moments = mark_echoes([Moment(a, m, s, kind == "translation") for a, m, s, kind in rows])
    picks: dict[int, tuple[int, list[int]]] = {}
    seen: set[tuple[int | None, int, int, int]] = set()
    for moment in moments:
        annotation = moment.annotation
        if moment.echo or (annotation.entity_id, *moment.key) in seen:
            continue
        seen.add((annotation.entity_id, *moment.key))
        count, ids = picks.get(annotation.entity_id, (0, []))
        if len(ids) < MOMENTS_PER_EVENT:
            ids.append(annotation.id)
        picks[annotation.entity_id] = (count + 1, ids)
    return picks


def mentioned_alongside(
    session: Session, user: User | None, entity: Entity, limit: int = 12
) -> list[tuple[Entity, int]]:
    """Entities most often linked to the same segments (or, on clips, the same clip) as this
    one, with how many moments they share. Two queries rather than one OR join, so each can
    use its index."""
    mine, other = aliased(Annotation), aliased(Annotation)
    shared: dict[int, int] = defaultdict(int)
    for on in (
        (other.segment_id == mine.segment_id) & mine.segment_id.is_not(None),
        (other.media_item_id == mine.media_item_id)
        & mine.segment_id.is_(None)
        & other.segment_id.is_(None),
    ):
        rows = session.execute(
            select(other.entity_id, func.count(func.distinct(mine.id)))
            .select_from(mine)
            .join(other, on)
            .join(Entity, Entity.id == other.entity_id)
            .join(MediaItem, MediaItem.id == mine.media_item_id)
            .outerjoin(Segment, Segment.id == mine.segment_id)
            .where(
                mine.entity_id == entity.id,
                other.entity_id != entity.id,
                mine.status != "rejected",
                other.status != "rejected",
                ~is_echo(mine),  # a translation's segment shares what its original does
                access.annotation_visible(user),
            )
            .group_by(other.entity_id)
        )
        for entity_id, count in rows:
            shared[entity_id] += count
    if not shared:
        return []
    entities = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_(shared)))}
    ranked = sorted(shared, key=lambda e: (-shared[e], entities[e].name))[:limit]
    return [(entities[e], shared[e]) for e in ranked]


def moments_by_film(
    session: Session, moments_by_media: list[tuple[MediaItem, list[Moment]]]
) -> list[tuple[Film | None, list[tuple[MediaItem, list[Moment]]]]]:
    """An entity page's moments grouped by film, then media item (an item used in no film is
    listed under None, last)."""
    ids = [media.id for media, _ in moments_by_media]
    films_of: dict[int, list[Film]] = defaultdict(list)
    if ids:
        for media_id, film in session.execute(
            select(film_media.c.media_item_id, Film)
            .join(Film, Film.id == film_media.c.film_id)
            .where(film_media.c.media_item_id.in_(ids))
            .order_by(Film.year, Film.title)
        ):
            films_of[media_id].append(film)
    grouped: dict[int | None, tuple[Film | None, list[tuple[MediaItem, list[Moment]]]]] = {}
    for media, moments in moments_by_media:
        for film in films_of.get(media.id) or [None]:
            key = film.id if film else None
            grouped.setdefault(key, (film, []))[1].append((media, moments))
    return sorted(grouped.values(), key=lambda g: (g[0] is None, g[0].title if g[0] else ""))


def film_entities(
    session: Session,
    user: User | None,
    film: Film,
    kind: str,
    limit: int = 24,
    confirmed_only: bool = False,
) -> list[tuple[Entity, int]]:
    """The people (or events, ...) the film's visible media items mention most, counting the
    moments of every link not rejected, or only of those an editor confirmed."""
    moments = distinct_moments(
        select(Annotation.id)
        .select_from(Annotation)
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .join(film_media, film_media.c.media_item_id == MediaItem.id)
        .join(Entity, Entity.id == Annotation.entity_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .where(
            film_media.c.film_id == film.id,
            Entity.kind == kind,
            Annotation.status == "confirmed" if confirmed_only else Annotation.status != "rejected",
            access.annotation_visible(user),
        )
    ).subquery()
    count = func.count(moments.c.entity_id)
    rows = session.execute(
        select(Entity, count)
        .join(moments, moments.c.entity_id == Entity.id)
        .group_by(Entity.id)
        .order_by(count.desc(), Entity.name)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in rows]


def film_stretch_entities(
    session: Session, user: User | None, film: Film, start_ms: int, end_ms: int | None, limit: int
) -> list[Entity]:
    """The people and events mentioned in the catalog footage the film's cut shows from
    start_ms to end_ms of the film's running time, the most mentioned first."""
    rows = session.execute(
        select(Entity, func.count(Annotation.id))
        .select_from(Annotation)
        .join(
            FilmUse,
            (FilmUse.media_item_id == Annotation.media_item_id)
            & (Annotation.start_ms < FilmUse.source_out_ms)
            & (Annotation.end_ms > FilmUse.source_in_ms),
        )
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .join(Entity, Entity.id == Annotation.entity_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .where(
            FilmUse.film_id == film.id,
            FilmUse.film_in_ms >= start_ms,
            FilmUse.film_in_ms < (end_ms if end_ms is not None else 2**62),
            Entity.kind.in_(("person", "event")),
            Annotation.status != "rejected",
            access.annotation_visible(user),
        )
        .group_by(Entity.id)
        .order_by(func.count(Annotation.id).desc(), Entity.name)
        .limit(limit)
    )
    return [row[0] for row in rows]
