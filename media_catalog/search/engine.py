"""Matching and ranking over an index view: every document a query matches (all of them, never
the first few), with a BM25 score each, then narrowed to what the user may see and the filters
ask for. Sets of documents are ascending numpy arrays; past a size where sorting them costs
more than a pass over a dense array of the whole index, they go through one.

A group of alternatives (the words typed, a name's other spellings, the other forms of a word,
the spellings a typo was close to) matches a document when any alternative does and scores the
best of them, each weighted by how sure we are it is what was meant."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

import numpy as np

from .filters import Filters
from .postings import Postings
from .query import Query, Term
from .view import K1, View

LINKED_ONLY_SCORE = 0.0  # moments found only through an entity link, after every word match
# Machine transcripts (speech recognition) rank below typed text for the same match: their
# words are guesses, and an archive trusts what a person transcribed first.
MACHINE_WEIGHT = 0.5
_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Alternative:
    term: Term
    weight: float  # 1 for the words typed and a name's other spellings; less for forms, typos


@dataclass(frozen=True)
class Audience:
    privileged: bool  # editors and admins see restricted material
    granted: frozenset[int]  # media item ids granted to this user


def match(
    view: View,
    query: Query,
    alternatives: dict[Term, list[Alternative]],
    linked: frozenset[int],
) -> tuple[Any, Any]:
    """(documents, scores) matching the query, ascending, alive."""
    docs, scores = None, None
    for group in query.groups:
        options = [Alternative(t, 1.0) for t in group]
        options += [a for t in group for a in alternatives.get(t, [])]
        found = _best_of(view, options)
        docs, scores = found if docs is None else _intersect(view.size, (docs, scores), found)
    assert docs is not None and scores is not None
    if linked:
        extra = view.entity_docs(sorted(linked))
        extra = extra[~_member(extra, docs)]
        docs = np.concatenate([docs, extra])
        scores = np.concatenate([scores, np.full(len(extra), LINKED_ONLY_SCORE)])
        order = np.argsort(docs, kind="stable")
        docs, scores = docs[order], scores[order]
    if query.excluded:
        unwanted, _ = _union(view.size, [_term_docs(view, t) for t in query.excluded])
        keep = ~_member(docs, unwanted)
        docs, scores = docs[keep], scores[keep]
    keep = view.alive[docs]
    return docs[keep], scores[keep]


def narrow(
    view: View,
    docs: Any,
    scores: Any,
    audience: Audience,
    filters: Filters,
    entity_ids: list[int | None],
) -> tuple[Any, Any]:
    """Only documents this audience may see (restricted segments, transcripts and items left
    out unless granted) that pass every filter."""
    t = view.tables
    media = view.doc_media[docs]  # -1 for a document whose transcript is gone: never kept
    if audience.privileged:
        keep = media >= 0
    else:
        keep = view.doc_public[docs]
        if audience.granted:
            keep |= media_mask(view, lambda m: m.id in audience.granted)[media] & (media >= 0)
    if filters.film or filters.media or filters.kind:
        keep &= media_filter(view, filters)[media]
    if filters.language:
        index = view.doc_transcript[docs]
        keep &= np.array([lang == filters.language for lang in t.t_language], dtype=bool)[index]
    if filters.speaker:
        keep &= _speaker(view, docs, filters.speaker)
    for entity_id in entity_ids:
        if entity_id is None:
            keep &= False
        else:
            keep &= _member(docs, view.entity_docs([entity_id]))
    if filters.year_from is not None or filters.year_to is not None:
        keep &= _in_period(view, docs, media, filters)
    docs, scores = docs[keep], scores[keep]
    machine = t.t_machine[view.doc_transcript[docs]]
    return docs, np.where(machine, scores * MACHINE_WEIGHT, scores)


def media_mask(view: View, wanted: Any) -> Any:
    return np.array([bool(wanted(m)) for m in view.tables.media], dtype=bool)


def media_filter(view: View, filters: Filters) -> Any:
    """Per media item: does it pass the film, item and kind filters."""
    if not (filters.film or filters.media or filters.kind):
        return np.ones(len(view.tables.media), dtype=bool)
    films = view.tables.films
    return media_mask(
        view,
        lambda m: (
            (not filters.media or m.slug == filters.media)
            and (not filters.kind or m.kind == filters.kind)
            and (not filters.film or any(films[f][0] == filters.film for f in m.films))
        ),
    )


def period(filters: Filters) -> tuple[int, int]:
    return filters.year_from or 1, filters.year_to or 9999


def overlaps(low: int | None, high: int | None, filters: Filters) -> bool:
    first, last = period(filters)
    return low is not None and low <= last and (high if high is not None else low) >= first


def _in_period(view: View, docs: Any, media: Any, filters: Filters) -> Any:
    """A spoken date, a linked event or the item's own date in the period."""
    first, last = period(filters)
    spoken = view.dates[(view.dates[:, 1] <= last) & (view.dates[:, 2] >= first), 0]
    events = [
        entity_id
        for entity_id, e in view.tables.entities.items()
        if e.kind == "event" and overlaps(e.low, e.high, filters)
    ]
    linked = view.entity_docs(events)
    dated = media_mask(view, lambda m: overlaps(m.low, m.high, filters))
    return _member(docs, np.unique(np.concatenate([spoken, linked]))) | dated[media]


def _speaker(view: View, docs: Any, speaker: str) -> Any:
    """The speaker as written (any case), or the person a speaker label is linked to."""
    wanted = speaker.lower()
    codes = np.array([name.lower() == wanted for name in view.speakers] + [False], dtype=bool)
    written = codes[view.columns.speaker[docs]]  # -1 reads the final False
    people = [i for i, e in view.tables.entities.items() if e.slug == speaker]
    if not people:
        return written
    return written | (view.columns.speaker_entity[docs] == people[0])


def _best_of(view: View, options: list[Alternative]) -> tuple[Any, Any]:
    scored = []
    for option in options:
        docs, tf = _term_docs(view, option.term)
        if len(docs):
            scored.append((docs, option.weight * _bm25(view, docs, tf)))
    if not scored:
        return _EMPTY, np.zeros(0)
    if len(scored) == 1:
        return scored[0]
    if sum(len(d) for d, _ in scored) > view.size // 32:
        best = np.full(view.size, -np.inf, dtype=np.float32)
        for docs, values in scored:  # each option's documents are distinct
            best[docs] = np.maximum(best[docs], values)
        found = np.flatnonzero(best > -np.inf)
        return found, best[found]
    docs = np.concatenate([d for d, _ in scored])
    values = np.concatenate([s for _, s in scored])
    unique, inverse = np.unique(docs, return_inverse=True)
    best = np.full(len(unique), -np.inf, dtype=values.dtype)
    np.maximum.at(best, inverse, values)
    return unique, best


def _bm25(view: View, docs: Any, tf: Any) -> Any:
    """In single precision, over the view's per-document length factor: a word said in four
    million moments is scored in a few passes over memory."""
    n = view.live_count
    df = len(docs)
    idf = np.float32(np.log(1 + (n - df + 0.5) / (df + 0.5)) * (K1 + 1))
    tf = tf.astype(np.float32)
    return idf * tf / (tf + view.length_norm[docs])


def _term_docs(view: View, term: Term) -> tuple[Any, Any]:
    """(documents, occurrences) of a term over every part of the index."""
    if term.kind == "word" or (term.kind == "prefix" and len(term.words) == 1):
        found = []
        for part in view.parts:
            ids = _word_ids(part, term.words[0], term.kind == "prefix")
            found += [part.docs(i) for i in ids]
        return _union(view.size, found)
    return _union(view.size, [_phrase(part, term, view.size) for part in view.parts])


def _word_ids(part: Postings, word: str, prefix: bool) -> list[int]:
    if not prefix:
        word_id = part.ids.get(word)
        return [] if word_id is None else [word_id]
    words = part.sorted_words()
    first = bisect.bisect_left(words, word)
    last = bisect.bisect_left(words, word + "\U0010ffff")
    return [part.ids[w] for w in words[first:last]]


def _phrase(part: Postings, term: Term, size: int) -> tuple[Any, Any]:
    """Documents where the words follow one another, and how many times. Positions are read
    only in the documents that hold every word, found first from the document lists."""
    last = len(term.words) - 1
    word_ids = [
        _word_ids(part, w, term.kind == "prefix" and i == last) for i, w in enumerate(term.words)
    ]
    if not all(word_ids):
        return _EMPTY, np.zeros(0)
    within = None
    for ids in sorted(word_ids, key=lambda ids: sum(part.frequency_of(i) for i in ids)):
        docs, _ = _union(size, [part.docs(i) for i in ids])
        within = docs if within is None else within[_member(within, docs)]
        if not len(within):
            return _EMPTY, np.zeros(0)
    current = None
    for ids in word_ids:
        keys = np.concatenate([part.positions(i, within) for i in ids])
        if len(ids) > 1:
            keys.sort()
        current = keys if current is None else current[_member(current + 1, keys)] + 1
    assert current is not None
    docs, counts = np.unique(current >> 16, return_counts=True)
    return docs, counts


def _union(size: int, found: list[tuple[Any, Any]]) -> tuple[Any, Any]:
    """Documents in any of the sets, occurrences added up."""
    found = [(d, t) for d, t in found if len(d)]
    if not found:
        return _EMPTY, np.zeros(0)
    if len(found) == 1:
        return np.asarray(found[0][0], dtype=np.int64), np.asarray(found[0][1])
    docs = np.concatenate([d for d, _ in found]).astype(np.int64)
    tf = np.concatenate([t for _, t in found]).astype(np.float64)
    if len(docs) > size // 32:
        totals = np.bincount(docs, weights=tf, minlength=size)
        where = np.flatnonzero(totals)
        return where, totals[where]
    unique, inverse = np.unique(docs, return_inverse=True)
    return unique, np.bincount(inverse, weights=tf)


def _intersect(size: int, a: tuple[Any, Any], b: tuple[Any, Any]) -> tuple[Any, Any]:
    """Documents in both, scores added."""
    if len(a[0]) > len(b[0]):
        a, b = b, a
    (docs, scores), (other, other_scores) = a, b
    if not len(docs) or not len(other):
        return _EMPTY, np.zeros(0)
    if len(other) > size // 32:
        dense = np.full(size, np.nan)
        dense[other] = other_scores
        values = dense[docs]
        keep = ~np.isnan(values)
        return docs[keep], scores[keep] + values[keep]
    where = np.minimum(np.searchsorted(other, docs), len(other) - 1)
    keep = other[where] == docs
    return docs[keep], scores[keep] + other_scores[where[keep]]


def _member(values: Any, sorted_set: Any) -> Any:
    """For each value: is it in the ascending array."""
    if not len(sorted_set) or not len(values):
        return np.zeros(len(values), dtype=bool)
    where = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[where] == values
