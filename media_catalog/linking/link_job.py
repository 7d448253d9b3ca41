"""Linking after an import, as a job of its own: each import transaction that brings new text
records a pending link job in the same commit, so an import that crashes before linking leaves
the job queued, not lost; the next import (even of unchanged files) or a worker's start links
what is stale and marks it done, in the linking's own transaction. Editors also queue a link
job themselves, to re-link one item or the whole catalog from scratch (after the authority
changed in ways its fingerprint does not see, or to check a doubt)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from .. import jobs
from ..jobs.runner import JobContext
from ..models import Job, MediaItem, User
from ..wording import N_
from .relink import LinkReport, link

LINK_JOB = "link"
PENDING = "catalog"  # the subject of the link job imports leave: whatever is stale


def note_pending_link(session: Session) -> None:
    """In the import's transaction: one queued link job stands for every import before it."""
    if not has_pending_link(session):
        job = jobs.new_job(session, None, LINK_JOB, subject=PENDING)
        jobs.append_log(job, "queued by an import: new or changed text to link")


def _pending() -> Select:
    return select(Job).where(Job.kind == LINK_JOB, Job.subject == PENDING, Job.state == "queued")


def has_pending_link(session: Session) -> bool:
    return session.scalar(_pending().limit(1)) is not None


def complete_pending_links(session: Session, report: LinkReport) -> None:
    """In the linking's transaction: the queued link jobs are done by it (they commit together)."""
    for job in session.scalars(_pending()):
        job.state, job.finished_at, job.attempts = "done", datetime.now(UTC), job.attempts + 1
        job.done = job.total = report.tracks
        jobs.append_log(job, _summary(report))


def _summary(report: LinkReport) -> str:
    return (
        f"linked {report.tracks} track(s): {report.added} mention(s) added, "
        f"{report.removed} removed, {report.kept} kept"
    )


def queue_relink(session: Session, user: User, slug: str | None) -> tuple[Job, bool]:
    """An editor's re-link of one item's tracks (or of every track, `slug` None), from scratch;
    a second click while it is queued or running gets that job. The caller commits and submits
    a new one."""
    _media_ids(session, slug)  # an item that does not exist is refused at once
    subject = f"item:{slug}" if slug else "catalog:all"
    existing = jobs.active_job(session, LINK_JOB, subject)
    if existing is not None:
        return existing, False
    return jobs.new_job(session, user, LINK_JOB, subject=subject, params={"slug": slug}), True


@jobs.handler(LINK_JOB, N_("Linking names in transcripts"))
def run_link(context: JobContext) -> None:
    """A worker's run of a link job: what is stale (an import's), or one item or everything
    from scratch (an editor's), in one transaction (which holds SQLite's write lock: the job's
    own log is written once it has committed)."""
    forced = "slug" in context.params  # an editor's job: from scratch, not only what is stale
    with context.sessions() as session, session.begin():
        media_ids = _media_ids(session, context.params.get("slug"))
        report = link(session, media_ids=media_ids, force=forced)
        if media_ids is None:
            complete_pending_links(session, report)  # stale tracks are linked by this run too
    context.progress(report.tracks, report.tracks)
    context.log(_summary(report))


def _media_ids(session: Session, slug: str | None) -> list[int] | None:
    if slug is None:
        return None
    found = session.scalar(select(MediaItem.id).where(MediaItem.slug == slug))
    if found is None:
        raise jobs.JobError(N_("item '%(item)s': no such media item"), item=slug)
    return [found]
