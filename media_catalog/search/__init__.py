"""One search interface over two backends (SQLite FTS5, PostgreSQL full-text), chosen by the
database in use: `search(session, user, query, filters, page)`. Every query goes through
access.py, so restricted material is absent from hits, snippets and facet counts alike.

The work a query can do is capped (CANDIDATE_CAP moments of each kind): a very frequent word
is ranked among the first matches the index yields rather than all of them."""

from __future__ import annotations

from collections import Counter, defaultdict
from types import ModuleType
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from .. import access
from ..models import (
    Annotation,
    Entity,
    MediaItem,
    Segment,
    Transcript,
    User,
)
from . import names, postgresql, sqlite
from .filters import Filters, entity_ids, media_conditions, segment_conditions
from .query import Query, QueryError, Term, parse
from .results import Facet, Hit, MediaGroup, MediaSummary, SearchResults
from .snippets import Snippet, make_snippet, match_spans

__all__ = [
    "Filters",
    "Hit",
    "MediaGroup",
    "QueryError",
    "SearchResults",
    "highlight_terms",
    "parse",
    "search",
]

CANDIDATE_CAP = 100
HITS_PER_GROUP = 3
PER_PAGE = 10
FACET_SIZE = 12
MAX_PAGE = 1000
# Moments found only through an entity link (the words differ: Щаранского for Shcharansky) come
# after the moments whose words match.
LINKED_ONLY_SCORE = -1e9


def backend(session: Session) -> ModuleType:
    return sqlite if session.get_bind().dialect.name == "sqlite" else postgresql


def reindex(session: Session) -> None:
    backend(session).reindex(session)


def search(
    session: Session,
    user: User | None,
    query: str,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Raises QueryError (with a message for a person) for a query that cannot be searched."""
    filters = filters or Filters()
    filters.check()
    parsed = parse(query)
    page = min(max(1, page), MAX_PAGE)
    may_see = access.can_see_restricted(user)
    index = names.name_index(session)
    expansions, whole = names.expansions(index, parsed, may_see)
    ids = entity_ids(session, user, filters.entities) if filters.entities else []
    engine = backend(session)

    hits, spans = _segment_hits(session, user, engine, parsed, expansions, whole, filters, ids)
    hits += _media_hits(session, user, engine, parsed, expansions, whole, filters, ids)
    capped = len(hits) >= CANDIDATE_CAP

    results = SearchResults(query, filters, page, per_page, capped=capped)
    if whole:
        results.named_entities = [
            (slug, name)
            for slug, name in session.execute(
                select(Entity.slug, Entity.name).where(Entity.id.in_(whole)).order_by(Entity.name)
            )
        ]
    media_dates = _group(session, results, hits)
    terms = [t for term in parsed.terms for t in (term, *expansions.get(term, []))]
    _add_snippets(session, user, results.hits, spans, terms)  # only what the page shows
    results.facets = _facets(session, user, hits, media_dates)
    return results


def highlight_terms(session: Session, user: User | None, query: str) -> list[str]:
    """The words a query's hits are found by, as text to mark in a transcript: its words,
    phrases and prefixes (not its exclusions) and the other names of a person it names
    (Shcharansky marks Sharansky too). A query that cannot be searched marks nothing."""
    try:
        parsed = parse(query)
    except QueryError:
        return []
    index = names.name_index(session)
    expansions, _ = names.expansions(index, parsed, access.can_see_restricted(user))
    terms = [t for term in parsed.terms for t in (term, *expansions.get(term, []))]
    return list(dict.fromkeys(term.text for term in terms if term.text))


def _segment_hits(
    session: Session,
    user: User | None,
    engine: ModuleType,
    parsed: Query,
    expansions: dict[Term, list[Term]],
    whole: frozenset[int],
    filters: Filters,
    ids: list[int | None],
) -> tuple[list[Hit], dict[int, list[tuple[int, int]]]]:
    source, probe, score, match = engine.segment_source(parsed, expansions)
    columns = (
        Segment.id,
        Transcript.media_item_id,
        Segment.start_ms,
        Segment.end_ms,
        Segment.speaker,
        Transcript.language,
    )
    conditions = [access.segment_visible(user), *segment_conditions(filters, ids)]
    matched = [access.segment_visible(user), *segment_conditions(filters, ids, probe)]
    rows = session.execute(
        select(*columns, score)
        .select_from(source)
        .join(Transcript, Transcript.id == Segment.transcript_id)
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
        .where(match, *matched)
        .limit(CANDIDATE_CAP)
    ).all()
    hits = {row[0]: _hit(row, float(row[6])) for row in rows}
    if 0 < len(hits) < CANDIDATE_CAP and _bm25_is_cheap(parsed, expansions, filters):
        for segment_id, value in engine.refine_scores(
            session, parsed, expansions, list(hits)
        ).items():
            hits[segment_id].score = value
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    if whole:
        # Moments annotated with the entity the query names, in any spelling or inflection.
        annotated = (
            select(*columns, Annotation.span_start, Annotation.span_end)
            .select_from(Annotation)
            .join(Segment, Segment.id == Annotation.segment_id)
            .join(Transcript, Transcript.id == Segment.transcript_id)
            .join(MediaItem, MediaItem.id == Transcript.media_item_id)
            .where(Annotation.entity_id.in_(whole), Annotation.status != "rejected", *conditions)
            .limit(CANDIDATE_CAP)
        )
        if parsed.excluded:
            annotated = annotated.where(Segment.id.not_in(engine.segments_matching(parsed)))
        for row in session.execute(annotated):
            hits.setdefault(row[0], _hit(row, LINKED_ONLY_SCORE))
            if row[6] is not None and row[7] is not None:
                spans[row[0]].append((row[6], row[7]))
    return list(hits.values())[:CANDIDATE_CAP], spans


def _bm25_is_cheap(query: Query, expansions: dict[Term, list[Term]], filters: Filters) -> bool:
    """bm25 first counts every row holding each of the query's words. That is cheap only when
    those rows are the matches themselves (and so fewer than the cap): one group of single
    words or prefixes, no phrases, no exclusions, no filters, no other names."""
    return (
        filters.is_empty
        and not expansions
        and not query.excluded
        and len(query.groups) == 1
        and all(len(term.words) == 1 for term in query.groups[0])
    )


def _hit(row: Any, score: float) -> Hit:
    return Hit(row[1], row[0], row[2], row[3], row[4], row[5], Snippet(()), score)


def _media_hits(
    session: Session,
    user: User | None,
    engine: ModuleType,
    parsed: Query,
    expansions: dict[Term, list[Term]],
    whole: frozenset[int],
    filters: Filters,
    ids: list[int | None],
) -> list[Hit]:
    conditions = [access.media_visible(user), *media_conditions(filters, ids)]
    source, score, match = engine.media_source(parsed, expansions)
    hits = {
        media_id: Hit(media_id, None, 0, None, None, None, Snippet(()), float(value))
        for media_id, value in session.execute(
            select(MediaItem.id, score)
            .select_from(source)
            .where(match, *conditions)
            .limit(CANDIDATE_CAP)
        )
    }
    if whole:
        tagged = session.execute(
            select(Annotation.media_item_id, Annotation.start_ms, Annotation.end_ms)
            .join(MediaItem, MediaItem.id == Annotation.media_item_id)
            .where(
                Annotation.entity_id.in_(whole),
                Annotation.segment_id.is_(None),
                Annotation.status != "rejected",
                MediaItem.kind != "interview",
                *conditions,
            )
            .order_by(Annotation.start_ms)
            .limit(CANDIDATE_CAP)
        )
        for media_id, start_ms, end_ms in tagged:
            hit = hits.setdefault(
                media_id, Hit(media_id, None, start_ms, None, None, None, Snippet(()), 0.0)
            )
            if end_ms > start_ms and hit.end_ms is None:
                hit.start_ms, hit.end_ms = start_ms, end_ms
    return list(hits.values())


def _rows(session: Session, sql: str, ids: Any, **params: Any) -> list[Any]:
    """Raw SQL over a list of integer ids written inline ({ids}): binding hundreds of
    parameters, or compiling a fresh SELECT for each list, costs more than the query itself.
    The ids come from the database as ints, never from user text."""
    values = ",".join(str(int(i)) for i in ids)
    if not values:
        return []
    return list(session.execute(text(sql.format(ids=values)), params))


_VISIBLE_ENTITY = "(:privileged OR e.restricted = :no)"


def _add_snippets(
    session: Session,
    user: User | None,
    hits: list[Hit],
    spans: dict[int, list[tuple[int, int]]],
    terms: list[Term],
) -> None:
    texts = dict(
        _rows(
            session,
            "SELECT id, text FROM segments WHERE id IN ({ids})",
            [hit.segment_id for hit in hits if hit.segment_id is not None],
        )
    )
    media_ids = [hit.media_id for hit in hits if hit.segment_id is None]
    described = {
        media_id: f"{title}. {description}".strip()
        for media_id, title, description in _rows(
            session, "SELECT id, title, description FROM media_items WHERE id IN ({ids})", media_ids
        )
    }
    tags: dict[int, list[str]] = defaultdict(list)
    for media_id, name in _rows(
        session,
        "SELECT a.media_item_id, coalesce(e.name, a.tag) FROM annotations a "
        "LEFT JOIN entities e ON e.id = a.entity_id WHERE a.media_item_id IN ({ids}) "
        "AND a.segment_id IS NULL AND a.status != 'rejected' "
        f"AND (e.id IS NULL OR {_VISIBLE_ENTITY}) ORDER BY a.start_ms",
        media_ids,
        privileged=access.can_see_restricted(user),
        no=False,
    ):
        if name:
            tags[media_id].append(name)
    for hit in hits:
        if hit.segment_id is not None:
            body = texts.get(hit.segment_id, "")
            marks = match_spans(body, terms) + spans.get(hit.segment_id, [])
        else:
            body = described.get(hit.media_id, "")
            marks = match_spans(body, terms)
            if not marks and tags.get(hit.media_id):
                body = "Tagged: " + ", ".join(dict.fromkeys(tags[hit.media_id]))
                marks = match_spans(body, terms)
        hit.snippet = make_snippet(body, marks)


def _group(session: Session, results: SearchResults, hits: list[Hit]) -> dict[int, Any]:
    """Fill in the page of groups; returns each media item's (start, end) date for facets."""
    grouped: dict[int, list[Hit]] = defaultdict(list)
    for hit in sorted(hits, key=lambda h: -h.score):
        grouped[hit.media_id].append(hit)
    summaries, dates = {}, {}
    for row in _rows(
        session,
        "SELECT id, slug, title, kind, date_text, date_start, date_end FROM media_items "
        "WHERE id IN ({ids})",
        grouped,
    ):
        summaries[row[0]] = MediaSummary(*row[:5])
        dates[row[0]] = (row[5], row[6])
    order = sorted(grouped, key=lambda m: (-grouped[m][0].score, summaries[m].title))
    results.total_hits = len(hits)
    results.total_groups = len(order)
    first = (results.page - 1) * results.per_page
    if results.filters.media:  # within one item: page through its moments in time order
        moments = sorted(hits, key=lambda h: (h.start_ms, h.language or ""))
        page = moments[first : first + results.per_page]
        if page:
            media_id = page[0].media_id
            results.groups = [MediaGroup(summaries[media_id], len(moments), page, page[0].score)]
        return dates
    for media_id in order[first : first + results.per_page]:
        best = sorted(grouped[media_id][:HITS_PER_GROUP], key=lambda h: h.start_ms)
        results.groups.append(
            MediaGroup(
                summaries[media_id], len(grouped[media_id]), best, grouped[media_id][0].score
            )
        )
    return dates


def _decades(start: str | None, end: str | None) -> set[int]:
    if not start or not start[:4].isdecimal():
        return set()
    first = int(start[:4]) // 10 * 10
    last = int((end or start)[:4]) // 10 * 10 if (end or start)[:4].isdecimal() else first
    return set(range(first, min(last, first + 20) + 10, 10))


def _entity_rows(session: Session, hits: list[Hit], privileged: bool) -> list[tuple[Any, ...]]:
    """(hit key, entity id, slug, name, kind, date start, date end) for every visible entity
    linked to a hit: at its segment, or (for clips) anywhere on its media item."""
    entity_sql = (
        "SELECT a.{key}, e.id, e.slug, e.name, e.kind, e.date_start, e.date_end "
        "FROM annotations a JOIN entities e ON e.id = a.entity_id "
        "WHERE a.{key} IN ({{ids}}) AND a.status != 'rejected' AND " + _VISIBLE_ENTITY
    )
    rows = [
        (("s", row[0]), *row[1:])
        for row in _rows(
            session,
            entity_sql.format(key="segment_id"),
            [h.segment_id for h in hits if h.segment_id is not None],
            privileged=privileged,
            no=False,
        )
    ]
    return rows + [
        (("m", row[0]), *row[1:])
        for row in _rows(
            session,
            entity_sql.format(key="media_item_id") + " AND a.segment_id IS NULL",
            [h.media_id for h in hits if h.segment_id is None],
            privileged=privileged,
            no=False,
        )
    ]


def _films_of(
    session: Session, media_dates: dict[int, Any]
) -> tuple[dict[int, tuple[str, str]], dict[int, list[int]]]:
    """The films the hits' media items appear in: (slug, title) per film, films per item."""
    films: dict[int, tuple[str, str]] = {}
    film_of: dict[int, list[int]] = defaultdict(list)
    for media_id, film_id, slug, title in _rows(
        session,
        "SELECT fm.media_item_id, f.id, f.slug, f.title FROM film_media fm "
        "JOIN films f ON f.id = fm.film_id WHERE fm.media_item_id IN ({ids})",
        media_dates,
    ):
        films[film_id] = (slug, title)
        film_of[media_id].append(film_id)
    return films, film_of


def _facets(
    session: Session, user: User | None, hits: list[Hit], media_dates: dict[int, Any]
) -> dict[str, list[Facet]]:
    """Counts of hits per entity, film, language and decade, over visible material only (the
    hits already are; the entities joined here are filtered again)."""
    privileged = access.can_see_restricted(user)
    entities: dict[int, set[object]] = defaultdict(set)
    labels: dict[int, tuple[str, str]] = {}
    decade_hits: dict[int, set[object]] = defaultdict(set)
    rows = _entity_rows(session, hits, privileged)
    for key, entity_id, slug, name, kind, start, end in rows:
        entities[entity_id].add(key)
        labels[entity_id] = (slug, name)
        if kind == "event":
            for decade in _decades(start, end):
                decade_hits[decade].add(key)
    for segment_id, start, end in _rows(
        session,
        "SELECT segment_id, date_start, date_end FROM segment_dates WHERE segment_id IN ({ids})",
        [h.segment_id for h in hits if h.segment_id is not None],
    ):
        for decade in _decades(start, end):
            decade_hits[decade].add(("s", segment_id))
    films, film_of = _films_of(session, media_dates)
    film_hits: Counter[int] = Counter()
    languages: Counter[str] = Counter()
    for hit in hits:
        key = ("s", hit.segment_id) if hit.segment_id is not None else ("m", hit.media_id)
        for film_id in film_of.get(hit.media_id, []):
            film_hits[film_id] += 1
        if hit.language:
            languages[hit.language] += 1
        for decade in _decades(*media_dates.get(hit.media_id, (None, None))):
            decade_hits[decade].add(key)
    by_count = sorted(entities, key=lambda e: (-len(entities[e]), labels[e][1]))[:FACET_SIZE]
    return {
        "entities": [Facet(labels[e][0], labels[e][1], len(entities[e])) for e in by_count],
        "films": [Facet(films[f][0], films[f][1], n) for f, n in film_hits.most_common(FACET_SIZE)],
        "languages": [Facet(code, code, n) for code, n in sorted(languages.items())],
        "decades": [
            Facet(str(decade), f"{decade}s", len(keys))
            for decade, keys in sorted(decade_hits.items())
        ],
    }
