"""Lining up an original transcript and its translation by time, for the side-by-side view.
Pure: works on anything with `start_ms` and `end_ms`, so it is tested without a database."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass
class AlignedRow:
    """One row of the side-by-side view: the segments of each track spoken in that stretch."""

    start_ms: int
    end_ms: int
    cells: list[list[Any]] = field(default_factory=list)


def _overlap(a: Any, b: Any) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def align(tracks: list[list[Any]]) -> list[AlignedRow]:
    """Rows keyed on the first track's segments; every segment of the other tracks joins the row
    it overlaps most (a translation may merge or split cues), or a row of its own when it
    overlaps none. Rows come out in time order, each segment exactly once."""
    if not tracks:
        return []
    base = sorted(tracks[0], key=lambda s: s.start_ms)
    rows = [AlignedRow(s.start_ms, s.end_ms, [[s]] + [[] for _ in tracks[1:]]) for s in base]
    starts = [s.start_ms for s in base]
    orphans: list[AlignedRow] = []
    for column, track in enumerate(tracks[1:], start=1):
        for segment in sorted(track, key=lambda s: s.start_ms):
            # Only rows starting before this segment ends can overlap it; look at the nearest few.
            end = bisect_right(starts, segment.end_ms)
            candidates = rows[max(0, end - 4) : end]
            best = max(candidates, key=lambda r: _overlap(r, segment), default=None)
            if best is not None and _overlap(best, segment) > 0:
                best.cells[column].append(segment)
                best.end_ms = max(best.end_ms, segment.end_ms)
            else:
                cells: list[list[Any]] = [[] for _ in tracks]
                cells[column].append(segment)
                orphans.append(AlignedRow(segment.start_ms, segment.end_ms, cells))
    return sorted(rows + orphans, key=lambda r: r.start_ms)
