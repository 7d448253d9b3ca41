"""Helpers the redaction tests share: a bright clip with a steady tone (so silence and black
inside a redacted range stand out), its redaction, and ffmpeg's measure of served bytes."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from media_catalog import accounts, redactions
from media_catalog.db import transaction
from media_catalog.ingest import access_copies
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import MediaItem, User

SLUG = "bright-clip"
REDACTED = (3_000, 5_000)  # ms of the 8 s clip
INSIDE = (3.3, 4.7)  # seconds measured well inside the range (encoder frames at the edges)
OUTSIDE = [(0.3, 2.6), (5.4, 7.6)]


def make_bright_clip(path: Path, duration_s: int = 8) -> None:
    """White picture and a 440 Hz tone, a keyframe every second, as an H.264/AAC MP4."""
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"color=c=white:size=320x180:rate=25:duration={duration_s}",
            "-f", "lavfi", "-i", f"sine=frequency=440:duration={duration_s}",
            "-c:v", "libx264", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            str(path),
        ],
        check=True,
    )  # fmt: skip


def add_bright_item(sessions, media_root: Path) -> None:  # type: ignore[no-untyped-def]
    make_bright_clip(media_root / "bright.mp4")
    with transaction(sessions) as session:
        item = MediaItem(slug=SLUG, kind="archival", title="A bright clip")
        session.add(item)
        attach_media(item, media_root, "bright.mp4", media_root / "bright.mp4")


def redact(app, *, lapses_at: datetime | None = None, span=REDACTED) -> None:  # type: ignore[no-untyped-def]
    """An editor redacts `span`; the access copy is made (the test app runs jobs at once)."""
    sessions = app.extensions["media_catalog"]["sessions"]
    with sessions() as session:
        editor = session.scalar(select(User).where(User.email == "redactor@example.org"))
        editor = editor or accounts.add_user(
            session, "redactor@example.org", "correct horse battery staple", "editor"
        )
        item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
        redactions.redact(session, editor, item, *span, "narrator's request", lapses_at)
        session.commit()
        queue = app.extensions["media_catalog"]["queue"]
        access_copies.rebuild(session, queue, editor, item, Path(app.config["CACHE_DIR"]))


@dataclass
class Measure:
    max_volume_db: float
    mean_luma: float
    brightest: float  # the brightest pixel of the dimmest frame: the slate's white text


def measure(path: Path, start_s: float, end_s: float) -> Measure:
    """The loudest sample (dBFS) and the mean luma (8-bit) of start..end of the file."""
    result = subprocess.run(
        [
            "ffmpeg", "-nostdin", "-hide_banner", "-ss", str(start_s), "-to", str(end_s),
            "-i", str(path), "-af", "volumedetect",
            "-vf", "signalstats,metadata=print",
            "-f", "null", "-",
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    volume = re.search(r"max_volume: (-?[\d.]+) dB", result.stderr)
    lumas = [float(v) for v in re.findall(r"YAVG=([\d.]+)", result.stderr)]
    peaks = [float(v) for v in re.findall(r"YMAX=([\d.]+)", result.stderr)]
    assert volume and lumas and peaks, result.stderr[-500:]
    return Measure(float(volume.group(1)), sum(lumas) / len(lumas), min(peaks))


def volume_db(path: Path, start_s: float, end_s: float) -> float:
    """The loudest sample (dBFS) of start..end of a file with sound alone."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-ss", str(start_s), "-to", str(end_s),
         "-i", str(path), "-af", "volumedetect", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found = re.search(r"max_volume: (-?[\d.]+) dB", result.stderr)
    assert found, result.stderr[-500:]
    return float(found.group(1))


def assert_redacted(path: Path, inside=INSIDE, outside=OUTSIDE) -> None:  # type: ignore[no-untyped-def]
    """Silence and black inside, with the slate's white text on every frame; the tone and the
    white picture outside."""
    within = measure(path, *inside)
    assert within.max_volume_db < -80, within
    assert within.mean_luma < 40, within
    assert within.brightest > 200, within  # black alone would be 16
    for span in outside:
        around = measure(path, *span)
        assert around.max_volume_db > -30, (span, around)
        assert around.mean_luma > 200, (span, around)


def assert_unredacted(path: Path, inside=INSIDE) -> None:  # type: ignore[no-untyped-def]
    within = measure(path, *inside)
    assert within.max_volume_db > -30 and within.mean_luma > 200, within
