"""Transcript tracks of a media item (one per language and kind) and their timed segments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, ms, pid

if TYPE_CHECKING:
    from .catalog import MediaItem
    from .entities import Entity

TRANSCRIPT_KINDS = ("original", "translation", "captions")
# Recognised by a speech engine (speech/machine.py): one per language beside the human tracks.
MACHINE_KIND = "machine"


class Transcript(Base):
    __tablename__ = "transcripts"
    __table_args__ = (UniqueConstraint("media_item_id", "language", "kind"),)

    id: Mapped[intpk]
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(35))
    kind: Mapped[str] = mapped_column(String(20))
    translation_of: Mapped[str | None] = mapped_column(String(35))
    source_path: Mapped[str] = mapped_column(String(1000))
    checksum: Mapped[str] = mapped_column(String(64))
    encoding: Mapped[str] = mapped_column(String(40))
    # The speech engine that made a machine track ("pocketsphinx", "faster-whisper", "vosk").
    engine: Mapped[str | None] = mapped_column(String(40))
    restricted: Mapped[bool] = mapped_column(default=False)
    # The authority fingerprint the track was last linked with; NULL or stale means re-link.
    linked_with: Mapped[str | None] = mapped_column(String(64))

    media_item: Mapped[MediaItem] = relationship(back_populates="transcripts")
    segments: Mapped[list[Segment]] = relationship(
        back_populates="transcript",
        cascade="all, delete-orphan",
        order_by="Segment.position",
        passive_deletes=True,
    )


class Segment(Base):
    __tablename__ = "segments"
    __table_args__ = (
        Index("ix_segments_transcript_start", "transcript_id", "start_ms"),
        # The few restricted passages (restricted ranges materialised by restrictions.py), for
        # queries that look for them in a track.
        Index(
            "ix_segments_restricted",
            "transcript_id",
            "start_ms",
            sqlite_where=text("restricted IS 1"),
            postgresql_where=text("restricted IS true"),
        ),
    )

    id: Mapped[intpk]
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcripts.id", ondelete="CASCADE"))
    position: Mapped[int]
    start_ms: Mapped[ms]
    end_ms: Mapped[ms]
    speaker: Mapped[str | None] = mapped_column(String(300))
    speaker_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    pid: Mapped[pid]
    # A passage under an archive's privacy restriction, hidden like a restricted item.
    restricted: Mapped[bool] = mapped_column(default=False)
    restriction_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # editors' optimistic lock
    # Measured word-level times, compact JSON (media_catalog/words.py); NULL: spread over the cue.
    word_timings: Mapped[str | None] = mapped_column(Text)

    transcript: Mapped[Transcript] = relationship(back_populates="segments")
    speaker_entity: Mapped[Entity | None] = relationship()


class SegmentDate(Base):
    """A date or period spoken in a segment ("in 1977", "the seventies", "в 1970 году")."""

    __tablename__ = "segment_dates"

    id: Mapped[intpk]
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(100))
    span_start: Mapped[int]
    span_end: Mapped[int]
    date_start: Mapped[str] = mapped_column(String(10), index=True)
    date_end: Mapped[str] = mapped_column(String(10))
