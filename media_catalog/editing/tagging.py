"""Editors' tags in the player: a time range (or a span of transcript text) tagged with an
entity or a free-text keyword and a note; and a media item's own record (title, date, source,
rights, restriction) edited with a version check. Every change is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, audit, edits
from ..dates import parse_date
from ..errors import FieldError
from ..models import Annotation, Entity, MediaItem, Segment, Transcript, User
from .review_queue import state as annotation_state

EDITABLE_FIELDS = (
    "title",
    "date_text",
    "source_archive",
    "source_collection",
    "source_credit",
    "rights",
    "restricted",
    "restriction_note",
)


class EditError(FieldError):
    """An edit that cannot be saved: names the field and the reason."""


def segment_by_ref(session: Session, item: MediaItem, ref: str) -> Segment:
    """A segment by the reference the page uses for it: "<language>-<position>"."""
    language, _, position = ref.rpartition("-")
    segment = session.scalar(
        select(Segment)
        .join(Transcript)
        .where(
            Transcript.media_item_id == item.id,
            Transcript.language == language,
            Segment.position
            == (int(position) if position.isdecimal() and len(position) < 10 else -1),
        )
    )
    if segment is None:
        raise EditError("segment", f"no segment {ref!r} in {item.slug}")
    return segment


def add_tag(
    session: Session,
    user: User,
    item: MediaItem,
    *,
    start_ms: int,
    end_ms: int,
    entity_slug: str = "",
    tag: str = "",
    note: str = "",
    segment_ref: str = "",
    span: tuple[int, int] | None = None,
) -> Annotation:
    if start_ms < 0 or end_ms <= start_ms:
        raise EditError("out", "the out point must come after the in point")
    if item.duration_ms and end_ms > item.duration_ms:
        raise EditError("out", f"past the end of the media ({item.duration_ms / 1000:g} s)")
    tag, note, entity_slug = tag.strip(), note.strip(), entity_slug.strip()
    if not entity_slug and not tag:
        raise EditError("entity", "choose an entity or write a keyword")
    entity = None
    if entity_slug:
        entity = session.scalar(
            select(Entity).where(Entity.slug == entity_slug, access.entity_visible(user))
        )
        if entity is None:
            raise EditError("entity", f"no entity {entity_slug!r}")
    segment = segment_by_ref(session, item, segment_ref) if segment_ref else None
    quote = None
    if segment is not None and span is not None:
        if not 0 <= span[0] < span[1] <= len(segment.text):
            raise EditError("span", "the selected text is not inside the segment")
        quote = segment.text[span[0] : span[1]]
    annotation = Annotation(
        media_item_id=item.id,
        start_ms=start_ms,
        end_ms=end_ms,
        segment_id=segment.id if segment else None,
        span_start=span[0] if quote else None,
        span_end=span[1] if quote else None,
        quote=quote,
        entity_id=entity.id if entity else None,
        tag=tag or None,
        note=note or None,
        role=("mentioned" if segment else "depicted")
        if entity and entity.kind == "person"
        else None,
        origin="editor",
        status="confirmed",
        author=user.email,
    )
    session.add(annotation)
    session.flush()
    session.refresh(annotation)
    audit.record(
        session, user, "create", "annotation", annotation.id, after=annotation_state(annotation)
    )
    return annotation


def metadata_state(item: MediaItem) -> dict[str, Any]:
    return {field: getattr(item, field) for field in EDITABLE_FIELDS} | {"version": item.version}


def update_metadata(
    session: Session, user: User, item: MediaItem, version: int, form: dict[str, Any]
) -> MediaItem:
    values: dict[str, Any] = {}
    for field in EDITABLE_FIELDS:
        if field == "restricted":
            values[field] = bool(form.get(field))
            continue
        text = str(form.get(field) or "").strip()
        values[field] = text or None
    if not values["title"]:
        raise EditError("title", "a media item needs a title")
    if values["date_text"]:
        try:
            date = parse_date(values["date_text"])
        except ValueError as exc:
            raise EditError(
                "date", f"cannot read {values['date_text']!r} as a date ({exc})"
            ) from None
        values["date_start"], values["date_end"] = date.start, date.end
    else:
        values["date_start"] = values["date_end"] = None
    if values["restricted"] and not values["restriction_note"]:
        raise EditError("restriction_note", "say why the item is restricted")
    before = {field: getattr(item, field) for field in values}
    audit.save_versioned(session, user, item, version, values, metadata_state, "media_item")
    edits.record_object(session, user, item, before)  # so a re-import of its file keeps them
    return item
