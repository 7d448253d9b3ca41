"""Keeping editors' decisions when a transcript is replaced: their annotations are set aside
before the old segments go, then re-attached to the new segment with the same words near the
same time, or kept and flagged for review. Machine suggestions are simply dropped (re-linking
makes them again)."""

from __future__ import annotations

import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import Annotation, Segment, Transcript
from ..timecode import format_clock

# How far (ms) a passage may have moved in a re-timed transcript and still be the same passage.
REATTACH_WINDOW_MS = 10_000


def _is_editor_decision(annotation: Annotation) -> bool:
    return annotation.origin == "editor" or annotation.status != "suggested"


def preserve_editor_annotations(session: Session, transcript: Transcript) -> list[Annotation]:
    """Detach editor-owned annotations from the transcript's segments; delete the rest."""
    segment_ids = select(Segment.id).where(Segment.transcript_id == transcript.id)
    linked = session.scalars(select(Annotation).where(Annotation.segment_id.in_(segment_ids))).all()
    kept = [a for a in linked if _is_editor_decision(a)]
    for annotation in kept:
        if annotation.quote is None and annotation.segment is not None:
            annotation.quote = _span_text(annotation.segment.text, annotation)
        annotation.segment_id = None
    dropped = [a.id for a in linked if not _is_editor_decision(a)]
    if dropped:
        session.execute(delete(Annotation).where(Annotation.id.in_(dropped)))
    session.flush()
    return kept


def _span_text(text: str, annotation: Annotation) -> str | None:
    if annotation.span_start is None or annotation.span_end is None:
        return None
    return text[annotation.span_start : annotation.span_end] or None


def reattach_annotations(session: Session, transcript: Transcript, kept: list[Annotation]) -> int:
    """Re-link each kept annotation; returns how many had to be flagged for review."""
    segments = session.scalars(
        select(Segment).where(Segment.transcript_id == transcript.id).order_by(Segment.start_ms)
    ).all()
    lost = 0
    for annotation in kept:
        match = _best_segment(segments, annotation)
        if match is None:
            lost += 1
            annotation.needs_review = True
            annotation.review_reason = (
                f"transcript {transcript.language}/{transcript.kind} was replaced and the words "
                f"{annotation.quote!r} were not found near {format_clock(annotation.start_ms)}"
            )
            continue
        segment, offset = match
        annotation.segment_id = segment.id
        annotation.start_ms, annotation.end_ms = segment.start_ms, segment.end_ms
        if annotation.quote and offset is not None:
            annotation.span_start, annotation.span_end = offset, offset + len(annotation.quote)
    session.flush()
    return lost


def _best_segment(
    segments: list[Segment], annotation: Annotation
) -> tuple[Segment, int | None] | None:
    near = [
        s
        for s in segments
        if s.start_ms <= annotation.end_ms + REATTACH_WINDOW_MS
        and s.end_ms >= annotation.start_ms - REATTACH_WINDOW_MS
    ]
    near.sort(key=lambda s: abs(s.start_ms - annotation.start_ms))
    for segment in near:
        if not annotation.quote:
            return segment, None
        if (offset := _find_words(segment.text, annotation.quote)) is not None:
            return segment, offset
    return None


def _find_words(text: str, quote: str) -> int | None:
    """Where `quote` stands as whole words in `text` ("He" is not in "Hello")."""
    match = re.search(rf"(?<!\w){re.escape(quote)}(?!\w)", text)
    return match.start() if match else None
