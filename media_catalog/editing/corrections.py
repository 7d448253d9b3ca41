"""Segment corrections: a transcript typo or a wrong speaker fixed, and a passage restricted on
its own (a living interviewee withdraws one story). Each change checks the version the editor
saw and is kept in the audit log, so a segment's history can be read back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, edits, restrictions
from ..models import Annotation, Segment, User
from ..speech.retiming import carry_words
from ..words import set_words
from .tagging import EditError


def segment_state(segment: Segment) -> dict[str, Any]:
    return {
        "text": segment.text,
        "speaker": segment.speaker,
        "restricted": segment.restricted,
        "restriction_note": segment.restriction_note,
        "version": segment.version,
    }


def correct_segment(
    session: Session, user: User, segment: Segment, version: int, form: dict[str, Any]
) -> Segment:
    text = str(form.get("text") or "").strip()
    if not text:
        raise EditError("text", "a segment needs its words (restrict it to hide it instead)")
    restricted = bool(form.get("restricted"))
    note = str(form.get("restriction_note") or "").strip() or None
    if restricted and not note:
        raise EditError("restriction_note", "say why the passage is restricted")
    values = {
        "text": text,
        "speaker": str(form.get("speaker") or "").strip() or None,
        "restricted": restricted,
        "restriction_note": note,
    }
    was_restricted, old_text, old_note = segment.restricted, segment.text, segment.restriction_note
    before = {field: getattr(segment, field) for field in edits.SEGMENT_FIELDS}
    audit.save_versioned(session, user, segment, version, values, segment_state, "segment")
    edits.record_segment_edit(session, user, segment, before)
    if text != old_text:
        _follow_spans(session, segment)
        # Measured word times (alignment, a machine transcript) follow the words kept.
        timed = carry_words(old_text, segment.word_timings, text, segment.start_ms, segment.end_ms)
        set_words(segment, timed)
    if restricted != was_restricted or (restricted and note != old_note):
        _restrict_time(session, user, segment, restricted, note)
    return segment


def _restrict_time(
    session: Session, user: User, segment: Segment, restricted: bool, note: str | None
) -> None:
    """A restriction covers the segment's time on every track of its item (its translation
    too), and outlives a re-import of any of them; a new note is a new editor's range over
    the segment, whose note is the one shown."""
    item = segment.transcript.media_item
    if restricted:
        restrictions.restrict(session, user, item, segment.start_ms, segment.end_ms, note or "")
    else:
        restrictions.lift(session, item, segment.start_ms, segment.end_ms)
    restrictions.materialise(session, item)


def _follow_spans(session: Session, segment: Segment) -> None:
    """Annotations on words of the segment move with their words; when the words are gone the
    annotation is flagged for an editor instead of pointing at the wrong text."""
    annotations = session.scalars(
        select(Annotation).where(
            Annotation.segment_id == segment.id, Annotation.span_start.is_not(None)
        )
    )
    for annotation in annotations:
        quote = annotation.quote or ""
        if quote and segment.text[annotation.span_start : annotation.span_end] == quote:
            continue
        found = segment.text.find(quote) if quote else -1
        if found >= 0:
            annotation.span_start, annotation.span_end = found, found + len(quote)
        else:
            annotation.needs_review = True
            annotation.review_reason = f"the words {quote!r} were corrected away"
