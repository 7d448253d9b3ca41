"""In and out points snapped to word boundaries where an item's words are measured (forced
alignment or speech recognition, words.py): a shared range, a reel entry, a chapter or a
sub-clip then starts on a word and ends after one instead of cutting a word in half. Points
with no measured word within SNAP_WINDOW_MS stay where they are."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import words
from .models import Segment, Transcript

# How far a point may move to reach a word boundary: beyond it the editor meant a pause.
SNAP_WINDOW_MS = 1500
# No recording is this long (31 years): a point past it is nobody's word, and too large a
# number for the database to compare.
LONGEST_MS = 10**12


def _words_near(session: Session, media_item_id: int, ms: int) -> list[words.Word]:
    rows = session.scalars(
        select(Segment.word_timings)
        .join(Transcript)
        .where(
            Transcript.media_item_id == media_item_id,
            Segment.word_timings.is_not(None),
            Segment.restricted.is_(False),
            Segment.start_ms <= ms + SNAP_WINDOW_MS,
            Segment.end_ms >= ms - SNAP_WINDOW_MS,
        )
    )
    return [word for stored in rows for word in words.decode(stored)]


def _snap(session: Session, media_item_id: int, ms: int, edge: str) -> int:
    if not 0 <= ms < LONGEST_MS:
        return ms
    near = _words_near(session, media_item_id, ms)
    snapped = words.snap(near, ms, edge=edge)
    return snapped if abs(snapped - ms) <= SNAP_WINDOW_MS else ms


def snap_range(
    session: Session, media_item_id: int, in_ms: int, out_ms: int | None
) -> tuple[int, int | None, bool]:
    """(in, out, whether either moved): in to the nearest word start, out to the nearest word
    end, never crossing each other."""
    new_in = _snap(session, media_item_id, in_ms, "start")
    new_out = out_ms if out_ms is None else _snap(session, media_item_id, out_ms, "end")
    if new_out is not None and new_out <= new_in:
        new_in, new_out = in_ms, out_ms
    return new_in, new_out, (new_in, new_out) != (in_ms, out_ms)
