"""Editors' tags in the player: a time range (or a span of transcript text) tagged with an
entity in a role (models.ROLES) or a free-text keyword, and a note; a tag's range, role and note
edited later with a version check; and a media item's own record (title, date, source, rights,
restriction, rights, slug) edited the same way. Every change is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import access, audit, catalog, edits, rights, slugs
from ..dates import date_field
from ..errors import FieldError, NotFound
from ..models import ROLES, Annotation, Entity, MediaItem, Segment, Transcript, User
from ..timecode import format_clock
from ..wording import N_
from . import review_queue
from .review_queue import state as annotation_state

EDITABLE_FIELDS = (
    "title",
    "date_text",
    "source_archive",
    "source_collection",
    "source_credit",
    "rights",
    "rights_uri",
    "rights_holder",
    "credit_line",
    "reuse_terms",
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
        raise EditError("segment", N_("no segment '%(ref)s' in %(item)s"), ref=ref, item=item.slug)
    return segment


def default_role(item: MediaItem, segment: Segment | None = None) -> str:
    """The role a new entity tag takes when the editor picks none: words of a transcript or an
    interview name someone (mentioned); footage shows them (depicted)."""
    return "mentioned" if segment is not None or item.kind == "interview" else "depicted"


def checked_role(role: str) -> str | None:
    """A role from the form: one of ROLES, or empty for the default (None)."""
    role = role.strip()
    if role and role not in ROLES:
        raise EditError(
            "role",
            N_("'%(role)s' is not a role: choose one of %(roles)s"),
            role=role[:40],
            roles=", ".join(ROLES),
        )
    return role or None


def check_range(session: Session, item: MediaItem, start_ms: int, end_ms: int) -> None:
    """The one check of a tag's range, new or edited: out after in, inside the media (its
    probed duration, else the end of its transcripts, as the player's seek bar reads it)."""
    if start_ms < 0 or end_ms <= start_ms:
        raise EditError("out", N_("the out point must come after the in point"))
    length = item.duration_ms or session.scalar(
        select(func.max(Segment.end_ms)).join(Transcript).where(Transcript.media_item_id == item.id)
    )
    if length and end_ms > length:
        raise EditError("out", N_("past the end of the media (%(end)s)"), end=format_clock(length))


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
    role: str = "",
    segment_ref: str = "",
    span: tuple[int, int] | None = None,
) -> Annotation:
    check_range(session, item, start_ms, end_ms)
    tag, note, entity_slug = tag.strip(), note.strip(), entity_slug.strip()
    chosen = checked_role(role)
    if not entity_slug and not tag:
        raise EditError("entity", N_("choose an entity or write a keyword"))
    entity = _entity(session, user, entity_slug) if entity_slug else None
    segment = segment_by_ref(session, item, segment_ref) if segment_ref else None
    quote = None
    if segment is not None and span is not None:
        if not 0 <= span[0] < span[1] <= len(segment.text):
            raise EditError("span", N_("the selected text is not inside the segment"))
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
        role=(chosen or default_role(item, segment)) if entity else None,
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


def _entity(session: Session, user: User, slug: str) -> Entity:
    entity = session.scalar(select(Entity).where(Entity.slug == slug, access.entity_visible(user)))
    if entity is None:
        raise EditError("entity", N_("no entity '%(slug)s'"), slug=slug)
    return entity


def editor_tags(session: Session, user: User, item: MediaItem) -> list[Annotation]:
    """The tags editors made on the item that the user may see, in time order: what the
    panel lists for editing and the seek bar marks as ranges."""
    moments = catalog.media_annotations(session, user, item)
    return [m.annotation for m in moments if m.annotation.origin == "editor"]


def update_tag(
    session: Session,
    user: User,
    item: MediaItem,
    annotation_id: int,
    version: int,
    *,
    start_ms: int,
    end_ms: int,
    role: str = "",
    tag: str = "",
    note: str = "",
) -> Annotation:
    """Move a tag's range or change its role, keyword or note, if it is still at `version`
    (else audit.StaleEdit). A tag the user may not see, or of another item, is NotFound."""
    annotation = review_queue.visible_annotation(session, user, annotation_id)
    if annotation.media_item_id != item.id:
        raise NotFound(f"no tag {annotation_id} on {item.slug}")
    check_range(session, item, start_ms, end_ms)
    tag = tag.strip()
    if annotation.entity_id is None and not tag:
        raise EditError("tag", N_("a keyword tag needs its keyword"))
    chosen = checked_role(role)
    values = {
        "start_ms": start_ms,
        "end_ms": end_ms,
        "role": (chosen or annotation.role) if annotation.entity_id else None,
        "tag": tag or None,
        "note": note.strip() or None,
    }
    return review_queue.save(session, user, annotation, version, **values)


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
        raise EditError("title", N_("a media item needs a title"))
    if values["date_text"]:
        date = date_field(values["date_text"], EditError)
        values["date_start"], values["date_end"] = date.start, date.end
    else:
        values["date_start"] = values["date_end"] = None
    if values["restricted"] and not values["restriction_note"]:
        raise EditError("restriction_note", N_("say why the item is restricted"))
    try:
        values |= rights.checked_values(values)
    except FieldError as exc:
        raise EditError(exc.field, exc.template, **exc.values) from None
    before = {field: getattr(item, field) for field in values}
    audit.save_versioned(session, user, item, version, values, metadata_state, "media_item")
    edits.record_object(session, user, item, before)  # so a re-import of its file keeps them
    if form.get("slug") is not None:
        slugs.rename(session, user, item, str(form["slug"]))  # old URLs answer 301 (slugs.py)
    return item
