"""Changing the slug of a film, media item or entity: the old slug is kept in the slug
history, so its URLs answer 301 to the new page and importers of files that still name it
reach the same record; an old slug is never handed to anything else. Persistent identifiers
(identifiers.py) do not change with the slug."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from . import audit
from .errors import FieldError
from .models import Edit, Entity, Film, MediaItem, RetiredEntity, SlugHistory, User
from .wording import N_

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OBJECT_TYPES: dict[type, str] = {Film: "film", MediaItem: "media_item", Entity: "entity"}
Record = TypeVar("Record", Film, MediaItem, Entity)


def find(session: Session, model: type[Record], slug: str) -> Record | None:
    """The record a slug names now, or the one it named before an editor changed it."""
    current = session.scalar(select(model).where(model.slug == slug))
    return current if current is not None else renamed(session, model, slug)


def renamed(session: Session, model: type[Record], old_slug: str) -> Record | None:
    """The record that had `old_slug` before a rename (None when no record had it)."""
    pid = session.scalar(
        select(SlugHistory.target_pid).where(
            SlugHistory.object_type == OBJECT_TYPES[model], SlugHistory.slug == old_slug
        )
    )
    return session.scalar(select(model).where(model.pid == pid)) if pid else None


def is_taken(session: Session, model: type, slug: str, keep: Any = None) -> bool:
    """Whether a slug belongs to another record now or did before (retired entities too)."""
    current = session.scalar(select(model).where(model.slug == slug))
    if current is not None and current is not keep:
        return True
    old_owner = session.scalar(
        select(SlugHistory.target_pid).where(
            SlugHistory.object_type == OBJECT_TYPES[model], SlugHistory.slug == slug
        )
    )
    if old_owner is not None and (keep is None or old_owner != keep.pid):
        return True
    return (
        model is Entity
        and session.scalar(select(RetiredEntity.id).where(RetiredEntity.slug == slug)) is not None
    )


def rename(session: Session, user: User | str, record: Record, new_slug: str) -> bool:
    """Give the record a new slug, keeping the old one in its history. Returns whether it
    changed; refuses (FieldError on 'slug') a malformed slug or one another record has or had."""
    new_slug = new_slug.strip()
    if new_slug == record.slug:
        return False
    if not SLUG_RE.match(new_slug) or len(new_slug) > 200:
        raise FieldError(
            "slug",
            N_("'%(text)s' is not a slug (lowercase letters, digits, hyphens)"),
            text=new_slug[:60],
        )
    if is_taken(session, type(record), new_slug, keep=record):
        raise FieldError(
            "slug", N_("'%(text)s' is or was the address of another record"), text=new_slug
        )
    object_type = OBJECT_TYPES[type(record)]
    old_slug = record.slug
    actor = user if isinstance(user, str) else user.email
    # Going back to an earlier slug: it stops being history and is the address again.
    session.execute(
        delete(SlugHistory).where(
            SlugHistory.object_type == object_type, SlugHistory.slug == new_slug
        )
    )
    session.add(
        SlugHistory(object_type=object_type, slug=old_slug, target_pid=record.pid, changed_by=actor)
    )
    record.slug = new_slug
    _move_edits(session, object_type, old_slug, new_slug)
    audit.record(
        session,
        user,
        "slug.changed",
        object_type,
        record.pid or "",
        before={"slug": old_slug},
        after={"slug": new_slug},
    )
    session.flush()
    return True


def _move_edits(session: Session, object_type: str, old: str, new: str) -> None:
    """Editors' edits are keyed by slug (edits.py): they follow the record to its new one."""
    session.execute(
        update(Edit)
        .where(Edit.object_type == object_type, Edit.object_key == old)
        .values(object_key=new)
    )
    if object_type != "media_item":
        return
    for edit in session.scalars(
        select(Edit).where(Edit.object_type == "segment", Edit.object_key.startswith(f"{old}/"))
    ):
        edit.object_key = new + edit.object_key[len(old) :]
