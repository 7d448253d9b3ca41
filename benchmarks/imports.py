"""Importing at scale: 10, 100 and 1,000 hours of interviews (one WebVTT file an hour, 600 cues
each) imported end to end (parse, store, index, link) into a fresh SQLite catalog that holds
the demo authority, next to webvtt-py reading the same files (the raw parse rate), measured in
the same run, each in a fresh process so that peak memory is its own.

    python benchmarks/imports.py [--hours 10 100 1000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ROOT, SEGMENTS_PER_HOUR, figure, write_transcripts  # noqa: E402


def measure_raw_parse(folder: Path) -> dict:  # type: ignore[type-arg]
    import webvtt

    files = sorted(folder.glob("*.vtt"))
    started = time.perf_counter()
    cues = sum(len(webvtt.read(str(path))) for path in files)
    return {"seconds": time.perf_counter() - started, "cues": cues}


def measure_import(folder: Path, url: str) -> dict:  # type: ignore[type-arg]
    from media_catalog import migrate
    from media_catalog.db import make_engine, make_session_factory
    from media_catalog.ingest.batch import import_paths

    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    media_root = folder / "media"
    media_root.mkdir(exist_ok=True)
    before = import_paths(factory, [ROOT / "authority"], media_root)
    assert not before.failed, [o.detail for o in before.failed]
    files = sorted(folder.glob("*.vtt"))
    started = time.perf_counter()
    summary = import_paths(factory, files, media_root)
    seconds = time.perf_counter() - started
    assert not summary.failed, [o.detail for o in summary.failed[:3]]
    return {
        "seconds": seconds,
        "files": len(files),
        "cues": sum(o.segments for o in summary.outcomes),
        "suggestions": summary.linked.added if summary.linked else 0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run(what: str, folder: Path) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, __file__, "--measure", what, "--folder", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--measure", choices=["raw", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure == "raw":
        print(json.dumps(measure_raw_parse(args.folder)))
        return
    if args.measure == "import":
        url = f"sqlite:///{args.folder / 'catalog.sqlite3'}"
        print(json.dumps(measure_import(args.folder, url)))
        return
    print(f"{'hours':>6}{'cues':>10}{'raw parse':>12}{'import':>10}{'cues/s':>10}"
          f"{'of raw':>8}{'peak MB':>9}{'worker MB':>10}")  # fmt: skip
    for hours, raw, imported in measure(args.hours):
        raw_rate = raw["cues"] / raw["seconds"]
        rate = imported["cues"] / imported["seconds"]
        print(
            f"{hours:>6}{imported['cues']:>10,}{raw['seconds']:>10.1f} s"
            f"{imported['seconds']:>8.1f} s"
            f"{rate:>10,.0f}{rate / raw_rate:>8.0%}{imported['peak_mb']:>9.0f}"
            f"{imported['worker_peak_mb']:>10.0f}"
        )


def measure(sizes: list[int]) -> list[tuple[int, dict, dict]]:  # type: ignore[type-arg]
    """(hours, raw parse, import) for each corpus size."""
    results = []
    for hours in sizes:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            write_transcripts(folder, hours)
            raw = run("raw", folder)
            imported = run("import", folder)
        assert imported["cues"] == raw["cues"] == hours * SEGMENTS_PER_HOUR
        results.append((hours, raw, imported))
    return results


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    """The figures for benchmarks/run.py."""
    out = []
    for hours, raw, imported in measure([10, 100] if quick else [10, 100, 1000]):
        corpus = f"{hours:,} hours in {hours:,} files"
        rate = imported["cues"] / imported["seconds"]
        raw_rate = raw["cues"] / raw["seconds"]
        out += [
            figure("import: cues/s", rate, "cues/s", "webvtt-py raw parse", raw_rate, corpus),
            figure("import: wall time", imported["seconds"], "s", None, None, corpus),
            figure("import: peak memory", imported["peak_mb"], "MB", None, None, corpus),
        ]
    return out


if __name__ == "__main__":
    main()
