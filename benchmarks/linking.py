"""Linking at scale: a generated corpus of segments (default 600,000, about 1,000 hours of
interviews in 1,000 tracks) linked and stored against an authority of 5,000 aliases, next to a
bare pyahocorasick scan of the same text for the same aliases (no normalisation, no
disambiguation, no database), measured in the same run. Each round times the bare scan, the
linker as it runs (worker processes for the text side) and the linker in one process, each in
a fresh process on a fresh copy of the database; the median of the rounds is reported.

    python benchmarks/linking.py [--segments 600000] [--aliases 5000] [--tracks 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import figure, is_hebrew_track, segments, synthetic_authority  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from media_catalog import migrate  # noqa: E402
from media_catalog.db import (  # noqa: E402
    insert_rows,
    make_engine,
    make_session_factory,
    transaction,
)
from media_catalog.models import (  # noqa: E402
    Alias,
    Annotation,
    Entity,
    MediaItem,
    Segment,
    Transcript,
)

SEGMENT_BATCH = 20_000  # rows per INSERT and per commit: memory stays flat at any size


def build_database(
    url: str,
    n_segments: int,
    n_aliases: int,
    n_tracks: int,
    *,
    version: int = 1,
    seed: int = 11,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """A catalog of `n_tracks` tracks holding `n_segments` generated segments (corpus `version`)
    and the authority grown to `n_aliases`. Segments stream from the generator in batches,
    each committed (the search triggers index them as they come); `progress(done, total)`
    is told after each batch."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    authority = synthetic_authority(n_aliases)
    per_track = max(1, n_segments // n_tracks)
    with transaction(factory) as session:
        _store_authority(session, authority)
        _store_tracks(session, n_tracks, per_track, version)
    generated = segments(n_segments, authority, seed, version=version, per_track=per_track)
    batch: list[tuple[int, int, int, int, str | None, str]] = []
    for index, (text, speaker) in enumerate(generated):
        track, position = divmod(index, per_track)
        track = min(track, n_tracks - 1) + 1
        batch.append((track, index, position * 6000, position * 6000 + 5500, speaker, text))
        if len(batch) == SEGMENT_BATCH or index == n_segments - 1:
            with engine.begin() as connection:
                insert_rows(connection, Segment.__table__, SEGMENT_COLUMNS, batch, SEGMENT_DEFAULTS)
            batch = []
            if progress:
                progress(index + 1, n_segments)
    engine.dispose()


SEGMENT_COLUMNS = ("transcript_id", "position", "start_ms", "end_ms", "speaker", "text")
SEGMENT_DEFAULTS = {"restricted": False, "version": 1}


def _store_authority(session: Session, authority: list[dict]) -> None:  # type: ignore[type-arg]
    for number, entity in enumerate(authority):
        session.add(
            Entity(id=number + 1, slug=entity["slug"], kind=entity["kind"], name=entity["name"])
        )
    session.flush()
    session.execute(
        insert(Alias),
        [
            {"entity_id": number + 1, "text": text}
            for number, entity in enumerate(authority)
            for text in dict.fromkeys(entity["aliases"])
            if text != entity["name"]
        ],
    )


def _store_tracks(session: Session, n_tracks: int, per_track: int, version: int) -> None:
    """One media item and its original track per track; in version 2 the Hebrew ones say so."""
    session.execute(
        insert(MediaItem),
        [
            {"id": t + 1, "slug": f"bench-{t}", "kind": "interview", "title": f"Bench {t}"}
            for t in range(n_tracks)
        ],
    )
    session.execute(
        insert(Transcript),
        [
            {
                "id": t + 1,
                "media_item_id": t + 1,
                "language": "he"
                if version == 2 and is_hebrew_track(t * per_track, per_track)
                else "en",
                "kind": "original",
                "source_path": "-",
                "checksum": "-",
                "encoding": "utf-8",
            }
            for t in range(n_tracks)
        ],
    )


def measure_link(url: str, parallel: bool | None = None) -> dict:  # type: ignore[type-arg]
    """Run in a fresh process so that peak memory is the linker's own."""
    from media_catalog.linking.relink import link

    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    with transaction(factory) as session:
        report = link(session, parallel=parallel)
    seconds = time.perf_counter() - started
    with factory() as session:
        stored = session.scalar(select(Annotation.id).order_by(Annotation.id.desc()).limit(1))
    return {
        "seconds": seconds,
        "segments": report.segments,
        "characters": report.characters,
        "annotations": stored or 0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure_bare_scan(url: str) -> dict:  # type: ignore[type-arg]
    import ahocorasick

    engine = make_engine(url)
    with engine.connect() as connection:
        aliases = [t for (t,) in connection.execute(select(Alias.text))]
        aliases += [t for (t,) in connection.execute(select(Entity.name))]
        texts = [t for (t,) in connection.execute(select(Segment.text))]
    started = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for text in aliases:
        automaton.add_word(text, text)
    automaton.make_automaton()
    hits = sum(1 for text in texts for _ in automaton.iter(text))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "characters": sum(map(len, texts)), "hits": hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=600_000)
    parser.add_argument("--aliases", type=int, default=5_000)
    parser.add_argument("--tracks", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--measure", choices=["link", "link1", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        if args.measure == "bare":
            print(json.dumps(measure_bare_scan(args.url)))
        else:
            print(json.dumps(measure_link(args.url, parallel=args.measure == "link")))
        return
    results = measure(args.segments, args.aliases, args.tracks, args.rounds)
    bare = _median(results["bare"])
    bare_cps = bare["characters"] / bare["seconds"]
    print(f"{'figure (median of ' + str(args.rounds) + ' rounds)':<44}{'value':>16}")
    print(f"{'bare pyahocorasick scan, chars/s':<44}{bare_cps:>16,.0f}")
    for what, label in (("link", "link + store"), ("link1", "link + store, one process")):
        run = _median(results[what])
        cps = run["characters"] / run["seconds"]
        times = ", ".join(f"{r['seconds']:.1f}" for r in results[what])
        print(f"{label + ', wall time':<44}{run['seconds']:>14.1f} s   ({times})")
        print(f"{'  segments per second':<44}{run['segments'] / run['seconds']:>16,.0f}")
        print(f"{'  characters per second':<44}{cps:>16,.0f}")
        print(f"{'  peak memory (linking process)':<44}{run['peak_mb']:>13.0f} MB")
        if run["worker_peak_mb"]:
            print(f"{'  peak memory (largest worker)':<44}{run['worker_peak_mb']:>13.0f} MB")
        print(f"{'  suggestions stored':<44}{run['annotations']:>16,}")
        print(f"{'  ratio to the bare scan':<44}{cps / bare_cps:>15.1%}")


def measure(segments: int, aliases: int, tracks: int, rounds: int) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    """Every round: the bare scan, the linker as it runs, the linker in one process."""
    results: dict[str, list[dict]] = {"bare": [], "link": [], "link1": []}  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        built = Path(folder) / "built.sqlite3"
        started = time.perf_counter()
        build_database(f"sqlite:///{built}", segments, aliases, tracks)
        print(
            f"corpus: {segments:,} segments in {tracks:,} tracks, "
            f"{aliases:,} aliases, built in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        for _ in range(rounds):
            for what in results:
                copy = Path(folder) / f"{what}.sqlite3"
                shutil.copyfile(built, copy)
                out = subprocess.run(
                    [sys.executable, __file__, "--measure", what, "--url", f"sqlite:///{copy}"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                results[what].append(json.loads(out))
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return results


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    """The figures for benchmarks/run.py."""
    segments, tracks = (60_000, 100) if quick else (600_000, 1_000)
    results = measure(segments, 5_000, tracks, 1 if quick else 3)
    bare = _median(results["bare"])
    bare_cps = bare["characters"] / bare["seconds"]
    corpus = f"{segments:,} segments, 5,000 aliases"
    out = []
    for what, name in (("link", "linking"), ("link1", "linking, one process")):
        run = _median(results[what])
        cps = run["characters"] / run["seconds"]
        out += [
            figure(
                f"{name}: characters/s", cps, "chars/s", "bare pyahocorasick scan", bare_cps, corpus
            ),
            figure(f"{name}: wall time", run["seconds"], "s", None, None, corpus),
            figure(f"{name}: peak memory", run["peak_mb"], "MB", None, None, corpus),
        ]
    return out


def _median(runs: list[dict]) -> dict:  # type: ignore[type-arg]
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


if __name__ == "__main__":
    main()
