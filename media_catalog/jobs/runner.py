"""Running one job in a worker: mark it running, keep its heartbeat while it works, hand the
feature's handler a context (progress, log, cancel checks, settings), record how it ended.
A job cancelled before it starts never runs; one cancelled while running stops at its next
progress step. Every write is its own short transaction, so the pages see progress at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import CatalogError
from ..models import Job
from . import HANDLERS, JobCancelled, append_log


@dataclass
class JobContext:
    """What a handler gets: the job's parameters, the settings, a session factory, and ways to
    report progress and log lines (each also checks whether the job was cancelled)."""

    job_id: int
    token: str
    params: dict[str, Any]
    settings: dict[str, Any]
    sessions: sessionmaker[Session]

    def _update(self, change: Callable[[Job], None]) -> None:
        with self.sessions() as session, session.begin():
            job = session.get(Job, self.job_id)
            if job is None or job.state == "cancelled":
                raise JobCancelled(self.token)
            change(job)
            job.heartbeat_at = datetime.now(UTC)

    def progress(self, done: int, total: int) -> None:
        def change(job: Job) -> None:
            job.done, job.total = done, total

        self._update(change)

    def log(self, line: str) -> None:
        self._update(lambda job: append_log(job, line))


def run_job(sessions: sessionmaker[Session], settings: dict[str, Any], job_id: int) -> None:
    """The one Huey task's body: run job `job_id` unless it is gone, finished or cancelled."""
    context = _start(sessions, settings, job_id)
    if context is None:
        return
    beat = _Heartbeat(sessions, job_id, float(settings["JOBS_HEARTBEAT_SECONDS"]))
    beat.start()
    try:
        with sessions() as session:
            kind = session.get(Job, job_id).kind  # type: ignore[union-attr]
        result = HANDLERS[kind].run(context)
        _finish(sessions, job_id, "done", None, result)
    except JobCancelled:
        pass  # the cancel already wrote the state and who asked
    except CatalogError as exc:
        _finish(sessions, job_id, "failed", str(exc), None)
    except Exception as exc:  # a worker has no error page: record what went wrong, keep serving
        _finish(sessions, job_id, "failed", f"unexpected error: {exc.__class__.__name__}", None)
    finally:
        beat.stop()


def _start(
    sessions: sessionmaker[Session], settings: dict[str, Any], job_id: int
) -> JobContext | None:
    with sessions() as session, session.begin():
        job = session.get(Job, job_id, with_for_update=True)  # two messages, one run
        if job is None or job.state != "queued" or job.kind not in HANDLERS:
            return None
        now = datetime.now(UTC)
        job.state, job.started_at, job.heartbeat_at = "running", now, now
        job.attempts += 1
        append_log(job, f"started (attempt {job.attempts})")
        return JobContext(job.id, job.token, dict(job.params), settings, sessions)


def _finish(
    sessions: sessionmaker[Session], job_id: int, state: str, error: str | None, result: str | None
) -> None:
    with sessions() as session, session.begin():
        job = session.get(Job, job_id)
        if job is None or job.state == "cancelled":
            return
        job.state, job.error, job.finished_at = state, error, datetime.now(UTC)
        job.result_path = result
        job.result_bytes = Path(result).stat().st_size if result else None
        append_log(job, "done" if state == "done" else f"failed: {error}")


class _Heartbeat:
    """A thread that stamps the job every few seconds while a long step (one ffmpeg cut) runs,
    so a job is taken for lost only when its worker really stopped."""

    def __init__(self, sessions: sessionmaker[Session], job_id: int, every: float) -> None:
        self._sessions, self._job_id, self._every = sessions, job_id, every
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stopped.wait(self._every):
            try:
                with self._sessions() as session, session.begin():
                    job = session.get(Job, self._job_id)
                    if job is None or job.state != "running":
                        return
                    job.heartbeat_at = datetime.now(UTC)
            except OperationalError:  # the database busy (a job's long write): beat next time
                continue
