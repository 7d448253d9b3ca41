"""Linking after an import, as a job of its own: each import transaction that brings new text
records a pending link job in the same commit, so an import that crashes before linking leaves
the job queued, not lost; the next import (even of unchanged files) or a worker's start links
what is stale and marks it done, in the linking's own transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import jobs
from ..jobs.runner import JobContext
from ..models import Job
from .relink import LinkReport, link

LINK_JOB = "link"


def note_pending_link(session: Session) -> None:
    """In the import's transaction: one queued link job stands for every import before it."""
    if session.scalar(select(Job.id).where(Job.kind == LINK_JOB, Job.state == "queued")) is None:
        job = jobs.new_job(session, None, LINK_JOB, subject="catalog")
        jobs.append_log(job, "queued by an import: new or changed text to link")


def has_pending_link(session: Session) -> bool:
    return (
        session.scalar(select(Job.id).where(Job.kind == LINK_JOB, Job.state == "queued").limit(1))
        is not None
    )


def complete_pending_links(session: Session, report: LinkReport) -> None:
    """In the linking's transaction: the queued link jobs are done by it (they commit together)."""
    for job in session.scalars(select(Job).where(Job.kind == LINK_JOB, Job.state == "queued")):
        job.state, job.finished_at, job.attempts = "done", datetime.now(UTC), job.attempts + 1
        job.done = job.total = report.tracks
        jobs.append_log(job, _summary(report))


def _summary(report: LinkReport) -> str:
    return (
        f"linked {report.tracks} track(s): {report.added} mention(s) added, "
        f"{report.removed} removed, {report.kept} kept"
    )


@jobs.handler(LINK_JOB, "Linking names in transcripts")
def run_link(context: JobContext) -> None:
    """A worker's run of a pending link job: link what is stale, in one transaction (which holds
    SQLite's write lock: the job's own log is written once it has committed)."""
    with context.sessions() as session, session.begin():
        report = link(session)
        complete_pending_links(session, report)
    context.progress(report.tracks, report.tracks)
    context.log(_summary(report))
