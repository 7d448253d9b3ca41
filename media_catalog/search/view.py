"""What one search reads: the postings of the generation and of each block of changes, the
documents' columns, links and dates, and the small tables, all consistent with one revision of
the catalog. A view is never changed once made (a refresh makes a new one), so a search may read
it while another thread brings the index up to date."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from . import tables
from .documents import Columns
from .postings import Postings

K1, B = 1.2, 0.75  # BM25's saturation and length weight


@dataclass
class View:
    """Everything one search reads, consistent with one revision of the catalog; a refresh
    makes a new view rather than changing one a search may be reading."""

    parts: tuple[Postings, ...]  # the generation's, then one per block of changes
    columns: Columns
    alive: Any  # bool per document
    links: Any  # int64[A, 2]: (document, entity id)
    dates: Any  # int64[D, 3]: (document, first year, last year)
    speakers: list[str]
    tables: tables.Tables
    base_docs: int  # documents of the generation; the rest came with changes

    @classmethod
    def of_generation(
        cls,
        postings: Postings,
        columns: Columns,
        links: Any,
        dates: Any,
        speakers: list[str],
        shared: tables.Tables,
    ) -> View:
        """A view of a freshly built or loaded generation: every document alive, no blocks."""
        alive = np.ones(len(columns), dtype=bool)
        return cls((postings,), columns, alive, links, dates, speakers, shared, len(columns))

    @property
    def size(self) -> int:
        return len(self.columns)

    @cached_property
    def live_count(self) -> int:
        return max(1, int(self.alive.sum()))

    @cached_property
    def average_length(self) -> float:
        return max(1.0, float(self.columns.length[self.alive].sum()) / self.live_count)

    @cached_property
    def length_norm(self) -> Any:
        """Per document: BM25's length factor, k1 * (1 - b + b * length / average)."""
        relative = self.columns.length / np.float32(self.average_length)
        return (K1 * (1 - B + B * relative)).astype(np.float32)

    @cached_property
    def doc_transcript(self) -> Any:
        """Per document: its transcript's row in the tables, -1 for a transcript they no longer
        hold. Made once per view, so a search reads one array, not three, per match."""
        index = self.tables.transcript_index
        raw = self.columns.transcript
        if not len(index):
            return np.full(len(raw), -1, dtype=np.int32)
        return np.where(raw < len(index), index[np.minimum(raw, len(index) - 1)], -1)

    @cached_property
    def doc_media(self) -> Any:
        """Per document: its media item's row in the tables, -1 as for doc_transcript."""
        index = self.doc_transcript
        if not len(self.tables.t_media):
            return np.full(len(index), -1, dtype=np.int32)
        return np.where(index >= 0, self.tables.t_media[np.maximum(index, 0)], -1)

    @cached_property
    def doc_public(self) -> Any:
        """Per document: may anyone see it (neither it, its transcript nor its item is
        restricted, and its transcript is known)."""
        t, index = self.tables, self.doc_transcript
        known = index >= 0
        if not known.any():
            return known
        safe = np.maximum(index, 0)
        return (
            known
            & ~self.columns.restricted
            & ~t.t_restricted[safe]
            & ~t.m_restricted[self.doc_media.clip(0)]
        )

    @cached_property
    def doc_of_segment(self) -> dict[int, int]:
        """Documents added with changes, by segment id (the generation's are found by search
        in its ascending ids)."""
        ids = self.columns.seg_id[self.base_docs :]
        return {int(s): self.base_docs + i for i, s in enumerate(ids)}

    @cached_property
    def _links_by_entity(self) -> tuple[Any, Any]:
        order = np.argsort(self.links[:, 1], kind="stable")
        return self.links[order, 1], self.links[order, 0]

    def entity_docs(self, entity_ids: Any) -> Any:
        """Documents linked to any of these entities, ascending."""
        entities, docs = self._links_by_entity
        wanted = np.asarray(entity_ids, dtype=np.int64)
        first = np.searchsorted(entities, wanted, side="left")
        last = np.searchsorted(entities, wanted, side="right")
        if not len(wanted):
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([docs[a:b] for a, b in zip(first, last, strict=True)]))

    def link_rows(self, docs: Any) -> Any:
        """Rows of `links` whose document is among `docs` (ascending)."""
        return _rows(*self._link_offsets, docs)

    def decade_rows(self, docs: Any) -> Any:
        """Rows of `decade_pairs` whose document is among `docs` (ascending)."""
        return _rows(*self._decade_offsets, docs)

    @cached_property
    def _link_offsets(self) -> Any:
        return _offsets(self.links, self.size)

    @cached_property
    def _decade_offsets(self) -> Any:
        return _offsets(self.decade_pairs, self.size)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.parts) if len(self.parts) > 1 else self.spellings

    @property
    def spellings(self) -> Vocabulary:
        """The generation's words, where close spellings of a typo are looked for: one object
        per generation, so what typo correction derives from it (letter masks, about a second
        for a million words) is made once, not after every change. Words that arrived since the
        build are searched, and offered as corrections after the next build."""
        return _generation_vocabulary(self.parts[0])

    @cached_property
    def decade_pairs(self) -> Any:
        """(document, decade bit) once per pair, from spoken dates and linked events."""
        pairs = [np.zeros((0, 2), dtype=np.int64)]
        for doc, low, high in self.dates:
            pairs.append(_bits(doc, tables.decade_mask(int(low), int(high))))
        events = {
            entity_id: tables.decade_mask(e.low, e.high)
            for entity_id, e in self.tables.entities.items()
            if e.kind == "event" and e.low is not None
        }
        if events and len(self.links):
            entity_ids = np.fromiter(events, np.int64)
            masks = np.array(list(events.values()), dtype=np.uint64)
            order = np.argsort(entity_ids)
            where = np.searchsorted(entity_ids[order], self.links[:, 1])
            where = np.minimum(where, len(order) - 1)
            hit = entity_ids[order][where] == self.links[:, 1]
            for doc, mask in zip(self.links[hit, 0], masks[order][where[hit]], strict=True):
                pairs.append(_bits(doc, int(mask)))
        table = np.concatenate(pairs)
        keys = np.unique((table[:, 0] << 8) | table[:, 1]) if len(table) else table[:, 0]
        return np.stack([keys >> 8, keys & 0xFF], axis=1)


def _offsets(table: Any, size: int) -> tuple[Any, Any]:
    """Where each document's rows begin in a table sorted by document (and where the last
    ends), and the table's documents as one array: a few documents' rows are read by two
    lookups each, never a binary search of the table (at 6 million documents that cost more
    than the rest of a search)."""
    column = np.ascontiguousarray(table[:, 0])
    counts = np.bincount(column, minlength=size) if len(table) else np.zeros(size, np.int64)
    offsets = np.zeros(size + 1, dtype=np.int64 if len(table) >= 2**31 else np.int32)
    np.cumsum(counts, out=offsets[1:])
    return offsets, column


def _rows(offsets: Any, column: Any, docs: Any) -> Any:
    """Row numbers of the documents' rows, in document order: from the offsets for a few
    documents, by one pass over the table for many (measured: the pass wins above about one
    document in thirty)."""
    if not len(docs):
        return np.zeros(0, dtype=np.int64)
    if len(docs) * 32 > len(offsets):
        chosen = np.zeros(len(offsets) - 1, dtype=bool)
        chosen[docs] = True
        return np.flatnonzero(chosen[column])
    first = offsets[docs].astype(np.int64)
    sizes = offsets[docs + 1] - first
    total = int(sizes.sum())
    starts = np.repeat(first - np.cumsum(sizes) + sizes, sizes)
    return starts + np.arange(total)


def _bits(doc: int, mask: int) -> Any:
    bits = [b for b in range(tables.DECADES) if mask >> b & 1]
    return np.array([[doc, b] for b in bits], dtype=np.int64).reshape(-1, 2)


class Vocabulary:
    """The words the index holds, with their document counts (forms and typos read it)."""

    def __init__(self, parts: tuple[Postings, ...]) -> None:
        self.parts = parts

    def frequency(self, word: str) -> int:
        return sum(part.frequency(word) for part in self.parts)

    @cached_property
    def _words(self) -> list[str]:
        if len(self.parts) == 1:
            return self.parts[0].sorted_words()
        seen = set(self.parts[0].ids)
        extra = {w for part in self.parts[1:] for w in part.words if w not in seen}
        return sorted(seen | extra)

    def words(self) -> list[str]:
        return self._words


_lock = threading.Lock()
_vocabularies: weakref.WeakKeyDictionary[Postings, Vocabulary] = weakref.WeakKeyDictionary()


def _generation_vocabulary(postings: Postings) -> Vocabulary:
    with _lock:
        kept = _vocabularies.get(postings)
        if kept is None:
            kept = _vocabularies[postings] = Vocabulary((postings,))
        return kept
