"""Films and the media items they use (interviews, archival clips), and where a stretch of a
source appears in a finished film."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, DateTime, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, json_dict, ms, pid, slug, timestamp

if TYPE_CHECKING:
    from .transcripts import Transcript

MEDIA_KINDS = ("interview", "archival", "film")

film_media = Table(
    "film_media",
    Base.metadata,
    Column("film_id", ForeignKey("films.id", ondelete="CASCADE"), primary_key=True),
    Column("media_item_id", ForeignKey("media_items.id", ondelete="CASCADE"), primary_key=True),
)


class Film(Base):
    __tablename__ = "films"

    id: Mapped[intpk]
    slug: Mapped[slug]
    title: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None]
    director: Mapped[str | None] = mapped_column(String(300))
    synopsis: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    running_time_ms: Mapped[int | None]
    pid: Mapped[pid]
    # Rights (rights.py): a RightsStatements.org or Creative Commons URI from licences.py,
    # who holds them, the credit line a reuse must carry, and the terms for reuse.
    rights_uri: Mapped[str | None] = mapped_column(String(200))
    rights_holder: Mapped[str | None] = mapped_column(String(500))
    credit_line: Mapped[str | None] = mapped_column(String(1000))
    reuse_terms: Mapped[str | None] = mapped_column(Text)

    media_items: Mapped[list[MediaItem]] = relationship(
        secondary=film_media, back_populates="films", order_by="MediaItem.title"
    )


class MediaItem(Base):
    __tablename__ = "media_items"

    id: Mapped[intpk]
    slug: Mapped[slug]
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    # Recorded or footage date as written ("circa 1975") and its sortable inclusive range.
    date_text: Mapped[str | None] = mapped_column(String(100))
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    place: Mapped[str | None] = mapped_column(String(300))
    interviewee: Mapped[str | None] = mapped_column(String(300))
    interviewer: Mapped[str | None] = mapped_column(String(300))
    source_archive: Mapped[str | None] = mapped_column(String(500))
    source_collection: Mapped[str | None] = mapped_column(String(500))
    source_credit: Mapped[str | None] = mapped_column(String(500))
    identifier: Mapped[str | None] = mapped_column(String(300))
    rights: Mapped[str | None] = mapped_column(Text)  # a free-text note on the rights
    # Rights (rights.py): a RightsStatements.org or Creative Commons URI from licences.py,
    # who holds them, the credit line a reuse must carry, and the terms for reuse.
    rights_uri: Mapped[str | None] = mapped_column(String(200))
    rights_holder: Mapped[str | None] = mapped_column(String(500))
    credit_line: Mapped[str | None] = mapped_column(String(1000))
    reuse_terms: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[pid]
    restricted: Mapped[bool] = mapped_column(default=False, index=True)
    restriction_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # editors' optimistic lock
    # Indexing workflow (workflow.py): not_started | in_progress | ready_for_review | complete
    indexing_status: Mapped[str] = mapped_column(
        String(20), default="not_started", server_default="not_started", index=True
    )
    status_by: Mapped[str | None] = mapped_column(String(320))
    status_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Media files, relative to MEDIA_ROOT; derived files live under MEDIA_ROOT/derived/<slug>/.
    media_path: Mapped[str | None] = mapped_column(String(1000))
    proxy_path: Mapped[str | None] = mapped_column(String(1000))
    poster_path: Mapped[str | None] = mapped_column(String(1000))
    thumbnails_path: Mapped[str | None] = mapped_column(String(1000))
    thumbnail_count: Mapped[int] = mapped_column(default=0)
    # "ok", or why the media cannot be shown: "missing", "no-ffmpeg", "corrupt", "none".
    media_status: Mapped[str] = mapped_column(String(20), default="none")
    media_status_reason: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[ms | None]
    frame_rate: Mapped[float | None]
    start_timecode: Mapped[str | None] = mapped_column(String(20))
    technical: Mapped[json_dict]
    checksum: Mapped[str | None] = mapped_column(String(64))
    sidecar_path: Mapped[str | None] = mapped_column(String(1000))

    films: Mapped[list[Film]] = relationship(secondary=film_media, back_populates="media_items")
    transcripts: Mapped[list[Transcript]] = relationship(
        back_populates="media_item", cascade="all, delete-orphan", order_by="Transcript.id"
    )


class SlugHistory(Base):
    """A slug a film, media item or entity had before an editor changed it: its old URLs
    answer 301 to the current page, and no other record may take it (slugs.py)."""

    __tablename__ = "slug_history"
    __table_args__ = (UniqueConstraint("object_type", "slug"),)

    id: Mapped[intpk]
    object_type: Mapped[str] = mapped_column(String(20))  # film | media_item | entity
    slug: Mapped[str] = mapped_column(String(200))
    target_pid: Mapped[str] = mapped_column(String(16), index=True)
    changed_by: Mapped[str] = mapped_column(String(320))
    changed_at: Mapped[timestamp]


class FilmUse(Base):
    """A stretch of a source (source_in..source_out) seen in a film from film_in_ms on."""

    __tablename__ = "film_uses"

    id: Mapped[intpk]
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    source_in_ms: Mapped[ms]
    source_out_ms: Mapped[ms]
    film_in_ms: Mapped[ms]
    note: Mapped[str | None] = mapped_column(Text)
