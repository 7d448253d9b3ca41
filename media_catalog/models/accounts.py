"""Users with a role, the audit trail of who changed what, and the record of imported files."""

from __future__ import annotations

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, timestamp
from .catalog import MediaItem

USER_ROLES = ("viewer", "host", "editor", "admin")


class User(Base):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    created_at: Mapped[timestamp]
    # Signed into every session cookie and checked on each request: moving it on (sign-in,
    # sign-out, a new password or role) makes every older cookie of this user sign in no one.
    session_generation: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The interface language chosen with the switcher (en, ru, he); None: the browser decides.
    preferred_language: Mapped[str | None] = mapped_column(String(8))


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[intpk]
    at: Mapped[timestamp]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(320), index=True)  # user email, or "cli"
    action: Mapped[str] = mapped_column(String(50), index=True)
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(300))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)


class SourceFile(Base):
    """An imported input file and the checksum it had: an unchanged file is not imported again."""

    __tablename__ = "source_files"

    id: Mapped[intpk]
    path: Mapped[str] = mapped_column(String(1000), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    checksum: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[timestamp]


class LoginAttempt(Base):
    """A sign-in counted against its account and address, kept in the database so throttling
    holds across workers: claimed before the password is checked, removed when it was right."""

    __tablename__ = "login_attempts"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(320), index=True)
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address
    at: Mapped[timestamp]


class RateLimitCounter(Base):
    """A fixed-window rate-limit counter (Flask-Limiter through rate_limits.py), kept in the
    database so that every worker process and machine counts the same requests."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int]
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # seconds since the epoch


class AccessGrant(Base):
    """An admin's permission for one user to see one restricted media item (with its restricted
    tracks and passages), as an archive grants a researcher access to a restricted file."""

    __tablename__ = "access_grants"
    __table_args__ = (UniqueConstraint("user_id", "media_item_id"),)

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    granted_by: Mapped[str] = mapped_column(String(320))
    granted_at: Mapped[timestamp]
    note: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()
    media_item: Mapped[MediaItem] = relationship()
