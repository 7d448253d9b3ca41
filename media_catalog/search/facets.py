"""Facet counts over every hit of a search (not a sample of them): people, events, places,
organisations and topics linked to the moments, films, media kinds, languages, speakers and
decades. A moment counts once per value however many links or dates give it that value. Only
what the audience may see is counted: the hits already are; restricted entities are left out
here for those who may not see them."""

from __future__ import annotations

from typing import Any

import numpy as np

from .clips import ClipHit
from .results import Facet
from .tables import DECADE_BASE, DECADES, KINDS, decade_mask
from .view import View

FACET_SIZE = 12
ENTITY_FACETS = {
    "person": "people",
    "event": "events",
    "place": "places",
    "organization": "organizations",
    "topic": "topics",
}


def facets(
    view: View,
    docs: Any,
    media_of: Any,
    transcript_of: Any,
    clips: dict[int, ClipHit],
    privileged: bool,
) -> dict[str, list[Facet]]:
    tables = view.tables
    per_media = np.bincount(media_of, minlength=len(tables.media)).astype(np.int64)
    for media in clips:
        per_media[media] += 1
    found: dict[str, list[Facet]] = _entities(view, docs, clips, privileged)
    codes = tables.codes
    films = np.bincount(
        codes.film_of_pair, weights=per_media[codes.media_of_pair], minlength=len(codes.films)
    )
    kinds = np.bincount(codes.media_kind, weights=per_media, minlength=len(codes.kinds))
    languages = np.bincount(
        codes.transcript_language[transcript_of], minlength=len(codes.languages)
    )
    speakers = np.bincount(view.columns.speaker[docs] + 1, minlength=len(view.speakers) + 1)[1:]
    found["films"] = _top(
        [(*tables.films[codes.films[i]], int(films[i])) for i in _leading(films)], FACET_SIZE
    )
    found["kinds"] = _top(
        [(codes.kinds[i],) * 2 + (int(kinds[i]),) for i in _leading(kinds)], FACET_SIZE
    )
    found["languages"] = [
        Facet(codes.languages[i], codes.languages[i], int(languages[i]))
        for i in sorted(np.flatnonzero(languages), key=lambda i: codes.languages[i])
    ]
    found["speakers"] = _top(
        [(view.speakers[i],) * 2 + (int(speakers[i]),) for i in _leading(speakers)], FACET_SIZE
    )
    found["decades"] = _decades(view, per_media, media_of, docs, clips)
    return found


def _leading(counts: Any) -> list[int]:
    """Indexes of the FACET_SIZE largest counts and of every count tied with the last of them
    (the caller orders them, ties by label)."""
    ids = np.flatnonzero(counts)
    if len(ids) > FACET_SIZE:
        cut = np.partition(counts[ids], len(ids) - FACET_SIZE)[len(ids) - FACET_SIZE]
        ids = ids[counts[ids] >= cut]
    return ids.tolist()


def _top(values: list[tuple[str, str, int]], size: int) -> list[Facet]:
    ordered = sorted(values, key=lambda v: (-v[2], v[1], v[0]))
    return [Facet(value, label, count) for value, label, count in ordered[:size]]


def _entities(
    view: View, docs: Any, clips: dict[int, ClipHit], privileged: bool
) -> dict[str, list[Facet]]:
    """Moments per entity, in one facet per kind of entity, each kind's most frequent first
    (ties by name)."""
    linked = view.links[view.link_rows(docs), 1]
    kinds, restricted = view.tables.entity_arrays
    counts = np.bincount(linked, minlength=len(kinds))[: len(kinds)]
    for entity_id in {
        (link.media, link.entity_id)
        for link in view.tables.clip_links
        if link.media in clips and link.entity_id is not None
    }:
        counts[entity_id[1]] += 1
    shown = counts > 0
    if not privileged:
        shown &= ~restricted
    entities = view.tables.entities
    found = {}
    for code, kind in enumerate(KINDS):
        ids = _leading(np.where(shown & (kinds == code), counts, 0))
        rows = [(entities[i].slug, entities[i].name, int(counts[i])) for i in ids]
        found[ENTITY_FACETS[kind]] = _top(rows, FACET_SIZE)
    return found


def _decades(
    view: View,
    per_media: Any,
    media_of: Any,
    docs: Any,
    clips: dict[int, ClipHit],
) -> list[Facet]:
    """Moments per decade: a moment's own dates and linked events, or its item's date; each
    moment once per decade. Long-winded only because the two sources must not count twice."""
    counts = np.zeros(DECADES, dtype=np.int64)
    kept = view.decade_pairs[view.decade_rows(docs)]
    if len(kept):
        counts += np.bincount(kept[:, 1], minlength=DECADES)
    item_masks = view.tables.m_decades
    segment_media = np.bincount(media_of, minlength=len(view.tables.media))
    present = np.bitwise_or.reduce(item_masks[segment_media > 0]) if len(item_masks) else 0
    for bit in (b for b in range(DECADES) if int(present) >> b & 1):
        has = ((item_masks >> np.uint64(bit)) & np.uint64(1)).astype(bool)
        by_item = int(segment_media[has].sum())
        if by_item and len(kept):
            # moments already counted for this decade by their own dates
            pair_docs = kept[kept[:, 1] == bit, 0]
            where = np.searchsorted(docs, pair_docs)
            by_item -= int(has[media_of[where]].sum())
        counts[bit] += by_item
    for media in clips:
        mask = int(item_masks[media]) | _clip_events(view, media)
        for bit in range(DECADES):
            if mask >> bit & 1:
                counts[bit] += 1
    return [
        Facet(str(DECADE_BASE + 10 * bit), f"{DECADE_BASE + 10 * bit}s", int(counts[bit]))
        for bit in np.flatnonzero(counts)
    ]


def _clip_events(view: View, media: int) -> int:
    mask = 0
    for link in view.tables.clip_links:
        entity = view.tables.entities.get(link.entity_id) if link.entity_id else None
        if link.media == media and entity is not None and entity.kind == "event":
            mask |= decade_mask(entity.low, entity.high)
    return mask
