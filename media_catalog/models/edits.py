"""What the catalog's editors decided over what the source files say: field edits with their
provenance, and restricted time ranges of a media item. Re-imports read both, so an editor's
work is never undone by a changed source file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, intpk, ms, timestamp

EDIT_STATUSES = ("active", "review", "retired")
RANGE_ORIGINS = ("source", "editor")


class Edit(Base):
    """One field an editor changed on the web: which record (by its public key, which survives
    the row being replaced by a re-import), the value chosen, and what the source said then."""

    __tablename__ = "edits"
    __table_args__ = (Index("ix_edits_object", "object_type", "object_key", "status"),)

    id: Mapped[intpk]
    object_type: Mapped[str] = mapped_column(String(40))  # media_item | entity | segment
    object_key: Mapped[str] = mapped_column(String(400))  # a slug; segments: media/lang/kind@ms
    field: Mapped[str] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    source_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    reason: Mapped[str | None] = mapped_column(Text)  # why it waits for review
    author: Mapped[str] = mapped_column(String(320))
    at: Mapped[timestamp]
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RestrictedRange(Base):
    """A stretch of a media item restricted from the public, whatever track or export shows it:
    declared by a transcript's sidecar (origin source, `source_key` its track) or by an editor.
    An editor may lift a source range; it stays lifted when the same range is imported again."""

    __tablename__ = "restricted_ranges"

    id: Mapped[intpk]
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    start_ms: Mapped[ms]
    end_ms: Mapped[ms]
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20))
    source_key: Mapped[str | None] = mapped_column(String(100))  # e.g. "ru/original"
    lifted: Mapped[bool] = mapped_column(default=False)
    author: Mapped[str] = mapped_column(String(320))
    at: Mapped[timestamp]


class Redaction(Base):
    """A stretch of a media item removed from what anyone but an admin hears and sees: the
    access copy (redactions.py) silences and blacks it out. `lapses_at` ends an embargo: from
    then the redaction no longer applies; `lapsed` records that the lapse was audited."""

    __tablename__ = "redactions"

    id: Mapped[intpk]
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    start_ms: Mapped[ms]
    end_ms: Mapped[ms]
    note: Mapped[str | None] = mapped_column(Text)
    lapses_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lapsed: Mapped[bool] = mapped_column(default=False)
    author: Mapped[str] = mapped_column(String(320))
    at: Mapped[timestamp]
