"""Time-based links after the W3C Web Annotation model: a target (media item, time range,
optionally a segment and a character span) and a body (an entity, or a free-text tag or note)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, ms, timestamp, utcnow

if TYPE_CHECKING:
    from .catalog import MediaItem
    from .entities import Entity
    from .transcripts import Segment

# What an entity does at a moment: the one list every form, importer and export checks against.
ROLES = ("speaking", "mentioned", "depicted", "interviewer", "interviewee", "narrator")
ORIGINS = ("auto", "editor")
STATUSES = ("suggested", "confirmed", "rejected")


class Annotation(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        Index("ix_annotations_media_start", "media_item_id", "start_ms"),
        # One entity's mentions in one item by time: finding whether an original says what
        # its translation does (catalog.is_echo) without reading the whole item.
        Index("ix_annotations_entity_media_start", "entity_id", "media_item_id", "start_ms"),
        # Only the few that need an editor's eye are indexed: an index on every row costs
        # each of the hundreds of thousands of suggestions a linking run stores.
        Index(
            "ix_annotations_needs_review",
            "needs_review",
            sqlite_where=text("needs_review"),
            postgresql_where=text("needs_review"),
        ),
    )

    id: Mapped[intpk]
    media_item_id: Mapped[int] = mapped_column(ForeignKey("media_items.id", ondelete="CASCADE"))
    start_ms: Mapped[ms]
    end_ms: Mapped[ms]
    # Segment links are let go (SET NULL) when a transcript is replaced; importers re-attach them.
    segment_id: Mapped[int | None] = mapped_column(
        ForeignKey("segments.id", ondelete="SET NULL"), index=True
    )
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    quote: Mapped[str | None] = mapped_column(Text)  # the text the span covered, for re-attaching
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    tag: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(10), default="auto")
    status: Mapped[str] = mapped_column(String(10), default="suggested")
    confidence: Mapped[float | None]
    author: Mapped[str | None] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(default=1)
    # Set when a re-import could not find the annotated words again: an editor must look.
    needs_review: Mapped[bool] = mapped_column(default=False)
    review_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    media_item: Mapped[MediaItem] = relationship()
    segment: Mapped[Segment | None] = relationship()
    entity: Mapped[Entity | None] = relationship()
