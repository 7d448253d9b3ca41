"""Archival clips found by their own words (title, description, source, tags) or by a link of
the whole item to the entity a query names. A catalog holds thousands of items, not millions,
so this is plain Python over the small tables, with the same query meaning as segments."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .engine import Alternative, Audience, media_filter, overlaps
from .filters import Filters
from .query import Query, Term
from .tables import Tables
from .view import View

_cache: dict[int, tuple[Tables, dict[str, dict[int, int]]]] = {}


@dataclass
class ClipHit:
    media: int  # media index
    score: float
    start_ms: int
    end_ms: int | None


def _inverted(tables: Tables) -> dict[str, dict[int, int]]:
    kept = _cache.get(id(tables))
    if kept is not None and kept[0] is tables:
        return kept[1]
    words: dict[str, dict[int, int]] = defaultdict(dict)
    for media, body in tables.clip_words.items():
        for word in body:
            words[word][media] = words[word].get(media, 0) + 1
    _cache.clear()
    _cache[id(tables)] = (tables, words)
    return words


def _term(tables: Tables, term: Term) -> dict[int, int]:
    inverted = _inverted(tables)
    if term.kind == "word":
        return inverted.get(term.words[0], {})
    if term.kind == "prefix" and len(term.words) == 1:
        found: dict[int, int] = defaultdict(int)
        for word, where in inverted.items():
            if word.startswith(term.words[0]):
                for media, count in where.items():
                    found[media] += count
        return found
    found = {}
    n = len(term.words)
    for media, body in tables.clip_words.items():
        count = sum(
            1
            for i in range(len(body) - n + 1)
            if body[i : i + n - 1] == list(term.words[:-1])
            and (
                body[i + n - 1] == term.words[-1]
                or (term.kind == "prefix" and body[i + n - 1].startswith(term.words[-1]))
            )
        )
        if count:
            found[media] = count
    return found


def match(
    view: View,
    query: Query,
    alternatives: dict[Term, list[Alternative]],
    linked: frozenset[int],
    audience: Audience,
    filters: Filters,
    entity_ids: list[int | None],
) -> dict[int, ClipHit]:
    """Clips matching the query that this audience may see and the filters let through."""
    tables = view.tables
    if filters.language or filters.speaker:
        return {}  # a clip's own words have no language or speaker
    scores: dict[int, float] | None = None
    for group in query.groups:
        options = [Alternative(t, 1.0) for t in group]
        options += [a for t in group for a in alternatives.get(t, [])]
        best: dict[int, float] = {}
        for option in options:
            for media, count in _term(tables, option.term).items():
                value = option.weight * (1 + math.log(count))
                best[media] = max(best.get(media, 0.0), value)
        scores = (
            best if scores is None else {m: s + best[m] for m, s in scores.items() if m in best}
        )
    hits = {m: ClipHit(m, s, 0, None) for m, s in (scores or {}).items()}
    for link in tables.clip_links:
        if link.entity_id in linked and tables.media[link.media].kind != "interview":
            hit = hits.setdefault(link.media, ClipHit(link.media, 0.0, link.start_ms, None))
            if link.end_ms > link.start_ms and hit.end_ms is None:
                hit.start_ms, hit.end_ms = link.start_ms, link.end_ms
    for term in query.excluded:
        for media in _term(tables, term):
            hits.pop(media, None)
    if not hits:
        return {}
    allowed = media_filter(view, filters)
    links_of: dict[int, set[int | None]] = defaultdict(set)
    for link in tables.clip_links:
        links_of[link.media].add(link.entity_id)
    return {
        m: h
        for m, h in hits.items()
        if allowed[m] and _passes(tables, m, links_of[m], audience, filters, entity_ids)
    }


def _passes(
    tables: Tables,
    media: int,
    linked: set[int | None],
    audience: Audience,
    filters: Filters,
    entity_ids: list[int | None],
) -> bool:
    row = tables.media[media]
    if row.restricted and not audience.privileged and row.id not in audience.granted:
        return False
    if any(e is None or e not in linked for e in entity_ids):
        return False
    if filters.year_from is None and filters.year_to is None:
        return True
    events = (tables.entities.get(e) for e in linked if e is not None)
    return overlaps(row.low, row.high, filters) or any(
        e.kind == "event" and overlaps(e.low, e.high, filters) for e in events if e
    )
