"""The one place that decides what a user may see. Every query feeding a page, a search result,
an API answer, a media response or an export filters through these functions. Restricted
material answers "not found", so its existence does not leak."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, true

from .errors import NotFound
from .models import Entity, MediaItem, Segment, Transcript, User

PRIVILEGED_ROLES = ("editor", "admin")


def can_see_restricted(user: User | None) -> bool:
    return user is not None and user.role in PRIVILEGED_ROLES


def media_visible(user: User | None) -> ColumnElement[bool]:
    return true() if can_see_restricted(user) else MediaItem.restricted.is_(False)


def entity_visible(user: User | None) -> ColumnElement[bool]:
    return true() if can_see_restricted(user) else Entity.restricted.is_(False)


def segment_visible(user: User | None) -> ColumnElement[bool]:
    """For queries joining Segment -> Transcript -> MediaItem."""
    if can_see_restricted(user):
        return true()
    return and_(
        Segment.restricted.is_(False),
        Transcript.restricted.is_(False),
        MediaItem.restricted.is_(False),
    )


def annotation_visible(user: User | None) -> ColumnElement[bool]:
    """For queries joining Annotation -> MediaItem (outer-joined Segment and Entity)."""
    if can_see_restricted(user):
        return true()
    return and_(
        MediaItem.restricted.is_(False),
        Segment.restricted.is_not(True),
        Entity.restricted.is_not(True),
    )


def require_visible(user: User | None, obj: Any) -> Any:
    """Return obj if the user may see it; NotFound otherwise (or when it is None)."""
    if obj is None:
        raise NotFound("not found")
    if not can_see_restricted(user) and getattr(obj, "restricted", False):
        raise NotFound("not found")
    if isinstance(obj, Transcript):
        require_visible(user, obj.media_item)
    return obj


def has_role(user: User | None, role: str) -> bool:
    """True when the user's role is `role` or above it (viewer < host < editor < admin);
    anonymous visitors are public viewers and have no role."""
    from .models import USER_ROLES

    return user is not None and USER_ROLES.index(user.role) >= USER_ROLES.index(role)
