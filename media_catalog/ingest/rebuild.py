"""Rebuilding an item's derived media (poster, thumbnail strip, waveform, proxy) as a job, after
a media file was replaced or when a proxy went missing: editors start it from the item's page,
`media-catalog rebuild-media` from the shell. The files are made in a folder of their own beside
the item's and moved in place only once all are made, so a cancelled or killed job never leaves
a half-written proxy to be served (`gc` removes the folder such a job leaves)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import jobs
from ..errors import CatalogError
from ..jobs.runner import JobContext
from ..models import Job, MediaItem, User
from ..wording import N_
from .media_files import DERIVED_DIR, MEDIA_FIELDS, attach_media, media_path_inside

REBUILD_JOB = "media-rebuild"
EVERY_ITEM = "catalog"


class RebuildError(CatalogError):
    """An item whose media cannot be rebuilt: says which and why."""


def queue_rebuild(session: Session, user: User | None, slug: str | None) -> tuple[Job, bool]:
    """A queued rebuild of one item (or of every item with media, `slug` None), and whether it is
    new; the caller commits and submits a new one."""
    if slug is not None:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        if item is None:
            raise RebuildError(f"item {slug!r}: no such media item")
        if not item.media_path:
            raise RebuildError(f"item {slug!r}: it has no media file to rebuild from")
    subject = f"item:{slug}" if slug else EVERY_ITEM
    existing = jobs.active_job(session, REBUILD_JOB, subject)
    if existing is not None:
        return existing, False
    job = jobs.new_job(session, user, REBUILD_JOB, subject=subject, params={"slug": slug})
    return job, True


@jobs.handler(REBUILD_JOB, N_("Proxy, poster and thumbnails"))
def run_rebuild(context: JobContext) -> None:
    slug = context.params.get("slug")
    with context.sessions() as session:
        query = select(MediaItem.slug).where(MediaItem.media_path.is_not(None))
        slugs = [slug] if slug else list(session.scalars(query.order_by(MediaItem.slug)))
    media_root = Path(context.settings["MEDIA_ROOT"])
    problems = 0
    for done, each in enumerate(slugs):
        context.progress(done, len(slugs))  # stops here when someone cancelled the job
        warnings = rebuild_item(context, media_root, each)
        problems += bool(warnings)
        context.log(f"{each}: " + ("; ".join(warnings) if warnings else "rebuilt"))
    context.progress(len(slugs), len(slugs))
    if slug and problems:
        raise RebuildError(f"item {slug!r}: its media could not be rebuilt (see the log)")


def rebuild_item(context: JobContext, media_root: Path, slug: str) -> list[str]:
    """Probe the item's file and remake its derived files; the item's media fields and the
    files change together, and only when every file was made."""
    with context.sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        if item is None or not item.media_path:
            return ["no media file any more"]
        scratch = MediaItem(**{name: getattr(item, name) for name in ("slug", *MEDIA_FIELDS)})
    # Beside the final folder (one file system, so each file moves in one rename); gc removes
    # one a killed worker left (collector.REBUILD_FOLDERS).
    build = media_root / DERIVED_DIR / f".rebuild-{slug}-{context.token}"
    try:
        path = media_path_inside(media_root, scratch.media_path)
        warnings = attach_media(scratch, media_root, scratch.media_path, path, made_in=build)
        context.log(f"{slug}: made {len(_files(build))} file(s)")  # a cancel stops here
        with context.sessions() as session, session.begin():
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            if item is None or item.media_path != scratch.media_path:
                return ["its media file changed while it was rebuilt: start again"]
            for name in MEDIA_FIELDS:
                setattr(item, name, getattr(scratch, name))
            _move_in_place(build, media_root / DERIVED_DIR / slug)
        return warnings
    finally:
        shutil.rmtree(build, ignore_errors=True)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _move_in_place(build: Path, target: Path) -> None:
    """Each file replaces its old self in one rename (same file system): a request sees the
    old file or the new, never part of one."""
    target.mkdir(parents=True, exist_ok=True)
    for made in _files(build):
        os.replace(made, target / made.name)
