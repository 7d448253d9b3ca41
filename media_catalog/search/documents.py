"""Segments as the index holds them: one document per segment, with the columns a search
filters, ranks and counts by, read from the database in batches (a whole build streams them in
id order; a refresh reads the few that changed). Words are read as the query's words are
(query.index_words), so the two agree on what a word is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from .query import index_words

BATCH = 20_000
NO_SPEAKER = -1


def words_of(body: str) -> tuple[str, ...]:
    return index_words(body)


def year(value: str | None) -> int | None:
    """The year of a partial ISO date ('1977', '1977-03', '1977-03-15')."""
    if value and value[:4].isdecimal():
        return int(value[:4])
    return None


@dataclass
class Columns:
    """Per document: arrays of equal length, in document order."""

    seg_id: Any  # int64, ascending within a generation
    transcript: Any  # int32 transcript id
    start: Any  # int64 ms
    end: Any  # int64 ms, -1 when unknown
    speaker: Any  # int32 code into the speakers list, -1 for none
    speaker_entity: Any  # int32 entity id, -1 for none
    restricted: Any  # bool
    length: Any  # int32 words

    NAMES = (
        "seg_id",
        "transcript",
        "start",
        "end",
        "speaker",
        "speaker_entity",
        "restricted",
        "length",
    )

    @classmethod
    def empty(cls) -> Columns:
        return cls(*(np.zeros(0, dtype=dtype) for dtype in _DTYPES))

    @classmethod
    def join(cls, parts: list[Columns]) -> Columns:
        if not parts:
            return cls.empty()
        return cls(
            *(
                np.concatenate([getattr(p, name) for p in parts]).astype(dtype, copy=False)
                for name, dtype in zip(cls.NAMES, _DTYPES, strict=True)
            )
        )

    def __len__(self) -> int:
        return len(self.seg_id)


_DTYPES = (np.int64, np.int32, np.int64, np.int64, np.int32, np.int32, np.bool_, np.int32)

_SEGMENTS = (
    "SELECT id, transcript_id, start_ms, end_ms, speaker, speaker_entity_id, restricted, text "
    "FROM segments "
)


def segment_batches(session: Session, ids: list[int] | None = None) -> Iterator[list[Any]]:
    """Rows of every segment (by ascending id, in keyset-paged batches: flat memory on either
    database), or of the given ids."""
    if ids is not None:
        for i in range(0, len(ids), BATCH):
            chunk = ",".join(str(int(s)) for s in ids[i : i + BATCH])
            rows = session.execute(text(_SEGMENTS + f"WHERE id IN ({chunk}) ORDER BY id")).all()
            if rows:
                yield rows
        return
    last = 0
    while True:
        rows = session.execute(
            text(_SEGMENTS + "WHERE id > :last ORDER BY id LIMIT :n"), {"last": last, "n": BATCH}
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def columns_of(rows: list[Any], speakers: dict[str, int], lengths: list[int]) -> Columns:
    """Columns for a batch of segment rows; `speakers` grows with names not seen before."""
    codes = []
    for row in rows:
        name = row[4]
        if name is None:
            codes.append(NO_SPEAKER)
        else:
            codes.append(speakers.setdefault(name, len(speakers)))
    return Columns(
        np.fromiter((r[0] for r in rows), np.int64, len(rows)),
        np.fromiter((r[1] for r in rows), np.int32, len(rows)),
        np.fromiter((r[2] for r in rows), np.int64, len(rows)),
        np.fromiter((-1 if r[3] is None else r[3] for r in rows), np.int64, len(rows)),
        np.array(codes, dtype=np.int32),
        np.fromiter((-1 if r[5] is None else r[5] for r in rows), np.int32, len(rows)),
        np.fromiter((bool(r[6]) for r in rows), np.bool_, len(rows)),
        np.array(lengths, dtype=np.int32),
    )


def links(session: Session, seg_ids: Any, first_doc: int, only: list[int] | None = None) -> Any:
    """(document, entity id) for every entity linked to these segments (not rejected), each
    pair once; `seg_ids` ascending, their documents numbered from `first_doc`; `only`: at
    most BATCH segment ids."""
    where = "" if only is None else f" AND segment_id IN ({_ids(only)})"
    rows = session.execute(
        text(
            "SELECT segment_id, entity_id FROM annotations WHERE segment_id IS NOT NULL "
            f"AND entity_id IS NOT NULL AND status != 'rejected'{where}"
        )
    ).all()
    return _pairs(rows, seg_ids, first_doc)


def dates(session: Session, seg_ids: Any, first_doc: int, only: list[int] | None = None) -> Any:
    """(document, first year, last year) for every spoken date in these segments."""
    where = "" if only is None else f" WHERE segment_id IN ({_ids(only)})"
    rows = session.execute(
        text(f"SELECT segment_id, date_start, date_end FROM segment_dates{where}")
    ).all()
    kept = [
        (seg, low, year(end) or low) for seg, start, end in rows if (low := year(start)) is not None
    ]
    if not kept:
        return np.zeros((0, 3), dtype=np.int64)
    table = np.array(kept, dtype=np.int64)
    docs = _documents(table[:, 0], seg_ids, first_doc)
    table[:, 0] = docs
    return table[docs >= 0]


def _ids(values: list[int]) -> str:
    return ",".join(str(int(v)) for v in values) or "NULL"


def _documents(segments: Any, seg_ids: Any, first_doc: int) -> Any:
    """Document numbers of these segment ids (-1 for a segment not among seg_ids)."""
    if len(seg_ids) == 0:
        return np.full(len(segments), -1, dtype=np.int64)
    where = np.searchsorted(seg_ids, segments)
    clipped = np.minimum(where, len(seg_ids) - 1)
    return np.where(seg_ids[clipped] == segments, clipped + first_doc, -1)


def _pairs(rows: list[Any], seg_ids: Any, first_doc: int) -> Any:
    if not rows:
        return np.zeros((0, 2), dtype=np.int64)
    table = np.array([tuple(row) for row in rows], dtype=np.int64)  # plain tuples: fast
    docs = _documents(table[:, 0], seg_ids, first_doc)
    keep = docs >= 0
    keys = np.unique((docs[keep] << 32) | table[keep, 1])
    return np.stack([keys >> 32, keys & 0xFFFFFFFF], axis=1)
