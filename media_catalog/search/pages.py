"""A page of results out of every hit: media items ranked by their best moment (ties by title,
then id, so pages never shuffle), each with its best few moments in time order, or, searching
within one item, its moments in time order. Snippets are made for the page only."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from .. import words
from .clips import ClipHit
from .query import Term
from .results import Hit, MediaGroup, MediaSummary, SearchResults
from .snippets import Snippet, make_snippet, match_spans
from .view import View

HITS_PER_GROUP = 3


def fill_page(
    session: Session,
    view: View,
    results: SearchResults,
    docs: Any,
    scores: Any,
    media_of: Any,
    clip_hits: dict[int, ClipHit],
    terms: list[Term],
) -> None:
    tables = view.tables
    count = np.bincount(media_of, minlength=len(tables.media)).astype(np.int64)
    best = _best_per_item(len(tables.media), media_of, scores)
    for media, hit in clip_hits.items():
        count[media] += 1
        best[media] = max(best[media], hit.score)
    present = np.flatnonzero(count)
    order = present[np.lexsort((tables.title_rank[present], -best[present]))]
    results.total_hits = int(count.sum())
    results.total_groups = len(order)
    first = (results.page - 1) * results.per_page
    if results.filters.media:
        _within_item(view, results, docs, scores, clip_hits, first)
    else:
        chosen = order[first : first + results.per_page]
        hits = _best_hits(view, docs, scores, media_of, clip_hits, chosen)
        for media in chosen:
            shown = sorted(hits[media], key=lambda h: (h.start_ms, h.language or ""))
            results.groups.append(
                MediaGroup(_summary(view, media), int(count[media]), shown, float(best[media]))
            )
    _add_snippets(session, view, results.hits, terms)


def _best_per_item(items: int, media_of: Any, scores: Any) -> Any:
    """Each item's best score. A document's neighbours are mostly of its item, so the maximum
    is taken per run of one item (a pass over memory), then over the few runs."""
    best = np.full(items, -np.inf)
    if len(media_of):
        starts = np.flatnonzero(np.diff(media_of, prepend=-1))
        np.maximum.at(best, media_of[starts], np.maximum.reduceat(scores, starts).astype(float))
    return best


def _summary(view: View, media: int) -> MediaSummary:
    row = view.tables.media[media]
    return MediaSummary(row.id, row.slug, row.title, row.kind, row.date_text)


def _hit(view: View, doc: int, score: float) -> Hit:
    cols, tables = view.columns, view.tables
    transcript = int(tables.transcript_index[cols.transcript[doc]])
    speaker = int(cols.speaker[doc])
    end = int(cols.end[doc])
    return Hit(
        tables.media[int(tables.t_media[transcript])].id,
        int(cols.seg_id[doc]),
        int(cols.start[doc]),
        None if end < 0 else end,
        view.speakers[speaker] if speaker >= 0 else None,
        tables.t_language[transcript],
        Snippet(()),
        float(score),
        bool(tables.t_machine[transcript]),
    )


def _clip_hit(view: View, hit: ClipHit) -> Hit:
    media_id = view.tables.media[hit.media].id
    return Hit(media_id, None, hit.start_ms, hit.end_ms, None, None, Snippet(()), hit.score)


def _best_hits(
    view: View,
    docs: Any,
    scores: Any,
    media_of: Any,
    clip_hits: dict[int, ClipHit],
    chosen: Any,
) -> dict[int, list[Hit]]:
    """The best few moments of each chosen item: by score, ties by time, then document."""
    on_page = np.zeros(len(view.tables.media), dtype=bool)
    on_page[chosen] = True
    rows = np.flatnonzero(on_page[media_of])
    hits: dict[int, list[Hit]] = defaultdict(list)
    for media in chosen:
        mine = rows[media_of[rows] == media]
        ranked = mine[np.lexsort((docs[mine], view.columns.start[docs[mine]], -scores[mine]))]
        candidates = [_hit(view, int(docs[r]), float(scores[r])) for r in ranked[:HITS_PER_GROUP]]
        if int(media) in clip_hits:
            candidates.append(_clip_hit(view, clip_hits[int(media)]))
        candidates.sort(key=lambda h: (-h.score, h.start_ms))
        hits[int(media)] = candidates[:HITS_PER_GROUP]
    return hits


def _within_item(
    view: View,
    results: SearchResults,
    docs: Any,
    scores: Any,
    clip_hits: dict[int, ClipHit],
    first: int,
) -> None:
    """Every moment of the one item the filter names, in time order, a page at a time."""
    moments = [_hit(view, int(d), float(s)) for d, s in zip(docs, scores, strict=True)]
    moments += [_clip_hit(view, hit) for hit in clip_hits.values()]
    moments.sort(key=lambda h: (h.start_ms, h.language or "", h.segment_id or 0))
    page = moments[first : first + results.per_page]
    if page:
        media = view.tables.media_index[page[0].media_id]
        best = max(h.score for h in moments)
        results.groups = [MediaGroup(_summary(view, media), len(moments), page, best)]


def _rows(session: Session, sql: str, ids: list[int]) -> list[Any]:
    """Raw SQL over ids written inline (they come from the index as ints, never from user
    text): binding hundreds of parameters costs more than the query."""
    values = ",".join(str(int(i)) for i in ids)
    return list(session.execute(text(sql.format(ids=values)))) if values else []


def _word_at(stored: str, char: int) -> int | None:
    """The start of the measured word holding character `char` of a segment's text."""
    return next(
        (w.start_ms for w in words.decode(stored) if w.char_start <= char < w.char_end), None
    )


def _add_snippets(session: Session, view: View, hits: list[Hit], terms: list[Term]) -> None:
    rows = _rows(
        session,
        "SELECT id, text, word_timings FROM segments WHERE id IN ({ids})",
        [hit.segment_id for hit in hits if hit.segment_id is not None],
    )
    texts = {segment_id: body for segment_id, body, _timings in rows}
    timings = {segment_id: stored for segment_id, _body, stored in rows if stored}
    described = {
        media_id: f"{title}. {description or ''}".strip()
        for media_id, title, description in _rows(
            session,
            "SELECT id, title, description FROM media_items WHERE id IN ({ids})",
            [hit.media_id for hit in hits if hit.segment_id is None],
        )
    }
    for hit in hits:
        if hit.segment_id is not None:
            body = texts.get(hit.segment_id, "")
            marks = match_spans(body, terms)
            if marks and hit.segment_id in timings:
                hit.word_ms = _word_at(timings[hit.segment_id], marks[0][0])
        else:
            body = described.get(hit.media_id, "")
            marks = match_spans(body, terms)
            tags = view.tables.clip_tags.get(view.tables.media_index[hit.media_id])
            if not marks and tags:  # found by a tag: show the tags
                body = "Tagged: " + ", ".join(tags)
                marks = match_spans(body, terms)
        hit.snippet = make_snippet(body, marks)
