"""The audit trail and optimistic locking: every editor's change is written as an AuditEvent
with before and after, and a save based on a stale version is refused, never merged silently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .errors import CatalogError
from .models import AuditEvent, User


class StaleEdit(CatalogError):
    """Someone else saved this record after the editor loaded it; nothing was written."""

    def __init__(
        self, object_type: str, object_id: str, current: dict[str, Any], by: AuditEvent | None
    ):
        self.object_type = object_type
        self.object_id = object_id
        self.current = current
        self.by = by
        who = f"{by.actor} at {by.at:%Y-%m-%d %H:%M} UTC" if by else "another editor"
        changes = (
            ", ".join(
                f"{k}: {(by.before or {}).get(k)!r} → {v!r}" for k, v in (by.after or {}).items()
            )
            if by
            else ""
        )
        super().__init__(
            f"{who} changed this {object_type.replace('_', ' ')} while you were editing"
            + (f" ({changes})" if changes else "")
            + ". Your change was not saved: look at theirs and try again."
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "code": 409,
            "title": "Conflict",
            "message": str(self),
            "current": self.current,
            "changed_by": self.by.actor if self.by else None,
            "changed_at": self.by.at.isoformat() if self.by else None,
        }


def record(
    session: Session,
    user: User | str | None,
    action: str,
    object_type: str,
    object_id: str | int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEvent:
    """Write one audit event. `user` is the account that acted, or for imports a name of the
    actor (a path's owner, "cli"), or None for the command line."""
    account = user if isinstance(user, User) else None
    event = AuditEvent(
        user_id=account.id if account and account.id else None,
        actor=account.email if account else (user or "cli"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        note=note,
    )
    session.add(event)
    return event


def last_change(session: Session, object_type: str, object_id: str | int) -> AuditEvent | None:
    return session.scalar(
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def history(session: Session, object_type: str, object_id: str | int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
            .order_by(AuditEvent.id.desc())
        )
    )


def feed(session: Session, limit: int = 200, before_id: int | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list(session.scalars(query))


def save_versioned(
    session: Session,
    user: User | None,
    obj: Any,
    version: int,
    values: dict[str, Any],
    state: Any,
    object_type: str,
) -> Any:
    """Write values to obj if it is still at `version`: one conditional UPDATE, so two workers
    cannot both win. Otherwise raise StaleEdit with the current state and the other change.
    The change is audited with only the fields that differ, before and after; a save that
    changes nothing is no change (no new version, no history entry), unless it is stale."""
    model = type(obj)
    before = state(obj)
    if obj.version == version and _unchanged(obj, values):
        return obj
    result = session.execute(
        update(model)
        .where(model.id == obj.id, model.version == version)
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(obj)
        raise StaleEdit(
            object_type, str(obj.id), state(obj), last_change(session, object_type, obj.id)
        )
    session.refresh(obj)
    after = state(obj)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    record(
        session,
        user,
        "update",
        object_type,
        obj.id,
        before={k: before.get(k) for k in changed},
        after=changed,
    )
    return obj


# The time of a save is written by every save: not a change by itself.
_BOOKKEEPING = frozenset({"updated_at"})


def _unchanged(obj: Any, values: dict[str, Any]) -> bool:
    return all(getattr(obj, k) == v for k, v in values.items() if k not in _BOOKKEEPING)
