"""Access grants: an admin lets one named user see one restricted media item, and withdraws it.
What a grant lets a user see is decided in access.py; this module only keeps the grants."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .accounts import NO_USER, AccountError, normalise_email, user_by_email
from .models import AccessGrant, AuditEvent, MediaItem, User
from .wording import N_


def _user_and_item(session: Session, email: str, media_slug: str) -> tuple[User, MediaItem]:
    user = user_by_email(session, email)
    if user is None:
        raise AccountError(NO_USER, email=normalise_email(email))
    item = session.scalar(select(MediaItem).where(MediaItem.slug == media_slug))
    if item is None:
        raise AccountError(N_("no media item '%(slug)s'"), slug=media_slug)
    return user, item


def _audit(session: Session, actor: User | None, action: str, grant: AccessGrant) -> None:
    state = {"user": grant.user.email, "media": grant.media_item.slug, "note": grant.note}
    session.add(
        AuditEvent(
            user_id=actor.id if actor else None,
            actor=actor.email if actor else "cli",
            action=action,
            object_type="access_grant",
            object_id=f"{grant.user.email} {grant.media_item.slug}",
            before=state if action == "delete" else None,
            after=state if action == "create" else None,
        )
    )


def grant_access(
    session: Session, email: str, media_slug: str, actor: User | None = None, note: str = ""
) -> AccessGrant:
    user, item = _user_and_item(session, email, media_slug)
    if not item.restricted:
        raise AccountError(
            N_("%(slug)s is not restricted: everyone may see it already"), slug=media_slug
        )
    existing = session.scalar(
        select(AccessGrant).where(
            AccessGrant.user_id == user.id, AccessGrant.media_item_id == item.id
        )
    )
    if existing is not None:
        raise AccountError(
            N_("%(email)s already has access to %(slug)s"), email=user.email, slug=media_slug
        )
    grant = AccessGrant(
        user=user, media_item=item, granted_by=actor.email if actor else "cli", note=note or None
    )
    session.add(grant)
    session.flush()
    _audit(session, actor, "create", grant)
    return grant


def withdraw_access(
    session: Session, email: str, media_slug: str, actor: User | None = None
) -> None:
    user, item = _user_and_item(session, email, media_slug)
    grant = session.scalar(
        select(AccessGrant).where(
            AccessGrant.user_id == user.id, AccessGrant.media_item_id == item.id
        )
    )
    if grant is None:
        raise AccountError(
            N_("%(email)s has no access grant for %(slug)s"), email=user.email, slug=media_slug
        )
    _audit(session, actor, "delete", grant)
    session.delete(grant)


def access_grants(session: Session) -> list[AccessGrant]:
    return list(
        session.scalars(
            select(AccessGrant)
            .join(User)
            .join(MediaItem)
            .options(selectinload(AccessGrant.user), selectinload(AccessGrant.media_item))
            .order_by(MediaItem.slug, User.email)
        )
    )


def restricted_items(session: Session) -> list[MediaItem]:
    return list(
        session.scalars(
            select(MediaItem).where(MediaItem.restricted.is_(True)).order_by(MediaItem.slug)
        )
    )
