"""Storage that cleans up: finished jobs' result files past their age or the quota (oldest
first), results of jobs whose subject is gone (a deleted reel), result files no job names, and
temporary files no live job can own (*.part, part-*, /tmp/subclips-* and the media rebuild's
folders left by a killed worker, uploads no import job waits for).
Reports what it removed and the bytes freed; a dry run only reports."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Job, Reel
from . import append_log

TEMP_PATTERNS = ("*.part", "part-*")
TEMP_FOLDERS = "subclips-*"
REBUILD_FOLDERS = ".rebuild-*"  # ingest/rebuild.py's, beside the derived files it remakes


@dataclass
class Removal:
    path: Path
    size: int
    reason: str


@dataclass
class Report:
    removed: list[Removal] = field(default_factory=list)

    @property
    def bytes_freed(self) -> int:
        return sum(r.size for r in self.removed)


def collect(
    session: Session,
    settings: dict[str, Any],
    *,
    dry_run: bool = False,
    now: datetime | None = None,
) -> Report:
    """Remove what has expired; the caller commits (the jobs whose results went say so)."""
    now = now or datetime.now(UTC)
    report = Report()
    exports = Path(settings["EXPORTS_DIR"])
    temp_age = timedelta(hours=float(settings["TEMP_MAX_AGE_HOURS"]))
    for job, reason in _expired_results(session, settings, now):
        _remove(report, Path(job.result_path), reason, dry_run)  # type: ignore[arg-type]
        if not dry_run:
            job.result_path, job.result_bytes = None, None
            append_log(job, f"result removed: {reason}")
    named = set(session.scalars(select(Job.result_path).where(Job.result_path.is_not(None))))
    for path in sorted(exports.glob("*.zip")) if exports.is_dir() else []:
        if str(path) not in named and _older_than(path, temp_age, now):
            _remove(report, path, "no job names this result", dry_run)
    for folder in (exports, Path(settings["CACHE_DIR"])):
        for pattern in TEMP_PATTERNS:
            for path in sorted(folder.rglob(pattern)) if folder.is_dir() else []:
                if _older_than(path, temp_age, now):
                    _remove(report, path, "temporary file left by a stopped job", dry_run)
    waiting = {
        str((job.params or {}).get("folder"))
        for job in session.scalars(select(Job).where(Job.state.in_(("queued", "running"))))
    }
    uploads = [p for p in Path(settings["UPLOADS_DIR"]).glob("*") if str(p) not in waiting]
    folders = [
        *Path(settings["TEMP_DIR"]).glob(TEMP_FOLDERS),
        *(Path(settings["MEDIA_ROOT"]) / "derived").glob(REBUILD_FOLDERS),
        *uploads,  # an upload whose import job is gone or ended
    ]
    for path in sorted(folders):
        if path.is_dir() and _older_than(path, temp_age, now):
            _remove(report, path, "temporary folder left by a stopped job", dry_run)
    return report


def _expired_results(
    session: Session, settings: dict[str, Any], now: datetime
) -> list[tuple[Job, str]]:
    """Finished jobs whose result goes: their subject deleted, too old, or past the quota."""
    max_age = timedelta(hours=float(settings["EXPORT_MAX_AGE_HOURS"]))
    quota = float(settings["EXPORT_QUOTA_MB"]) * 1024 * 1024
    results = session.scalars(
        select(Job)
        .where(Job.result_path.is_not(None))
        .order_by(Job.finished_at.desc(), Job.id.desc())
    ).all()
    reels = set(session.scalars(select(Reel.id)))
    expired, kept_bytes = [], 0
    for job in results:
        finished = job.finished_at or job.created_at
        finished = finished if finished.tzinfo else finished.replace(tzinfo=UTC)
        size = job.result_bytes or _size(Path(job.result_path))  # type: ignore[arg-type]
        if _subject_gone(job, reels):
            expired.append((job, "its reel was deleted"))
        elif now - finished > max_age:
            expired.append((job, f"older than {settings['EXPORT_MAX_AGE_HOURS']} hours"))
        elif kept_bytes + size > quota:
            expired.append((job, f"past the {settings['EXPORT_QUOTA_MB']} MB quota"))
        else:
            kept_bytes += size
    return expired


def _subject_gone(job: Job, reels: set[int]) -> bool:
    kind, _, ref = (job.subject or "").partition(":")
    return kind == "reel" and ref.isdecimal() and int(ref) not in reels


def _older_than(path: Path, age: timedelta, now: datetime) -> bool:
    try:
        modified = path.stat().st_mtime
    except FileNotFoundError:
        return False
    return now.timestamp() - modified > age.total_seconds()


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _remove(report: Report, path: Path, reason: str, dry_run: bool) -> None:
    size = _size(path)
    if not dry_run:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    report.removed.append(Removal(path, size, reason))
