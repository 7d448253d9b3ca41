"""Discussion guides for screening hosts: a guide of a film with ordered sections (text,
questions, the featured people or events it names, a scene's film time) and the moments a host
picked from the catalog. What a visitor may see of them is decided at render time (guides.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, ms, timestamp, utcnow
from .catalog import Film, MediaItem

GUIDE_VISIBILITIES = ("private", "link", "published")
SECTION_KINDS = (
    "summary",
    "using",
    "people",
    "background",
    "scene",
    "action",
    "resources",
    "activity",
    "text",
)


class Guide(Base):
    __tablename__ = "guides"

    id: Mapped[intpk]
    # The guide's address and its share link: random, so a private or link-only guide cannot
    # be found by counting.
    token: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    visibility: Mapped[str] = mapped_column(String(20), default="private")
    # The language the guide is written in (BCP 47): its excerpts are quoted in it through an
    # aligned translation where the catalog has one. A new guide takes its film's first.
    language: Mapped[str] = mapped_column(String(35), default="en", server_default="en")
    # Screening mode: the position of the scene section the host is discussing now.
    current_stop: Mapped[int | None]
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # optimistic lock

    film: Mapped[Film] = relationship()
    sections: Mapped[list[GuideSection]] = relationship(
        back_populates="guide",
        cascade="all, delete-orphan",
        order_by="GuideSection.position",
    )


class GuideSection(Base):
    __tablename__ = "guide_sections"

    id: Mapped[intpk]
    guide_id: Mapped[int] = mapped_column(ForeignKey("guides.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Slugs of the people (or events) the section features, read from the catalog when shown.
    entity_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    # A scene: where it starts and ends in the film's running time.
    start_ms: Mapped[ms | None]
    end_ms: Mapped[ms | None]

    guide: Mapped[Guide] = relationship(back_populates="sections")
    moments: Mapped[list[GuideMoment]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="GuideMoment.position"
    )


class GuideMoment(Base):
    """A stretch of a media item chosen for a section; its excerpt is read from the transcript
    the visitor may see, when shown, so a guide never carries restricted words."""

    __tablename__ = "guide_moments"

    id: Mapped[intpk]
    section_id: Mapped[int] = mapped_column(
        ForeignKey("guide_sections.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    start_ms: Mapped[ms]
    end_ms: Mapped[ms]
    note: Mapped[str] = mapped_column(Text, default="")

    section: Mapped[GuideSection] = relationship(back_populates="moments")
    media_item: Mapped[MediaItem] = relationship()
