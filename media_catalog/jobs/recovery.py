"""Jobs whose worker died (kill -9, a lost machine): a running job whose heartbeat went silent is
queued again while it has attempts left, else marked failed with the reason. Run when a worker
starts and periodically by the queue, so a job is never left "running" forever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Job
from . import append_log


def recover_stale(session: Session, *, stale_seconds: float, max_attempts: int) -> list[Job]:
    """Jobs to queue again (the caller commits, then enqueues them); the hopeless ones fail."""
    limit = datetime.now(UTC) - timedelta(seconds=stale_seconds)
    stale = session.scalars(
        select(Job).where(
            Job.state == "running",
            or_(Job.heartbeat_at < limit, Job.heartbeat_at.is_(None)),
        )
    ).all()
    again = []
    for job in stale:
        seen = _as_utc(job.heartbeat_at or job.started_at)
        reason = f"its worker stopped (no heartbeat since {seen:%Y-%m-%d %H:%M:%S} UTC)"
        if job.attempts < max_attempts:
            job.state, job.heartbeat_at = "queued", None
            append_log(job, f"{reason}: queued again (attempt {job.attempts + 1})")
            again.append(job)
        else:
            job.state, job.finished_at = "failed", datetime.now(UTC)
            job.error = f"{reason} after {job.attempts} attempts"
            append_log(job, f"failed: {job.error}")
    return again


def _as_utc(moment: datetime | None) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    moment = moment or datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
