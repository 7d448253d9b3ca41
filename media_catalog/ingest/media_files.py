"""Attaching a media file to a media item: probe it and make the poster and thumbnail strip
(video), the waveform image (audio only) and (when the browser cannot play the original) a
proxy. Failures become a status and a reason on the item, never an exception: the metadata
still imports."""

from __future__ import annotations

from pathlib import Path

from ..errors import IngestError
from ..formats import media
from ..models import MediaItem

DERIVED_DIR = "derived"


def waveform_path(slug: str) -> str:
    """Where an audio-only item's waveform image lives, relative to MEDIA_ROOT: a derived-file
    convention (like the proxy's), recorded in `technical["waveform"]` when it was made."""
    return f"{DERIVED_DIR}/{slug}/waveform.png"


# What attach_media sets on an item: a rebuild computes them on a scratch copy, outside any
# transaction (ffmpeg takes long), and copies them over in a short one.
MEDIA_FIELDS = (
    "media_path", "proxy_path", "poster_path", "thumbnails_path", "thumbnail_count",
    "media_status", "media_status_reason", "duration_ms", "frame_rate", "start_timecode",
    "technical",
)  # fmt: skip


def poster_time_ms(duration_ms: int) -> int:
    """Where the poster frame is taken: two seconds in, or a tenth of a short clip."""
    return min(2000, duration_ms // 10)


def thumbnail_times_ms(duration_ms: int, count: int) -> list[int]:
    """Where the frames of the thumbnail strip are taken: evenly from the start."""
    return [duration_ms * i // count for i in range(count)] if count else []


def media_path_inside(media_root: Path, name: str) -> Path:
    """Where a sidecar's `file:` is, refused when it would lead outside MEDIA_ROOT (`../`, an
    absolute path, a symlink out): a sidecar must not be able to publish any file."""
    candidate = (media_root / name).resolve()
    if not candidate.is_relative_to(media_root.resolve()):
        raise IngestError(name, "media file must be inside MEDIA_ROOT")
    return candidate


def attach_media(
    item: MediaItem,
    media_root: Path,
    name: str | None,
    path: Path | None,
    made_in: Path | None = None,
) -> list[str]:
    """Update the item's media fields from the file; returns warnings for the import summary.
    The derived files are written to `made_in` when given (a rebuild moves them in place once
    all are made); the item records where they will be served from either way."""
    item.media_path = name
    item.proxy_path = item.poster_path = item.thumbnails_path = None
    item.thumbnail_count = 0
    if name is None or path is None:
        item.media_status, item.media_status_reason = "none", "no media file is named"
        return []
    if not path.exists():
        item.media_status = "missing"
        item.media_status_reason = f"media file {name} not found under MEDIA_ROOT"
        return [item.media_status_reason]
    if not media.ffmpeg_available():
        item.media_status = "no-ffmpeg"
        item.media_status_reason = "ffmpeg is not installed: media not probed, no poster or proxy"
        return [item.media_status_reason]
    try:
        probe = media.probe(path)
        waveform = _make_derived(item, path, probe, made_in or media_root / DERIVED_DIR / item.slug)
    except media.MediaError as exc:
        item.media_status = "corrupt"
        item.media_status_reason = f"media file {name} cannot be read by ffmpeg: {exc}"
        return [item.media_status_reason]
    item.duration_ms = probe.duration_ms
    item.frame_rate = item.frame_rate or probe.frame_rate
    item.start_timecode = item.start_timecode or probe.start_timecode
    # What an OHMS file said of the media (its URL, kembed, format) outlives a probe.
    kept = {k: v for k, v in (item.technical or {}).items() if k == "ohms"}
    item.technical = (
        kept
        | probe.summary
        | {
            "width": probe.width,
            "height": probe.height,
            "video_codec": probe.video_codec,
            "audio_codec": probe.audio_codec,
            "waveform": waveform,
        }
    )
    item.media_status, item.media_status_reason = "ok", None
    return []


def _make_derived(
    item: MediaItem, path: Path, probe: media.ProbeResult, derived: Path
) -> str | None:
    """Poster and thumbnail strip (video), waveform (audio only) and proxy (when no browser
    plays the file) made in `derived`; returns the waveform's path when one was made."""
    if probe.has_video:
        media.make_poster(path, derived / "poster.jpg", poster_time_ms(probe.duration_ms or 0))
        item.poster_path = f"{DERIVED_DIR}/{item.slug}/poster.jpg"
        if probe.duration_ms:
            media.make_thumbnail_strip(path, derived / "thumbnails.jpg", probe.duration_ms)
            item.thumbnails_path = f"{DERIVED_DIR}/{item.slug}/thumbnails.jpg"
            item.thumbnail_count = media.THUMBNAIL_COUNT
    waveform = None
    if not probe.has_video:
        waveform = waveform_path(item.slug)
        media.make_waveform(path, derived / Path(waveform).name)
    if not probe.is_browser_playable:
        media.make_proxy(path, derived / "proxy.mp4", probe)
        item.proxy_path = f"{DERIVED_DIR}/{item.slug}/proxy.mp4"
    return waveform
