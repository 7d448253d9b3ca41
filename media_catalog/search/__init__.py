"""Search: every segment a query finds, ranked, grouped by media item, with facets to narrow
down, and the archival clips whose records match. One interface over two full-text indexes
(backends.py); what a visitor may see is decided by access.py, in the SQL itself.

The work a query can do is capped: the text match scans at most SCAN_CAP segments and ranks
at most RANK_CAP of them, so a very common word costs no more than a rare one; facets and
counts are over those ranked segments, and say so when the cap was reached."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from .. import access
from ..models import Annotation, Entity, MediaItem, Segment, Transcript, User
from .backends import backend_for
from .clips import matching_clips
from .facets import Facets, facets_for
from .filters import Filters, conditions
from .names import named_entities
from .query import Query, QueryError, parse
from .snippets import highlight

SCAN_CAP = 5_000
RANK_CAP = 1_000
PER_PAGE = 20

__all__ = ["Filters", "Hit", "MediaGroup", "QueryError", "Results", "search"]


@dataclass
class Hit:
    segment: Segment
    transcript: Transcript
    media: MediaItem
    snippet: Markup
    by_name: bool  # found because it is linked to an entity the query names, not by its words


@dataclass
class MediaGroup:
    media: MediaItem
    hits: list[Hit]
    total: int  # this item's segments among all the results


@dataclass
class Results:
    query: Query
    filters: Filters
    total: int
    capped: bool
    page: int
    pages: int
    groups: list[MediaGroup] = field(default_factory=list)
    facets: Facets = field(default_factory=Facets)
    clips: list[MediaItem] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)  # what the query names


def search(
    session: Session,
    user: User | None,
    text: str,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """Raises QueryError for a query that cannot be searched."""
    filters = filters or Filters()
    query = parse(text)
    named = named_entities(session, query)
    ranked, capped = _ranked_ids(session, user, query, filters, named)
    rows = _where(session, [segment_id for segment_id, _ in ranked])
    media_of = {segment_id: media_id for segment_id, media_id, _ in rows}
    pages = max(1, -(-len(ranked) // per_page))
    page = min(max(1, page), pages)
    on_page = ranked[(page - 1) * per_page : page * per_page]
    entity_ids = {entity_id for ids in named.values() for entity_id in ids}
    return Results(
        query=query,
        filters=filters,
        total=len(ranked),
        capped=capped,
        page=page,
        pages=pages,
        groups=_groups(session, query, on_page, media_of),
        facets=facets_for(session, user, rows),
        clips=matching_clips(session, user, query, filters, entity_ids),
        entities=_visible_entities(session, user, entity_ids),
    )


def _base(
    user: User | None, filters: Filters, *columns: Any, start: FromClause | None = None
) -> Select[Any]:
    """Segments (from `start`, an index to join them to, when given) a user may see."""
    query = select(*columns)
    if start is not None:
        query = query.select_from(start).join(Segment, Segment.id == start.c.rowid)
    return (
        query.join(Transcript, Transcript.id == Segment.transcript_id)
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
        .where(access.segment_visible(user), *conditions(filters))
    )


def _ranked_ids(
    session: Session,
    user: User | None,
    query: Query,
    filters: Filters,
    named: dict[int, set[int]],
) -> tuple[list[tuple[int, bool]], bool]:
    """(segment id, found by name) best first, and whether a cap was reached."""
    backend = backend_for(session.get_bind().dialect.name)
    joined, matches, score = backend.ranked(query)
    scan = _base(user, filters, Segment.id, score, start=joined).where(matches)
    scanned = scan.limit(SCAN_CAP).subquery()
    best = session.execute(
        select(scanned.c.id).order_by(scanned.c.score.desc(), scanned.c.id).limit(RANK_CAP)
    ).scalars()
    ranked = [(segment_id, False) for segment_id in best]
    capped = len(ranked) == RANK_CAP
    seen = {segment_id for segment_id, _ in ranked}
    for entity_id, covered in _clauses_by_entity(named).items():
        rest = [clause for number, clause in enumerate(query.clauses) if number not in covered]
        linked = select(Annotation.segment_id).where(
            Annotation.entity_id == entity_id, Annotation.status != "rejected"
        )
        by_name = _base(user, filters, Segment.id).where(Segment.id.in_(linked))
        if rest:
            by_name = by_name.where(Segment.id.in_(backend.matching_ids(rest, [])))
        if query.excluded:
            by_name = by_name.where(Segment.id.not_in(backend.matching_ids([query.excluded], [])))
        order = by_name.order_by(MediaItem.title, Segment.start_ms).limit(RANK_CAP)
        for segment_id in session.execute(order).scalars():
            if segment_id not in seen:
                seen.add(segment_id)
                ranked.append((segment_id, True))
    return ranked, capped


def _clauses_by_entity(named: dict[int, set[int]]) -> dict[int, set[int]]:
    covered: dict[int, set[int]] = defaultdict(set)
    for number, entity_ids in named.items():
        for entity_id in entity_ids:
            covered[entity_id].add(number)
    return covered


def _where(session: Session, ids: list[int]) -> list[tuple[int, int, str]]:
    """(segment, media item, language) of each result, in chunks the drivers accept."""
    rows: list[tuple[int, int, str]] = []
    for chunk in range(0, len(ids), 900):
        rows += session.execute(
            select(Segment.id, Transcript.media_item_id, Transcript.language)
            .join(Transcript, Transcript.id == Segment.transcript_id)
            .where(Segment.id.in_(ids[chunk : chunk + 900]))
        ).all()  # type: ignore[arg-type]
    return rows


def _groups(
    session: Session, query: Query, on_page: list[tuple[int, bool]], media_of: dict[int, int]
) -> list[MediaGroup]:
    if not on_page:
        return []
    loaded = {
        segment.id: (segment, transcript, media)
        for segment, transcript, media in session.execute(
            select(Segment, Transcript, MediaItem)
            .join(Transcript, Transcript.id == Segment.transcript_id)
            .join(MediaItem, MediaItem.id == Transcript.media_item_id)
            .where(Segment.id.in_([segment_id for segment_id, _ in on_page]))
        )
    }
    totals: dict[int, int] = defaultdict(int)
    for media_id in media_of.values():
        totals[media_id] += 1
    groups: dict[int, MediaGroup] = {}
    for segment_id, by_name in on_page:
        segment, transcript, media = loaded[segment_id]
        hit = Hit(segment, transcript, media, highlight(segment.text, query), by_name)
        group = groups.setdefault(media.id, MediaGroup(media, [], totals[media.id]))
        group.hits.append(hit)
    return list(groups.values())


def _visible_entities(session: Session, user: User | None, ids: set[int]) -> list[Entity]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(Entity)
            .where(Entity.id.in_(ids), access.entity_visible(user))
            .order_by(Entity.name)
        )
    )
