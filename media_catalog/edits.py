"""The catalog's own edits outrank the source files. Every field an editor changes on the web
(a media item's record, an entity's fields and names, a segment's words and speaker) is kept as
an Edit with the value chosen and what the source said then. An importer lays the edits over
what a changed file says: an edit whose field the source did not change is applied again; one
the source now agrees with retires; one the source changed under is kept and put up for review
("source changed under your edit"), never silently dropped or applied. Restrictions are time
ranges (restrictions.py) and survive re-imports by themselves. Every outcome is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import audit
from .dates import parse_date
from .errors import CatalogError, NotFound
from .models import Edit, Entity, MediaItem, Segment, Transcript, User
from .models.base import utcnow
from .timecode import format_clock
from .wording import N_

OPEN = ("active", "review")
SEGMENT_FIELDS = ("text", "speaker")
_NOT_EDITS = {"version", "date_start", "date_end"}


def segment_key(item: MediaItem, transcript: Transcript, start_ms: int) -> str:
    """A segment's key survives its row being replaced: its track and its start time."""
    return f"{_track_prefix(item, transcript)}{start_ms}"


def _track_prefix(item: MediaItem, transcript: Transcript) -> str:
    return f"{item.slug}/{transcript.language}/{transcript.kind}@"


def _open_edits(session: Session, object_type: str, key: str) -> list[Edit]:
    # Importers ask mid-way, with a new row not yet complete: no flush before the question.
    with session.no_autoflush:
        return list(
            session.scalars(
                select(Edit).where(
                    Edit.object_type == object_type, Edit.object_key == key, Edit.status.in_(OPEN)
                )
            )
        )


def _actor(user: User | str | None) -> str:
    return user.email if isinstance(user, User) else (user or "cli")


def record(
    session: Session,
    user: User | str | None,
    object_type: str,
    key: str,
    changes: Iterable[tuple[str, Any, Any]],
) -> None:
    """Keep (field, value before, value after) as the editor's edits of one record. The value
    before is the source's unless an edit already holds the field; putting the source's value
    back retires the edit."""
    held = {e.field: e for e in _open_edits(session, object_type, key)}
    for field, before, after in changes:
        if before == after:
            continue
        edit = held.get(field)
        if edit is None:
            session.add(
                Edit(
                    object_type=object_type,
                    object_key=key,
                    field=field,
                    value=after,
                    source_value=before,
                    author=_actor(user),
                )
            )
            continue
        edit.value, edit.author, edit.at, edit.reason = after, _actor(user), utcnow(), None
        edit.status = "retired" if after == edit.source_value else "active"
    session.flush()


def record_object(
    session: Session, user: User | None, obj: MediaItem | Entity, before: dict[str, Any]
) -> None:
    """The fields of a media item or an entity an editor just saved, against `before`. A
    date's sortable range is derived from its text, so the text alone is the edit."""
    object_type = "media_item" if isinstance(obj, MediaItem) else "entity"
    changes = [(f, value, getattr(obj, f)) for f, value in before.items() if f not in _NOT_EDITS]
    record(session, user, object_type, obj.slug, changes)


def record_segment_edit(
    session: Session, user: User, segment: Segment, before: dict[str, Any]
) -> None:
    transcript = segment.transcript
    key = segment_key(transcript.media_item, transcript, segment.start_ms)
    changes = [(f, before[f], getattr(segment, f)) for f in SEGMENT_FIELDS]
    record(session, user, "segment", key, changes)


def overlay(
    session: Session, object_type: str, key: str, incoming: dict[str, Any], actor: str
) -> dict[str, Any]:
    """The values an import would write, with the editors' edits laid over them (a date's
    sortable range follows the date text that wins)."""
    for edit in _open_edits(session, object_type, key):
        if edit.field in incoming:
            incoming[edit.field] = _meet_source(session, edit, incoming[edit.field], actor)
            if edit.field == "date_text" and edit.status != "retired":
                parsed = parse_date(edit.value) if edit.value else None
                incoming["date_start"] = parsed.start if parsed else None
                incoming["date_end"] = parsed.end if parsed else None
    return incoming


def _meet_source(session: Session, edit: Edit, source: Any, actor: str) -> Any:
    """What an import does to one edit given the source's value now; the value to store."""
    if source == edit.value:
        _settle(session, edit, "retired", actor, "the source now says the same")
        return source
    if source != edit.source_value:
        said, edit.source_value = edit.source_value, source
        edit.status = "review"
        edit.reason = (
            f"source changed under your edit: it said {said!r} when you changed it, now {source!r}"
        )
        _audit(session, edit, actor, "edit.review")
    else:
        _audit(session, edit, actor, "edit.kept")
    return edit.value


def reapply_segment_edits(
    session: Session, item: MediaItem, transcript: Transcript, actor: str
) -> int:
    """After a track was replaced: its corrections applied again where the source did not
    change under them, put up for review where it did. Returns how many await review."""
    prefix = _track_prefix(item, transcript)
    pending = session.scalars(
        select(Edit).where(
            Edit.object_type == "segment",
            Edit.object_key.startswith(prefix, autoescape=True),
            Edit.status.in_(OPEN),
        )
    ).all()
    if not pending:
        return 0
    by_start = {
        s.start_ms: s
        for s in session.scalars(select(Segment).where(Segment.transcript_id == transcript.id))
    }
    for edit in pending:
        segment = by_start.get(int(edit.object_key.rsplit("@", 1)[1]))
        if segment is None:
            edit.status = "review"
            edit.reason = (
                "source changed under your correction: no segment starts at "
                f"{format_clock(int(edit.object_key.rsplit('@', 1)[1]))} any more"
            )
            _audit(session, edit, actor, "edit.review")
            continue
        source = getattr(segment, edit.field)
        if source == edit.value:
            _settle(session, edit, "retired", actor, "the source now says the same")
        elif source == edit.source_value:
            if edit.status == "active":  # under review, the source's words stay till decided
                setattr(segment, edit.field, edit.value)
                _audit(session, edit, actor, "edit.reapplied")
        else:
            said, edit.source_value = edit.source_value, source
            edit.status = "review"
            edit.reason = f"source changed under your correction: it said {said!r}, now {source!r}"
            _audit(session, edit, actor, "edit.review")
    session.flush()
    return sum(1 for e in pending if e.status == "review")


def awaiting_review(session: Session) -> list[Edit]:
    return list(
        session.scalars(select(Edit).where(Edit.status == "review").order_by(Edit.at.desc()))
    )


def decide(session: Session, user: User, edit_id: int, action: str) -> Edit:
    """An editor's answer to "source changed under your edit": `keep` applies the edit over
    the source's new value; `drop` takes the source's value and retires the edit."""
    edit = session.get(Edit, edit_id)
    if edit is None or edit.status != "review":
        raise NotFound("no such edit awaiting review")
    if action not in ("keep", "drop"):
        raise CatalogError(N_("unknown action '%(action)s': keep or drop"), action=action)
    target = _target(session, edit)
    if action == "keep":
        if target is None:
            raise CatalogError("the record this edit was made on is gone: drop the edit")
        _apply(target, edit.field, edit.value)
        edit.status, edit.reason = "active", None
    else:
        if target is not None and edit.object_type != "segment":
            _apply(target, edit.field, edit.source_value)
        edit.status = "retired"
    edit.decided_at = utcnow()
    _audit(session, edit, user, f"edit.{action}")
    session.flush()
    return edit


def _apply(target: Any, field: str, value: Any) -> None:
    """Set a field; a date's sortable range follows its text."""
    setattr(target, field, value)
    if field == "date_text":
        parsed = parse_date(value) if value else None
        target.date_start = parsed.start if parsed else None
        target.date_end = parsed.end if parsed else None


def _target(session: Session, edit: Edit) -> Any:
    if edit.object_type in ("media_item", "entity"):
        model = MediaItem if edit.object_type == "media_item" else Entity
        return session.scalar(select(model).where(model.slug == edit.object_key))
    slug_track, start = edit.object_key.rsplit("@", 1)
    slug, language, kind = slug_track.split("/", 2)
    return session.scalar(
        select(Segment)
        .join(Transcript)
        .join(MediaItem)
        .where(
            MediaItem.slug == slug,
            Transcript.language == language,
            Transcript.kind == kind,
            Segment.start_ms == int(start),
        )
    )


def names_kept_out(
    session: Session, slug: str, wanted: list[tuple[str, str | None, bool]], actor: str
) -> list[tuple[str, str | None, bool]]:
    """An authority file's names for an entity, less those an editor removed on the web (an
    import does not bring them back; each one kept out is audited)."""
    removed = {
        e.field.removeprefix("name:"): e
        for e in _open_edits(session, "entity", slug)
        if e.field.startswith("name:") and e.value is False
    }
    for name in wanted:
        if name[0] in removed:
            _audit(session, removed[name[0]], actor, "edit.kept")
    return [name for name in wanted if name[0] not in removed]


def removed_names(session: Session, slug: str) -> set[str]:
    """Names an editor removed from an entity."""
    return {
        e.field.removeprefix("name:")
        for e in _open_edits(session, "entity", slug)
        if e.field.startswith("name:") and e.value is False
    }


def _settle(session: Session, edit: Edit, status: str, actor: str, why: str) -> None:
    edit.status, edit.reason, edit.decided_at = status, why, utcnow()
    _audit(session, edit, actor, f"edit.{status}")


def _audit(session: Session, edit: Edit, actor: User | str, action: str) -> None:
    audit.record(
        session,
        actor,
        action,
        edit.object_type,
        edit.object_key,
        before={"field": edit.field, "source": edit.source_value},
        after={"value": edit.value, "status": edit.status, "reason": edit.reason},
    )
