"""Jobs: every long task the queue runs (Huey carries only the id), with its state, progress,
log and result, so any web worker or machine can show it and a restarted worker can recover it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .accounts import User
from .base import Base, intpk, timestamp

JOB_STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED_STATES = ("done", "failed", "cancelled")


class Job(Base):
    """One run of a long task. `subject` names what it works on ("reel:12", "guide:3@7") so a
    page finds its latest job and the collector finds results whose subject is gone."""

    __tablename__ = "jobs"

    id: Mapped[intpk]
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str | None] = mapped_column(String(200), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    log: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp]
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    result_path: Mapped[str | None] = mapped_column(String(1000))
    result_bytes: Mapped[int | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)

    user: Mapped[User | None] = relationship()

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES
