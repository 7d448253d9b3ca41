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
from sqlalchemy import Select, bindparam, case, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import FromClause

from .. import access
from ..models import Annotation, Entity, MediaItem, Segment, Transcript, User
from .backends import backend_for
from .clips import matching_clips
from .facets import Facets, ResultRow, facets_for
from .filters import Filters, conditions
from .names import named_entities
from .query import Query, QueryError, parse
from .snippets import highlight

SCAN_CAP = 1_000
RANK_CAP = 200
PER_PAGE = 20

__all__ = ["Filters", "Hit", "MediaGroup", "QueryError", "Results", "search"]


@dataclass
class Hit:
    segment: Any  # id, start_ms, end_ms, speaker, text (a row: pages show many)
    language: str
    media: Any  # as MediaGroup.media
    snippet: Markup
    by_name: bool  # found because it is linked to an entity the query names, not by its words


@dataclass
class MediaGroup:
    media: Any  # id, slug, kind, title, date_text, place, duration_ms
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
    ranked, capped = _ranked(session, user, query, filters, named)
    rows = [row for row, _ in ranked]
    media_of = {row.segment_id: row.media_item_id for row in rows}
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
    user: User | None,
    filters: Filters,
    *columns: Any,
    start: FromClause | None = None,
    driver: type[Annotation] | None = None,
) -> Select[Any]:
    """Segments a user may see; from `start`, an index to join them to, or from the
    annotations that `driver` names, when given."""
    query = select(*columns)
    if start is not None:
        query = query.select_from(start).join(Segment, Segment.id == start.c.rowid)
    elif driver is not None:
        query = query.select_from(driver).join(Segment, Segment.id == driver.segment_id)
    return (
        query.join(Transcript, Transcript.id == Segment.transcript_id)
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
        .where(access.segment_visible(user), *conditions(filters))
    )


# What each result row carries, read by the ranking query itself (facets need it).
_FOOTAGE = case((MediaItem.kind == "interview", None), else_=MediaItem.date_start)
_ROW = (Segment.id, Transcript.media_item_id, Transcript.language, _FOOTAGE)


def _ranked(
    session: Session,
    user: User | None,
    query: Query,
    filters: Filters,
    named: dict[int, set[int]],
) -> tuple[list[tuple[ResultRow, bool]], bool]:
    """(result row, found by name) best first, and whether a cap was reached."""
    backend = backend_for(session.get_bind().dialect.name)
    joined, matches, score = backend.ranked(query)
    scanned = _base(user, filters, *_ROW, score, start=joined).where(matches)
    scanned = scanned.limit(SCAN_CAP).subquery()
    connection = session.connection()
    best = connection.execute(
        select(*[c for c in scanned.c if c.name != "score"])
        .order_by(scanned.c.score.desc(), scanned.c.id)
        .limit(RANK_CAP)
    )
    ranked = [(ResultRow(*row), False) for row in best]
    capped = len(ranked) == RANK_CAP
    seen = {row.segment_id for row, _ in ranked}
    for entity_id, covered in _clauses_by_entity(named).items():
        rest = [clause for number, clause in enumerate(query.clauses) if number not in covered]
        # Driven by the entity's annotations in the order they were made (an index order, so
        # the LIMIT stops the scan): an often-named person costs no more than a rare one.
        by_name = (
            _base(user, filters, *_ROW, start=None, driver=Annotation)
            .where(Annotation.entity_id == entity_id, Annotation.status != "rejected")
            .order_by(Annotation.id)
        )
        if rest:
            by_name = by_name.where(Segment.id.in_(backend.matching_ids(rest, [])))
        if query.excluded:
            by_name = by_name.where(Segment.id.not_in(backend.matching_ids([query.excluded], [])))
        for row in connection.execute(by_name.limit(RANK_CAP)):
            if row[0] not in seen:
                seen.add(row[0])
                ranked.append((ResultRow(*row), True))
    return ranked, capped


def _clauses_by_entity(named: dict[int, set[int]]) -> dict[int, set[int]]:
    covered: dict[int, set[int]] = defaultdict(set)
    for number, entity_ids in named.items():
        for entity_id in entity_ids:
            covered[entity_id].add(number)
    return covered


_PAGE_SEGMENTS = select(
    Segment.id, Segment.start_ms, Segment.end_ms, Segment.speaker, Segment.text
).where(Segment.id.in_(bindparam("ids", expanding=True)))
_PAGE_MEDIA = select(
    MediaItem.id,
    MediaItem.slug,
    MediaItem.kind,
    MediaItem.title,
    MediaItem.date_text,
    MediaItem.place,
    MediaItem.duration_ms,
).where(MediaItem.id.in_(bindparam("ids", expanding=True)))


def _groups(
    session: Session,
    query: Query,
    on_page: list[tuple[ResultRow, bool]],
    media_of: dict[int, int],
) -> list[MediaGroup]:
    if not on_page:
        return []
    ids = [row.segment_id for row, _ in on_page]
    connection = session.connection()
    segments = {row.id: row for row in connection.execute(_PAGE_SEGMENTS, {"ids": ids})}
    media_ids = list({row.media_item_id for row, _ in on_page})
    media = {row.id: row for row in connection.execute(_PAGE_MEDIA, {"ids": media_ids})}
    totals: dict[int, int] = defaultdict(int)
    for media_id in media_of.values():
        totals[media_id] += 1
    groups: dict[int, MediaGroup] = {}
    for row, by_name in on_page:
        segment = segments[row.segment_id]
        item = media[row.media_item_id]
        hit = Hit(segment, row.language, item, highlight(segment.text, query), by_name)
        groups.setdefault(item.id, MediaGroup(item, [], totals[item.id])).hits.append(hit)
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
