"""The queue: Huey, with its SQLite storage beside the catalog by default (no server) or Redis
when JOBS_URL (or REDIS_URL) says redis://. Huey carries only a job's id; the jobs table is the
truth about it. One task runs any job; periodic tasks recover jobs whose worker died and
collect expired files."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..errors import ConfigError
from ..models import Job, User
from . import prepare_retry, runner
from .recovery import recover_stale

log = logging.getLogger(__name__)


class JobQueue:
    """The app's queue: `submit` a committed job row, `ready` for /readyz, `consumer` for the
    worker. The web and the worker build one each from the same settings."""

    def __init__(self, settings: dict[str, Any], sessions: sessionmaker[Session]) -> None:
        self.settings, self.sessions = settings, sessions
        self.huey = make_huey(settings)
        self._run = self.huey.task(name="media_catalog.run_job")(self._run_job)
        self.huey.periodic_task(crontab(minute="*"), name="media_catalog.recover_jobs")(
            self.recover
        )
        self.huey.periodic_task(crontab(minute="17"), name="media_catalog.collect_files")(
            self._collect
        )

    def _run_job(self, job_id: int) -> None:
        runner.run_job(self.sessions, self.settings, job_id)

    def submit(self, job: Job) -> None:
        """Hand a job whose row is committed to the workers (or run it now in immediate mode)."""
        self._run(job.id)

    def retry(self, session: Session, job: Job, user: User) -> Job:
        """Queue a failed or cancelled job again (committed first: a worker reads it)."""
        prepare_retry(job, user)
        session.commit()
        self.submit(job)
        return job

    def recover(self) -> int:
        """Queue again, or fail, the jobs whose worker stopped; how many were queued again."""
        with self.sessions() as session, session.begin():
            again = recover_stale(
                session,
                stale_seconds=float(self.settings["JOBS_STALE_SECONDS"]),
                max_attempts=int(self.settings["JOBS_MAX_ATTEMPTS"]),
            )
            ids = [job.id for job in again]
        for job_id in ids:
            self._run(job_id)
        return len(ids)

    def resubmit_queued(self) -> int:
        """At a worker's start: hand the queue every job still queued in the table, such as the
        link job of an import that crashed before linking, or any whose message was lost. A job
        that also has a message in the queue runs once: the runner starts only a queued one."""
        with self.sessions() as session:
            ids = list(
                session.scalars(select(Job.id).where(Job.state == "queued").order_by(Job.id))
            )
        for job_id in ids:
            self._run(job_id)
        return len(ids)

    def _collect(self) -> None:
        from .collector import collect

        with self.sessions() as session, session.begin():
            report = collect(session, self.settings)
        log.info("collected %d files, %d bytes freed", len(report.removed), report.bytes_freed)

    def ready(self) -> tuple[bool, str]:
        """(reachable, why not) for the queue's storage: /readyz asks this."""
        try:
            self.huey.pending_count()
        except Exception as exc:  # any storage failure means not ready; say which
            return False, f"job queue storage unreachable: {exc.__class__.__name__}: {exc}"
        return True, ""

    def consumer(self, workers: int) -> Any:
        return self.huey.create_consumer(workers=workers, worker_type="thread", periodic=True)


def make_huey(settings: dict[str, Any]) -> Huey:
    url = str(settings["JOBS_URL"])
    scheme = urlparse(url).scheme
    immediate = bool(settings.get("JOBS_IMMEDIATE"))
    if scheme in ("redis", "rediss", "unix"):
        return RedisHuey("media-catalog", url=url, immediate=immediate)
    if scheme == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        if not immediate:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(
                    f"JOBS_URL: the folder for {path} cannot be made ({exc})"
                ) from None
        return SqliteHuey("media-catalog", filename=str(path), immediate=immediate)
    raise ConfigError(
        f"JOBS_URL {url!r}: give sqlite:///path/to/jobs.sqlite3 or redis://host:6379/0"
    )


def queue_ready(queue: JobQueue) -> tuple[bool, str]:
    """For /readyz: whether the queue's storage answers."""
    return queue.ready()
