"""Editors' selects: a reel is a named, ordered list of moments (a media item between an in and
an out point, with handles and a note), private to its owner unless shared by a link; and the
sub-clip exports made from it, whose progress a page polls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import Base, intpk, ms, pid, timestamp
from .catalog import MediaItem


class Reel(Base):
    __tablename__ = "reels"
    __table_args__ = (UniqueConstraint("owner_id", "slug"),)

    id: Mapped[intpk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(200))  # unique per owner: URLs are /reels/<slug>
    name: Mapped[str] = mapped_column(String(200))
    pid: Mapped[pid]
    # A shared reel is reached by its token (no account needed) until it expires, if it does.
    share_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    share_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[timestamp]
    updated_at: Mapped[timestamp]

    owner: Mapped[User] = relationship()
    entries: Mapped[list[ReelEntry]] = relationship(
        back_populates="reel", cascade="all, delete-orphan", order_by="ReelEntry.position"
    )


class ReelEntry(Base):
    __tablename__ = "reel_entries"

    id: Mapped[intpk]
    reel_id: Mapped[int] = mapped_column(ForeignKey("reels.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    in_ms: Mapped[ms]
    out_ms: Mapped[ms]
    # Extra media kept before the in and after the out point, for the editor to trim into.
    handle_before_ms: Mapped[ms] = mapped_column(default=0)
    handle_after_ms: Mapped[ms] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    reel: Mapped[Reel] = relationship(back_populates="entries")
    media_item: Mapped[MediaItem] = relationship()

    @property
    def duration_ms(self) -> int:
        return self.out_ms - self.in_ms
