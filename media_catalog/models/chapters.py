"""Chapters: titled stretches of a film or of a media item (an interview's index points), shown
in the player, reused by discussion guides, and exchanged as WebVTT chapters, OHMS index points
and IIIF ranges."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, intpk, json_dict, ms, timestamp

CHAPTER_ORIGINS = ("editor", "webvtt", "ohms")


class Chapter(Base):
    __tablename__ = "chapters"
    # A chapter belongs to exactly one owner: a film (its running time) or a media item.
    __table_args__ = (
        CheckConstraint("(film_id IS NULL) <> (media_item_id IS NULL)", name="one_owner"),
        Index("ix_chapters_media_item_start", "media_item_id", "start_ms"),
        Index("ix_chapters_film_start", "film_id", "start_ms"),
    )

    id: Mapped[intpk]
    film_id: Mapped[int | None] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE")
    )
    start_ms: Mapped[ms]
    end_ms: Mapped[int | None]  # None: until the next chapter (or the end)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(35))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Format-specific extras kept for a faithful round trip (OHMS GPS, hyperlinks, _alt twins).
    details: Mapped[json_dict]
    origin: Mapped[str] = mapped_column(String(20), default="editor")
    author: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[timestamp]
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # editors' optimistic lock
