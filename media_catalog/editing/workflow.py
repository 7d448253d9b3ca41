"""Indexing workflow: each media item's status (not started, in progress, ready for review,
complete) with who moved it and when, so several editors can share the work of a film."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, audit
from ..errors import CatalogError
from ..models import MediaItem, User
from ..models.base import utcnow
from ..wording import N_

STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "ready_for_review": "Ready for review",
    "complete": "Complete",
}


def set_status(session: Session, user: User, item: MediaItem, status: str) -> MediaItem:
    """Move an item to a status; the move is audited. Moving is not editing the record, so it
    does not bump the record's version (an open metadata form stays valid)."""
    if status not in STATUSES:
        raise CatalogError(
            N_("unknown status '%(status)s': use one of %(choices)s"),
            status=status,
            choices=", ".join(STATUSES),
        )
    before = {"status": item.indexing_status, "by": item.status_by}
    item.indexing_status, item.status_by, item.status_at = status, user.email, utcnow()
    audit.record(
        session,
        user,
        "status",
        "media_item",
        item.id,
        before=before,
        after={"status": status, "by": user.email},
    )
    return item


def items_by_status(session: Session, user: User | None) -> list[tuple[str, str, list[MediaItem]]]:
    """(status, label, items) for every status, in workflow order; items the user may see."""
    items = session.scalars(
        select(MediaItem).where(access.media_visible(user)).order_by(MediaItem.title)
    )
    grouped: dict[str, list[MediaItem]] = {status: [] for status in STATUSES}
    for item in items:
        grouped.get(item.indexing_status, grouped["not_started"]).append(item)
    return [(status, label, grouped[status]) for status, label in STATUSES.items()]
