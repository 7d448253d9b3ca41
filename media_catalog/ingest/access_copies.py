"""Access copies of redacted media items (redactions.py): made by a job on the queue whenever a
redaction changes or lapses, kept under CACHE_DIR/access, one per set of ranges in force. Until
the copy for the ranges in force exists, the item's media is withheld from everyone who may not
have the original: nothing unredacted is ever served in its place."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from huey import crontab
from sqlalchemy.orm import Session

from .. import jobs, redactions
from ..errors import CatalogError
from ..formats import media
from ..jobs.runner import JobContext
from ..models import Job, MediaItem, User
from ..wording import N_

JOB = "access_copy"


class AccessCopyError(CatalogError):
    """An access copy that cannot be made: names the media item and the reason."""


def subject_of(item: MediaItem) -> str:
    return f"media:{item.id}"


def source_of(media_root: Path, item: MediaItem) -> Path:
    """The file the copy is made from: the browser-playable proxy when there is one."""
    root = media_root.resolve()
    for relative in (item.proxy_path, item.media_path):
        if relative and (root / relative).resolve().is_relative_to(root):
            path = (root / relative).resolve()
            if path.is_file():
                return path
    raise AccessCopyError(f"{item.slug}: no media file to make an access copy from")


def drop_stale(cache_dir: Path, item: MediaItem, keep: Path | None) -> None:
    """Remove the item's copies made for ranges no longer in force."""
    for old in redactions.copies_of(cache_dir, item):
        if old != keep:
            old.unlink(missing_ok=True)


def rebuild(
    session: Session, queue: Any, user: User | None, item: MediaItem, cache_dir: Path
) -> Job | None:
    """After a redaction changed (committed): drop copies made for other ranges and queue the
    copy for the ranges in force, unless it exists or none are in force."""
    ranges = redactions.ranges_in_force(session, item)
    target = redactions.copy_path(cache_dir, item, ranges) if ranges else None
    drop_stale(cache_dir, item, target)
    if target is None or target.is_file():
        return None
    job = jobs.new_job(
        session, user, JOB, subject=subject_of(item), params={"media_item_id": item.id}
    )
    session.commit()  # the worker reads the job's row
    queue.submit(job)
    return job


def lapse_and_rebuild(session: Session, queue: Any, cache_dir: Path) -> list[str]:
    """The periodic sweep: audit the embargoes that ended and remake or drop their copies;
    the slugs of the items touched."""
    items = redactions.lapse_due(session)
    session.commit()
    for item in items:
        rebuild(session, queue, None, item, cache_dir)
    return [item.slug for item in items]


@jobs.handler(JOB, N_("Access copy"))
def run_copy(context: JobContext) -> str | None:
    """Make the copy for the ranges in force when the job runs (a later change queues another
    job; a copy for ranges no longer in force is never served, its name says which ranges)."""
    cache_dir = Path(context.settings["CACHE_DIR"])
    with context.sessions() as session:
        item = session.get(MediaItem, context.params["media_item_id"])
        if item is None:
            raise AccessCopyError(f"media item {context.params['media_item_id']} was deleted")
        ranges = redactions.ranges_in_force(session, item)
        if not ranges:
            context.log(f"{item.slug}: no redaction in force, no copy needed")
            return None
        target = redactions.copy_path(cache_dir, item, ranges)
        if not target.is_file():
            source = source_of(Path(context.settings["MEDIA_ROOT"]), item)
            _make(source, target, ranges, item.slug)
        context.log(f"{item.slug}: {len(ranges)} range(s) silenced and blacked out")
    return None  # the copy is not the job's download: the collector must leave it alone


def _make(source: Path, target: Path, ranges: list[tuple[int, int]], slug: str) -> None:
    """Write into a part- file and rename it whole, so a half-made copy is never served."""
    partial = target.with_name(f"part-{secrets.token_hex(4)}-{target.name}")
    try:
        media.make_redacted_copy(source, partial, ranges, media.probe(source))
        partial.replace(target)
    except media.MediaError as exc:
        raise AccessCopyError(f"{slug}: ffmpeg could not make the access copy: {exc}") from None
    finally:
        partial.unlink(missing_ok=True)


def schedule_lapses(queue: Any) -> Any:
    """Every minute the worker audits the embargoes that ended and remakes their copies (access
    changes at the date itself whether or not this has run: redactions.is_in_force)."""

    def sweep() -> None:
        with queue.sessions() as session:
            lapse_and_rebuild(session, queue, Path(queue.settings["CACHE_DIR"]))

    task = crontab(minute="*")
    return queue.huey.periodic_task(task, name="media_catalog.lapse_redactions")(sweep)
