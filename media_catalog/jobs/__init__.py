"""Jobs as people see them: queue one, follow its progress and log, cancel or retry it, and who
may see which. The queue itself is Huey (`jobs/queue.py`), running a job is `jobs/runner.py`;
features register what a kind of job does with `handler`."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import has_role
from ..errors import CatalogError, NotFound
from ..models import Job, User
from ..wording import N_

LOG_LIMIT = 200  # lines kept per job: the newest; a job's log is a trail, not an archive


class JobError(CatalogError):
    """A job that cannot be queued, cancelled or retried: says which and why."""


class JobCancelled(Exception):
    """Raised inside a running job when someone cancelled it: the runner stops it cleanly."""


@dataclass
class Handler:
    """What a kind of job does: `run(context)` returns the result file's path (or None)."""

    kind: str
    title: str
    run: Callable[[Any], str | None]


HANDLERS: dict[str, Handler] = {}


def handler(kind: str, title: str) -> Callable[[Callable[[Any], str | None]], Callable]:
    """Register the function that runs jobs of `kind` (a feature module does it on import)."""

    def register(run: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
        HANDLERS[kind] = Handler(kind, title, run)
        return run

    return register


def title_of(job: Job) -> str:
    known = HANDLERS.get(job.kind)
    return known.title if known else job.kind


def new_job(
    session: Session,
    user: User | None,
    kind: str,
    *,
    subject: str | None = None,
    params: dict[str, Any] | None = None,
    total: int = 0,
) -> Job:
    """A queued job's row (the caller commits, then hands it to the queue)."""
    if kind not in HANDLERS:
        raise JobError(N_("kind: no job runs '%(kind)s'"), kind=kind)
    job = Job(
        token=secrets.token_urlsafe(16),
        kind=kind,
        subject=subject,
        params=params or {},
        state="queued",
        total=total,
        log="",
        user_id=user.id if user else None,
        attempts=0,
    )
    session.add(job)
    session.flush()
    return job


def append_log(job: Job, line: str) -> None:
    stamp = datetime.now(UTC).strftime("%H:%M:%S")
    lines = [*job.log.splitlines(), f"{stamp} {line}"][-LOG_LIMIT:]
    job.log = "\n".join(lines)


def may_see(user: User | None, job: Job) -> bool:
    """Who started a job sees it, and admins see every job; nobody else learns it exists."""
    return user is not None and (job.user_id == user.id or has_role(user, "admin"))


def job_of(session: Session, user: User | None, token: str) -> Job:
    job = session.scalar(select(Job).where(Job.token == token))
    if job is None or not may_see(user, job):
        raise NotFound(token)
    return job


def job_by_token(session: Session, token: str) -> Job:
    """A job by its token, for code acting for the system (a waiting request, the worker)."""
    job = session.scalar(select(Job).where(Job.token == token))
    if job is None:
        raise NotFound(token)
    return job


def jobs_of(session: Session, user: User, *, limit: int = 200) -> list[Job]:
    """The user's jobs, newest first; an admin's list holds everyone's."""
    query = select(Job).order_by(Job.id.desc()).limit(limit)
    if not has_role(user, "admin"):
        query = query.where(Job.user_id == user.id)
    return list(session.scalars(query))


def latest_for(session: Session, kind: str, subject: str) -> Job | None:
    return session.scalar(
        select(Job).where(Job.kind == kind, Job.subject == subject).order_by(Job.id.desc())
    )


def active_job(session: Session, kind: str, subject: str) -> Job | None:
    """The queued or running job of `kind` for `subject`: a second click gets it, not a twin."""
    return session.scalar(
        select(Job)
        .where(Job.kind == kind, Job.subject == subject, Job.state.in_(("queued", "running")))
        .order_by(Job.id.desc())
    )


# One sentence per finished state, so that each reads whole in every language.
NOTHING_TO_CANCEL = {
    "done": N_("job %(token)s: already done, nothing to cancel"),
    "failed": N_("job %(token)s: already failed, nothing to cancel"),
    "cancelled": N_("job %(token)s: already cancelled, nothing to cancel"),
}


def cancel(job: Job, user: User) -> None:
    """A queued job will not start; a running one stops at its next step."""
    if job.is_finished:
        raise JobError(NOTHING_TO_CANCEL[job.state], token=job.token)
    job.state = "cancelled"
    job.finished_at = datetime.now(UTC)
    append_log(job, f"cancelled by {user.email}")


def prepare_retry(job: Job, user: User) -> None:
    """A failed or cancelled job queued again as it was; the caller commits and enqueues."""
    if job.state not in ("failed", "cancelled"):
        raise JobError(
            N_("job %(token)s: only a failed or cancelled job can be retried"), token=job.token
        )
    job.state, job.error, job.done = "queued", None, 0
    job.started_at = job.finished_at = job.heartbeat_at = None
    append_log(job, f"retried by {user.email}")
