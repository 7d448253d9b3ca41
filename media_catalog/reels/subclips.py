"""A reel's moments as media files cut from their sources (ffmpeg through ingest/media.py): fast
by stream copy (cut at keyframes: a clip may start a little before its in point), frame-accurate
by re-encoding, or as review copies with the timecode and captions burned in. Packed as one zip
with an EDL, FCP 7 XML, FCPXML and .otio that point at the clips. Long exports run as jobs on
the queue (jobs/) and record their progress there, so any web worker can report it."""

from __future__ import annotations

import fcntl
import secrets
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import catalog, jobs, redactions, reels
from ..errors import CatalogError, NotFound
from ..formats import captions, media
from ..jobs.queue import JobQueue
from ..jobs.runner import JobContext
from ..models import Job, MediaItem, Reel, Segment, User
from ..timecode import source_timecode
from ..wording import N_
from . import timelines

MODES = {
    "copy": "fast: stream copy, cut at keyframes",
    "accurate": "frame-accurate: re-encoded",
    "review": "review copy: re-encoded with timecode and captions burned in",
}
TIMELINE_FILES = {
    "edl": "reel.edl",
    "fcp7": "reel.xml",
    "fcpxml": "reel.fcpxml",
    "otio": "reel.otio",
}


class SubclipError(CatalogError):
    """A sub-clip that cannot be cut: names the entry, the media item and the reason."""


@dataclass
class Cut:
    """One entry's clip: the source file and the stretch of it, handles included."""

    view: reels.EntryView
    source: Path
    start_ms: int
    end_ms: int
    filename: str

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


def source_file(media_root: Path, item: MediaItem) -> Path:
    """The item's original media file (never outside MEDIA_ROOT); SubclipError when missing."""
    if not item.media_path:
        raise SubclipError(N_("%(item)s: no media file is recorded for it"), item=item.slug)
    root = media_root.resolve()
    path = (root / item.media_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise SubclipError(
            N_("%(item)s: media file %(path)s is missing"), item=item.slug, path=item.media_path
        )
    return path


def plan(
    views: list[reels.EntryView],
    media_root: Path,
    redacted: Callable[[MediaItem, Path], Path] | None = None,
) -> list[Cut]:
    """Every entry's cut, checked before anything is cut: a missing file fails the export.
    `redacted` gives the file to cut for whoever the export is for (an access copy)."""
    if not views:
        raise SubclipError("the reel has no moments to cut")
    cuts = []
    for number, view in enumerate(views, start=1):
        entry, item = view.entry, view.media
        try:
            path = source_file(media_root, item)
            path = redacted(item, path) if redacted else path
        except SubclipError as exc:
            raise SubclipError(
                N_("entry %(number)s: %(reason)s"), number=number, reason=exc
            ) from None
        reels.check_range(item, entry.in_ms, entry.out_ms)
        start = max(entry.in_ms - entry.handle_before_ms, 0)
        end = entry.out_ms + entry.handle_after_ms
        if item.duration_ms:
            end = min(end, item.duration_ms)
        cuts.append(Cut(view, path, start, end, f"{number:03d}_{item.slug}{path.suffix}"))
    return cuts


def redacted_sources(
    session: Session, cache_dir: Path, viewer: User | None
) -> Callable[[MediaItem, Path], Path]:
    """The file to cut of each item for `viewer`: the original, or the access copy of an item
    with redactions in force (redactions.py); SubclipError while that copy is being made."""

    def source(item: MediaItem, original: Path) -> Path:
        served = redactions.served_to(session, cache_dir, viewer, item)
        if served.state == "original":
            return original
        if served.path is None:
            raise SubclipError(
                N_(
                    "%(item)s: its access copy (redacted passages removed) is still being made;"
                    " export again when it is ready"
                ),
                item=item.slug,
            )
        return served.path

    return source


def cut_one(session: Session, cut: Cut, folder: Path, mode: str) -> Path:
    """Cut one clip into `folder`, stamped with its source timecode."""
    item, target = cut.view.media, folder / cut.filename
    rate = item.frame_rate or timelines.DEFAULT_RATE
    timecode = source_timecode(cut.start_ms, rate, item.start_timecode) if item.frame_rate else None
    caption_file = None
    if mode == "review":
        caption_file = _caption_file(session, cut, folder)
    try:
        media.cut_clip(
            cut.source,
            target,
            cut.start_ms,
            cut.duration_ms,
            accurate=mode != "copy",
            timecode=timecode,
            burn_timecode=mode == "review",
            frame_rate=item.frame_rate,
            captions=caption_file,
        )
    except media.MediaError as exc:
        raise SubclipError(
            N_("%(item)s: ffmpeg could not cut it: %(reason)s"), item=item.slug, reason=exc
        ) from None
    finally:
        if caption_file is not None:
            caption_file.unlink(missing_ok=True)
    return target


def _caption_file(session: Session, cut: Cut, folder: Path) -> Path | None:
    """The clip's captions as SRT timed from the clip's start (visible segments only: the
    export's owner is an editor, but the words follow access.py like everything else)."""
    user = cut.view.entry.reel.owner
    tracks = catalog.transcripts_of(session, user, cut.view.media)
    if not tracks:
        return None
    segments = [
        Segment(
            start_ms=max(s.start_ms, cut.start_ms) - cut.start_ms,
            end_ms=min(s.end_ms, cut.end_ms) - cut.start_ms,
            text=s.text,
            speaker=s.speaker,
        )
        for s in catalog.visible_segments(session, user, tracks[0])
        if s.end_ms > cut.start_ms and s.start_ms < cut.end_ms
    ]
    if not segments:
        return None
    path = folder / f"{cut.filename}.srt"
    path.write_text(captions.to_srt(segments), encoding="utf-8")
    return path


def write_package(
    session: Session,
    reel_name: str,
    cuts: list[Cut],
    zip_path: Path,
    mode: str,
    progress: Callable[[int, int], None] | None = None,
    temp_root: Path | None = None,
) -> Path:
    """Cut every clip and zip them with timelines that point at them (clips/NNN_slug.mp4).
    Written as .part and renamed whole; a killed run's .part and subclips-* folder are left
    for `media-catalog gc`."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".part")
    with tempfile.TemporaryDirectory(prefix="subclips-", dir=temp_root) as temp:
        try:
            _pack(session, reel_name, cuts, partial, Path(temp), mode, progress)
        except BaseException:
            partial.unlink(missing_ok=True)  # a failed export leaves no half-written zip
            raise
    partial.replace(zip_path)
    return zip_path


def _pack(
    session: Session,
    reel_name: str,
    cuts: list[Cut],
    partial: Path,
    folder: Path,
    mode: str,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Cut each clip into `folder` and store it in the zip, then the timelines."""
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
        for done, cut in enumerate(cuts, start=1):
            clip = cut_one(session, cut, folder, mode)
            archive.write(clip, f"clips/{cut.filename}")
            clip.unlink()
            if progress:
                progress(done, len(cuts))
        for fmt, name in TIMELINE_FILES.items():
            archive.writestr(name, package_timeline(fmt, reel_name, cuts))
        archive.writestr("README.txt", _readme(reel_name, cuts, mode))


def package_timeline(fmt: str, reel_name: str, cuts: list[Cut]) -> str:
    """A timeline whose clips are the cut files. Each file starts at its cut (handles included)
    and is stamped with that source timecode, so the source ranges stay the original ones."""
    files = {id(c.view): f"clips/{c.filename}" for c in cuts}
    return timelines.write_timeline(fmt, reel_name, [c.view for c in cuts], lambda v: files[id(v)])


def _readme(reel_name: str, cuts: list[Cut], mode: str) -> str:
    lines = [f"{reel_name}: {len(cuts)} sub-clips, {MODES[mode]}.", ""]
    if mode == "copy":
        lines.append(
            "Stream copy cuts at keyframes: a clip may start up to one keyframe interval before "
            "its in point. Use the frame-accurate export where that matters."
        )
    lines.append("Timelines: reel.edl (CMX 3600), reel.xml (FCP 7), reel.fcpxml, reel.otio.")
    return "\n".join(lines) + "\n"


def thumbnail_for(media_root: Path, cache: Path, item: MediaItem, at_ms: int) -> Path | None:
    """A frame at `at_ms`, cut once and kept; None when the media or ffmpeg is not there."""
    relative = item.proxy_path or item.media_path
    if (
        not relative
        or not media.ffmpeg_available()
        or not (item.technical or {}).get("video_codec")
    ):
        return None
    root = media_root.resolve()
    source = (root / relative).resolve()
    if not source.is_relative_to(root) or not source.is_file():
        return None
    target = cache / "thumbnails" / f"{item.slug}-{at_ms}.jpg"
    if not target.is_file():
        try:
            media.make_poster(source, target, at_ms)
        except media.MediaError:
            return None
    return target


def shared_clip(
    media_root: Path, cache: Path, token: str, view: reels.EntryView, session: Session
) -> Path:
    """A shared entry's range alone, re-encoded (so nothing outside it is in the file), kept.
    A shared link is public: an item with redactions in force is cut from its access copy
    (NotFound while it is being made), and the clip's name says which copy."""
    entry, item = view.entry, view.media
    relative = item.proxy_path or item.media_path
    root = media_root.resolve()
    source = (root / relative).resolve() if relative else None
    if source is None or not source.is_relative_to(root) or not source.is_file():
        raise NotFound(item.slug)
    served = redactions.served_to(session, cache, None, item)
    if served.state == "withheld":
        raise NotFound(f"{item.slug}: its access copy is being made")
    source, made_from = (served.path, f"-{served.path.stem}") if served.path else (source, "")
    name = f"{entry.id}-{entry.in_ms}-{entry.out_ms}{made_from}{source.suffix}"
    target = cache / "shared" / token / name
    if not target.is_file():
        _cut_once(source, target, entry.in_ms, entry.duration_ms, item.slug)
    return target


def _cut_once(source: Path, target: Path, start_ms: int, duration_ms: int, slug: str) -> None:
    """Cut `target` once however many requests (threads, web workers) ask at the same moment:
    the first takes the lock and cuts into its own part- file, renamed whole; the others wait
    for the lock and find the file made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return
        partial = target.with_name(f"part-{secrets.token_hex(4)}-{target.name}")
        try:
            media.cut_clip(source, partial, start_ms, duration_ms, accurate=True)
            partial.replace(target)
        except media.MediaError as exc:
            raise SubclipError(N_("%(item)s: %(reason)s"), item=slug, reason=exc) from None
        finally:
            partial.unlink(missing_ok=True)  # gone once renamed; a failed cut leaves nothing


# Exports run as jobs (jobs/): queued here, cut by a worker, followed on the reel's page and
# the jobs page. The zip is written as .part and renamed, so no half-written file is served.

EXPORT_JOB = "reel_export"


def subject_of(reel: Reel) -> str:
    return f"reel:{reel.id}"


def start_export(
    session: Session, queue: JobQueue, user: User, reel: Reel, *, mode: str, media_root: Path
) -> Job:
    """Check the plan, record the export as a job and queue it (committed: a worker reads it)."""
    if mode not in MODES:
        raise SubclipError(
            N_("mode: one of %(choices)s (not '%(mode)s')"), choices=", ".join(MODES), mode=mode
        )
    if not media.ffmpeg_available():
        raise SubclipError(N_("ffmpeg is not installed on the server"))
    cache_dir = Path(queue.settings["CACHE_DIR"])
    sources = redacted_sources(session, cache_dir, user)
    cuts = plan(reels.visible_entries(session, user, reel), media_root, sources)
    job = jobs.new_job(
        session,
        user,
        EXPORT_JOB,
        subject=subject_of(reel),
        params={"reel_id": reel.id, "mode": mode},
        total=len(cuts),
    )
    session.commit()
    queue.submit(job)
    return job


@jobs.handler(EXPORT_JOB, N_("Sub-clip export"))
def run_export(context: JobContext) -> str:
    """Cut the reel as the one who queued it may see it, into EXPORTS_DIR/<token>.zip."""
    media_root = Path(context.settings["MEDIA_ROOT"])
    zip_path = Path(context.settings["EXPORTS_DIR"]) / f"{context.token}.zip"
    with context.sessions() as session:
        job = session.get(Job, context.job_id)
        reel = session.get(Reel, context.params["reel_id"])
        if reel is None or job is None or job.user is None:
            raise SubclipError("the reel or the one who asked for the export was deleted")
        sources = redacted_sources(session, Path(context.settings["CACHE_DIR"]), job.user)
        cuts = plan(reels.visible_entries(session, job.user, reel), media_root, sources)
        context.progress(0, len(cuts))
        temp_root = Path(context.settings["TEMP_DIR"])
        temp_root.mkdir(parents=True, exist_ok=True)
        mode = context.params["mode"]
        write_package(session, reel.name, cuts, zip_path, mode, context.progress, temp_root)
    return str(zip_path)


def latest_export(session: Session, reel: Reel) -> Job | None:
    return jobs.latest_for(session, EXPORT_JOB, subject_of(reel))


def export_of(session: Session, reel: Reel, token: str) -> Job:
    job = session.scalar(
        select(Job).where(
            Job.kind == EXPORT_JOB, Job.subject == subject_of(reel), Job.token == token
        )
    )
    if job is None:
        raise NotFound(token)
    return job
