"""The audit trail and optimistic locking: every editor's change is written as an AuditEvent
with before and after, and a save based on a stale version is refused, never merged silently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .errors import CatalogError, FieldError
from .models import AuditEvent, User
from .wording import N_, Translate, english

# The kinds of record the audit trail names (its object types), for conflicts and the audit
# log in the reader's language.
RECORD_NAMES = {
    "access_grant": N_("access grant"),
    "annotation": N_("annotation"),
    "authority_file": N_("authority file"),
    "chapter": N_("chapter"),
    "consent": N_("consent record"),
    "entity": N_("entity"),
    "film": N_("film"),
    "film_cut_event": N_("event of the film's cut"),
    "guide": N_("guide"),
    "guide_moment": N_("guide moment"),
    "media_item": N_("media item"),
    "name_candidate": N_("unknown name"),
    "reel": N_("reel"),
    "segment": N_("segment"),
    "transcript": N_("transcript"),
    "user": N_("user"),
}
STALE = N_(
    "%(who)s changed this %(record)s while you were editing. Your change was not saved:"
    " look at theirs and try again."
)
STALE_CHANGES = N_(
    "%(who)s changed this %(record)s while you were editing (%(changes)s). Your change was"
    " not saved: look at theirs and try again."
)


class StaleEdit(CatalogError):
    """Someone else saved this record after the editor loaded it; nothing was written."""

    def __init__(
        self, object_type: str, object_id: str, current: dict[str, Any], by: AuditEvent | None
    ):
        self.object_type = object_type
        self.object_id = object_id
        self.current = current
        self.by = by
        super().__init__(self.reason_in(english))

    def reason_in(self, translate: Translate) -> str:
        by = self.by
        if by is None:
            who = translate(N_("another editor"))
        else:
            who = translate(
                N_("%(actor)s at %(time)s UTC"), actor=by.actor, time=f"{by.at:%Y-%m-%d %H:%M}"
            )
        record = self.object_type.replace("_", " ")
        if self.object_type in RECORD_NAMES:
            record = translate(RECORD_NAMES[self.object_type])
        before, after = (by.before or {}, by.after or {}) if by else ({}, {})
        changes = ", ".join(f"{k}: {before.get(k)!r} → {v!r}" for k, v in after.items())
        if changes:
            return translate(STALE_CHANGES, who=who, record=record, changes=changes)
        return translate(STALE, who=who, record=record)

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
    restriction = {k: v for k, v in changed.items() if k in _RESTRICTION_FIELDS}
    if restriction:  # asked on its own: "who changed a restriction?"
        record(
            session,
            user,
            "restriction",
            object_type,
            obj.id,
            before={k: before.get(k) for k in restriction},
            after=restriction,
        )
    return obj


_RESTRICTION_FIELDS = frozenset({"restricted", "restriction_note"})
# The time of a save is written by every save: not a change by itself.
_BOOKKEEPING = frozenset({"updated_at"})


def _unchanged(obj: Any, values: dict[str, Any]) -> bool:
    return all(getattr(obj, k) == v for k, v in values.items() if k not in _BOOKKEEPING)


# The questions the audit answers, as sets of actions (`--what` on the CLI, the admin page).
QUESTIONS = {
    "restricted-access": ("view_restricted", "download_restricted"),
    "restriction-changes": ("restriction",),
    "consent-overrides": ("consent_override",),
    "consent": ("consent_record", "consent_withdraw", "consent_override"),
    "reels": (
        "create",
        "rename",
        "delete",
        "add_entry",
        "update_entry",
        "remove_entry",
        "reorder",
        "share",
        "unshare",
    ),
}


def search(
    session: Session,
    *,
    who: str | None = None,
    what: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> list[AuditEvent]:
    """Events answering a question, newest first: by an actor (email, exact), of a kind of
    question (QUESTIONS) or one action, on one type of record, since a time."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if who:
        query = query.where(AuditEvent.actor == who.strip().lower())
    if what:
        if what not in QUESTIONS:
            raise FieldError(
                "what",
                N_("'%(text)s' is not one of %(choices)s"),
                text=what,
                choices=", ".join(QUESTIONS),
            )
        query = query.where(AuditEvent.action.in_(QUESTIONS[what]))
        if what == "reels":
            query = query.where(AuditEvent.object_type == "reel")
    if action:
        query = query.where(AuditEvent.action == action.strip())
    if object_type:
        query = query.where(AuditEvent.object_type == object_type.strip())
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(session.scalars(query))


def parse_since(text: str) -> datetime | None:
    """`2026-12-01`, `2026-12-01T10:00` (UTC) or `7d`/`12h` before now; empty is None."""
    text = text.strip()
    if not text:
        return None
    if text[:-1].isdecimal() and text[-1:] in ("d", "h"):
        hours = int(text[:-1]) * (24 if text.endswith("d") else 1)
        return datetime.now(UTC) - timedelta(hours=hours)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FieldError(
            "since", N_("'%(text)s' is not a date (2026-12-01), a time or 7d/12h"), text=text
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def note_access(
    session: Session, user: User | None, action: str, object_type: str, object_id: str
) -> None:
    """Who viewed or downloaded restricted material. Once per person, record and action in a
    quarter hour: a player's range requests are one viewing, not hundreds of rows."""
    actor = user.email if user else "anonymous"
    recent = session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.actor == actor,
            AuditEvent.action == action,
            AuditEvent.object_type == object_type,
            AuditEvent.object_id == object_id,
            AuditEvent.at >= datetime.now(UTC) - timedelta(minutes=15),
        )
    )
    if recent is None:
        record(session, user or "anonymous", action, object_type, object_id)
