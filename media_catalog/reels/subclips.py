"""A reel's moments as media files cut from their sources (ffmpeg through ingest/media.py): fast
by stream copy (cut at keyframes: a clip may start a little before its in point), frame-accurate
by re-encoding, or as review copies with the timecode and captions burned in. Packed as one zip
with an EDL, FCP 7 XML, FCPXML and .otio that point at the clips. Long exports run in a thread
and record their progress in the database, so any web worker can report it."""

from __future__ import annotations

import secrets
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .. import catalog, reels
from ..errors import CatalogError, NotFound
from ..formats import captions, media
from ..models import MediaItem, Reel, ReelExport, Segment, User
from ..timecode import source_timecode
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
        raise SubclipError(f"{item.slug}: no media file is recorded for it")
    root = media_root.resolve()
    path = (root / item.media_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise SubclipError(f"{item.slug}: media file {item.media_path} is missing")
    return path


def plan(views: list[reels.EntryView], media_root: Path) -> list[Cut]:
    """Every entry's cut, checked before anything is cut: a missing file fails the export."""
    if not views:
        raise SubclipError("the reel has no moments to cut")
    cuts = []
    for number, view in enumerate(views, start=1):
        entry, item = view.entry, view.media
        try:
            path = source_file(media_root, item)
        except SubclipError as exc:
            raise SubclipError(f"entry {number}: {exc}") from None
        reels.check_range(item, entry.in_ms, entry.out_ms)
        start = max(entry.in_ms - entry.handle_before_ms, 0)
        end = entry.out_ms + entry.handle_after_ms
        if item.duration_ms:
            end = min(end, item.duration_ms)
        cuts.append(Cut(view, path, start, end, f"{number:03d}_{item.slug}{path.suffix}"))
    return cuts


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
        raise SubclipError(f"{item.slug}: ffmpeg could not cut it: {exc}") from None
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
) -> Path:
    """Cut every clip and zip them with timelines that point at them (clips/NNN_slug.mp4)."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".part")
    with tempfile.TemporaryDirectory(prefix="subclips-") as temp:
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


def shared_clip(media_root: Path, cache: Path, token: str, view: reels.EntryView) -> Path:
    """A shared entry's range alone, re-encoded (so nothing outside it is in the file), kept."""
    entry, item = view.entry, view.media
    relative = item.proxy_path or item.media_path
    root = media_root.resolve()
    source = (root / relative).resolve() if relative else None
    if source is None or not source.is_relative_to(root) or not source.is_file():
        raise NotFound(item.slug)
    target = cache / "shared" / token / f"{entry.id}-{entry.in_ms}-{entry.out_ms}{source.suffix}"
    if not target.is_file():
        partial = target.with_name("part-" + target.name)
        try:
            media.cut_clip(source, partial, entry.in_ms, entry.duration_ms, accurate=True)
        except media.MediaError as exc:
            raise SubclipError(f"{item.slug}: {exc}") from None
        partial.replace(target)
    return target


# Exports that outlive the request: a row per export, updated as clips are cut.


def start_export(
    session: Session,
    sessions: sessionmaker[Session],
    user: User,
    reel: Reel,
    *,
    mode: str,
    media_root: Path,
    output_dir: Path,
) -> ReelExport:
    """Check the plan, record the export and cut it in a thread; the caller commits."""
    if mode not in MODES:
        raise SubclipError(f"mode: one of {', '.join(MODES)} (not {mode!r})")
    if not media.ffmpeg_available():
        raise SubclipError("ffmpeg is not installed on the server")
    views = reels.visible_entries(session, user, reel)
    cuts = plan(views, media_root)
    token = secrets.token_urlsafe(16)
    job = ReelExport(
        token=token, reel=reel, user_id=user.id, mode=mode, total=len(cuts), status="running"
    )
    session.add(job)
    session.commit()  # the thread reads it from its own session
    zip_path = output_dir / f"{token}.zip"
    thread = threading.Thread(
        target=_run_export, args=(sessions, job.id, reel.id, user.id, mode, media_root, zip_path)
    )
    thread.daemon = True
    thread.start()
    return job


def _run_export(
    sessions: sessionmaker[Session],
    job_id: int,
    reel_id: int,
    user_id: int,
    mode: str,
    media_root: Path,
    zip_path: Path,
) -> None:
    def progress(done: int, _total: int) -> None:
        with sessions() as update, update.begin():
            update.get(ReelExport, job_id).done = done  # type: ignore[union-attr]

    with sessions() as session:
        try:
            reel = session.get(Reel, reel_id)
            user = session.get(User, user_id)
            views = reels.visible_entries(session, user, reel)  # type: ignore[arg-type]
            cuts = plan(views, media_root)
            write_package(session, reel.name, cuts, zip_path, mode, progress)  # type: ignore[union-attr]
            status, error, path = "done", None, str(zip_path)
        except CatalogError as exc:
            status, error, path = "failed", str(exc), None
        except Exception as exc:  # a thread has no error page: record what went wrong
            status, error, path = "failed", f"unexpected error: {exc.__class__.__name__}", None
        session.rollback()
        with session.begin():
            job = session.get(ReelExport, job_id)
            if job is not None:
                job.status, job.error, job.file_path = status, error, path


def latest_export(session: Session, reel: Reel) -> ReelExport | None:
    return session.scalar(
        select(ReelExport).where(ReelExport.reel_id == reel.id).order_by(ReelExport.id.desc())
    )


def export_of(session: Session, reel: Reel, token: str) -> ReelExport:
    job = session.scalar(
        select(ReelExport).where(ReelExport.reel_id == reel.id, ReelExport.token == token)
    )
    if job is None:
        raise NotFound(token)
    return job
