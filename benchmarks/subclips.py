"""Cutting sub-clips from a generated 1-hour 1080p H.264 file: our fast path (stream copy, as a
reel's sub-clip export runs it, timecode stamp included) and our frame-accurate path (re-encode),
each as a multiple of real time, against one plain `ffmpeg -ss … -t … -c copy` command line per
clip measured in the same run. The fast path should stay within 1.2x of that baseline.

    .venv/bin/python benchmarks/subclips.py            # 20 one-minute clips from one hour
    .venv/bin/python benchmarks/subclips.py --quick    # 20 five-second clips from five minutes

The source is generated once with ffmpeg's lavfi test source (1920x1080, 25 fps, a keyframe every
two seconds, a tone) and kept in --media-dir for later runs."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import figure  # noqa: E402

from media_catalog.formats import media
from media_catalog.timecode import source_timecode  # noqa: E402

CLIPS = 20
RATE = 25
FULL = {"source_s": 3600, "clip_s": 60, "reencode_clips": 3}
QUICK = {"source_s": 300, "clip_s": 5, "reencode_clips": 2}
DEFAULT_MEDIA_DIR = Path(tempfile.gettempdir()) / "media-catalog-bench"


def source_file(media_dir: Path, seconds: int) -> Path:
    """The 1080p H.264 source, generated when it is not there yet: one minute (or 20 s) encoded
    from the test source, then repeated by stream copy to the full length (encoding a whole
    hour of 1080p on a small machine would take longer than every measurement together)."""
    target = media_dir / f"source-1080p-{seconds}s.mp4"
    if target.exists():
        return target
    media_dir.mkdir(parents=True, exist_ok=True)
    chunk_s = 60 if seconds % 60 == 0 else 20
    chunk = media_dir / f"chunk-1080p-{chunk_s}s.mp4"
    started = time.perf_counter()
    if not chunk.exists():
        subprocess.run(
            [
                "ffmpeg", "-v", "error", "-y",
                "-f", "lavfi", "-i", f"testsrc=size=1920x1080:rate={RATE}:duration={chunk_s}",
                "-f", "lavfi", "-i", f"sine=frequency=440:duration={chunk_s}",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", str(RATE * 2),
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-shortest",
                str(chunk.with_suffix(".part.mp4")),
            ],
            check=True,
        )  # fmt: skip
        chunk.with_suffix(".part.mp4").replace(chunk)
    partial = target.with_suffix(".part.mp4")
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y", "-stream_loop", str(seconds // chunk_s - 1),
            "-i", str(chunk), "-c", "copy", "-timecode", "01:00:00:00", str(partial),
        ],
        check=True,
    )  # fmt: skip
    partial.replace(target)
    print(f"   generated {target.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return target


def starts(source_s: int, clip_s: int) -> list[int]:
    """CLIPS start times in ms, spread over the whole source."""
    step = (source_s - clip_s) / (CLIPS - 1)
    return [round(i * step * 1000) for i in range(CLIPS)]


def plain_copy(source: Path, target: Path, start_ms: int, clip_s: int) -> None:
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y", "-ss", f"{start_ms / 1000:.3f}", "-t", str(clip_s),
            "-i", str(source), "-c", "copy", str(target),
        ],
        check=True,
    )  # fmt: skip


def timed(run, clips) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for index, start in enumerate(clips):
        run(index, start)
    return time.perf_counter() - started


def measure(quick: bool, media_dir: Path) -> dict[str, float]:
    size = QUICK if quick else FULL
    source = source_file(media_dir, size["source_s"])
    clip_s, clips = size["clip_s"], starts(size["source_s"], size["clip_s"])
    with tempfile.TemporaryDirectory(prefix="subclips-bench-") as temp:
        out = Path(temp)

        def baseline(i: int, start: int) -> None:
            plain_copy(source, out / f"plain-{i}.mp4", start, clip_s)

        def ours_copy(i: int, start: int) -> None:
            media.cut_clip(
                source, out / f"copy-{i}.mp4", start, clip_s * 1000,
                timecode=source_timecode(start, RATE, "01:00:00:00"),
            )  # fmt: skip

        def ours_accurate(i: int, start: int) -> None:
            media.cut_clip(
                source, out / f"accurate-{i}.mp4", start, clip_s * 1000, accurate=True,
                timecode=source_timecode(start, RATE, "01:00:00:00"),
            )  # fmt: skip

        # Baseline and fast path in turn, three rounds, the best of each: the machine is shared
        # and a burst of load on one side would otherwise decide the ratio.
        rounds = [(timed(baseline, clips), timed(ours_copy, clips)) for _ in range(3)]
        plain, copy = min(r[0] for r in rounds), min(r[1] for r in rounds)
        few = clips[:: max(1, CLIPS // size["reencode_clips"])][: size["reencode_clips"]]
        accurate = timed(ours_accurate, few)
    media_seconds = CLIPS * clip_s
    return {
        "clip_s": clip_s,
        "source_s": size["source_s"],
        "plain_x": media_seconds / plain,
        "copy_x": media_seconds / copy,
        "accurate_x": len(few) * clip_s / accurate,
        "accurate_clips": len(few),
        "plain_s": plain,
        "copy_s": copy,
    }


def figures(quick: bool, media_dir: Path = DEFAULT_MEDIA_DIR) -> list[dict]:  # type: ignore[type-arg]
    """The figures for benchmarks/run.py."""
    if not media.ffmpeg_available():
        print("   ffmpeg is not installed: sub-clip benchmark skipped", file=sys.stderr)
        return []
    m = measure(quick, media_dir)
    corpus = f"{CLIPS} x {m['clip_s']:g} s of {m['source_s'] // 60:g} min 1080p"
    return [
        figure("subclips: stream copy", m["copy_x"], "x real time", "plain ffmpeg -c copy",
               m["plain_x"], corpus),
        figure("subclips: copy wall time", m["copy_s"], "s", "plain ffmpeg -c copy",
               m["plain_s"], corpus),
        figure("subclips: re-encode", m["accurate_x"], "x real time", None, None,
               f"{m['accurate_clips']} x {m['clip_s']:g} s of 1080p"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="five minutes, five-second clips")
    parser.add_argument("--media-dir", type=Path, default=DEFAULT_MEDIA_DIR)
    args = parser.parse_args()
    if not shutil.which("ffmpeg"):
        sys.exit("ffmpeg is not installed")
    for record in figures(args.quick, args.media_dir):
        ratio = f"  ratio {record['ratio']:.2f}" if record["ratio"] is not None else ""
        print(f"{record['name']:<28} {record['value']:>9.2f} {record['unit']:<12}{ratio}")


if __name__ == "__main__":
    main()
