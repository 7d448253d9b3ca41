"""The events of a film's own cut (an imported EDL or OTIO timeline), each matched to the media
item on screen, or left for an editor to resolve. A matched event is recorded as a FilmUse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, ms, timestamp

if TYPE_CHECKING:
    from .catalog import FilmUse, MediaItem

CUT_EVENT_STATUSES = ("matched", "unmatched", "resolved")


class FilmCutEvent(Base):
    __tablename__ = "film_cut_events"
    __table_args__ = (Index("ix_film_cut_events_film_position", "film_id", "position"),)

    id: Mapped[intpk]
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    position: Mapped[int]  # order in the timeline
    event: Mapped[str] = mapped_column(String(20))  # the EDL's event number, or the clip's index
    reel: Mapped[str | None] = mapped_column(String(300))
    clip_name: Mapped[str | None] = mapped_column(String(500))
    # Source timecode as the timeline gives it, in the timeline's rate.
    source_in: Mapped[str] = mapped_column(String(20))
    source_out: Mapped[str] = mapped_column(String(20))
    rate: Mapped[float]
    film_in_ms: Mapped[ms]
    film_out_ms: Mapped[ms]
    status: Mapped[str] = mapped_column(String(20), default="unmatched")
    reason: Mapped[str | None] = mapped_column(Text)  # why no source was found
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="SET NULL"), index=True
    )
    film_use_id: Mapped[int | None] = mapped_column(ForeignKey("film_uses.id", ondelete="SET NULL"))
    source_path: Mapped[str] = mapped_column(String(1000))
    resolved_by: Mapped[str | None] = mapped_column(String(320))
    imported_at: Mapped[timestamp]

    media_item: Mapped[MediaItem | None] = relationship()
    film_use: Mapped[FilmUse | None] = relationship()
