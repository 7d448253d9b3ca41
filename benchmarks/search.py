"""Search at scale: 100 and 1,000 hours of interviews (60,000 and 600,000 segments) imported
into SQLite, then a mixed set of 240 queries (common and rare words, phrases, prefixes,
exclusions, OR, names in several scripts, entity and language filters) through the real
search function, with facets and snippets, as an anonymous visitor. The baseline is ripgrep
(`rg`, case-insensitive) scanning the same transcripts as .vtt files for the same words, in
the same run. Also reports the time and size of the full-text index.

    python benchmarks/search.py [--hours 100 1000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ROOT, WORDS_EN, WORDS_RU, figure, write_transcripts  # noqa: E402

QUERIES = 240


def query_set(seed: int = 5) -> list[tuple[str, dict[str, object], str]]:
    """(query, filters, the regular expression ripgrep looks for) of a deterministic mix."""
    rng = random.Random(seed)
    names = ["Sharansky", "Shcharansky", "Щаранского", "Ida Nudel", "Slepak", "KGB", "OVIR",
             "Leningrad", "Moscow", "Begun", "Gorbachev", "שרנסקי"]  # fmt: skip
    rare, common = WORDS_EN[40:], WORDS_EN[:40]
    made: list[tuple[str, dict[str, object], str]] = []
    while len(made) < QUERIES:
        kind = len(made) % 8
        if kind == 0:
            word = rng.choice(common)
            made.append((word, {}, rf"\b{word}\b"))
        elif kind == 1:
            word = rng.choice(rare)
            made.append((word, {}, rf"\b{word}\b"))
        elif kind == 2:
            a, b = rng.sample(rare, 2)
            made.append((f'"{a} {b}"', {}, rf"\b{a} {b}\b"))
        elif kind == 3:
            word = rng.choice(rare)[:5]
            made.append((f"{word}*", {}, rf"\b{word}"))
        elif kind == 4:
            name = rng.choice(names)
            made.append((name, {}, name))  # names are plain letters and spaces
        elif kind == 5:
            a, b = rng.sample(rare, 2)
            made.append((f"{a} OR {b}", {}, rf"\b({a}|{b})\b"))
        elif kind == 6:
            name = rng.choice(names[:6])
            made.append((name, {"language": "en"}, name))
        else:
            word = rng.choice(WORDS_RU[20:])
            made.append((f"{word} -{rng.choice(rare)}", {}, rf"\b{word}\b"))
    return made


def build(folder: Path, hours: int) -> dict[str, float]:
    from media_catalog import migrate
    from media_catalog.db import make_engine, make_session_factory
    from media_catalog.ingest.batch import import_paths

    files = write_transcripts(folder / "vtt", hours)
    engine = make_engine(f"sqlite:///{folder / 'catalog.sqlite3'}")
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    import_paths(factory, [ROOT / "authority"], folder)
    started = time.perf_counter()
    summary = import_paths(factory, files, folder)
    seconds = time.perf_counter() - started
    assert not summary.failed
    engine.dispose()
    connection = sqlite3.connect(folder / "catalog.sqlite3")
    index_bytes = sum(
        connection.execute(f"SELECT coalesce(sum(length({column})), 0) FROM {table}").fetchone()[0]
        for table, column in (("segment_fts_data", "block"), ("segment_fts_idx", "term"),
                              ("segment_fts_docsize", "sz"))
    )  # fmt: skip
    text_bytes = connection.execute("SELECT sum(length(text)) FROM segments").fetchone()[0]
    connection.close()
    return {
        "import_seconds": seconds,
        "index_mb": index_bytes / 2**20,
        "text_mb": text_bytes / 2**20,
    }


def measure_search(folder: Path, queries: list[tuple[str, dict[str, object], str]]) -> list[float]:
    from media_catalog.db import make_engine, make_session_factory
    from media_catalog.search import Filters, search

    engine = make_engine(f"sqlite:///{folder / 'catalog.sqlite3'}")
    factory = make_session_factory(engine)
    times = []
    with factory() as session:
        search(session, None, "warm up")  # the name matcher is built once per process
        for text, filters, _ in queries:
            started = time.perf_counter()
            results = search(session, None, text, Filters(**filters))  # type: ignore[arg-type]
            assert results.facets is not None
            times.append(time.perf_counter() - started)
    engine.dispose()
    return times


def measure_ripgrep(folder: Path, queries: list[tuple[str, dict[str, object], str]]) -> list[float]:
    times = []
    for _, _, pattern in queries:
        started = time.perf_counter()
        subprocess.run(
            ["rg", "--ignore-case", "--count", "--no-messages", "--", pattern, str(folder / "vtt")],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(sizes: list[int]) -> list[dict]:  # type: ignore[type-arg]
    if not shutil.which("rg"):
        sys.exit("ripgrep (rg) is the baseline: install it with scripts/setup.sh --bench")
    queries = query_set()
    out = []
    for hours in sizes:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            built = build(folder, hours)
            ours = measure_search(folder, queries)
            ripgrep = measure_ripgrep(folder, queries)
        out.append({"hours": hours, **built, "ours": ours, "rg": ripgrep})
    return out


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    """The figures for benchmarks/run.py."""
    records = []
    for run in measure([10, 100] if quick else [10, 100, 1000]):
        corpus = f"{run['hours']:,} hours, {run['hours'] * 600:,} segments"
        rg50, rg95 = percentile(run["rg"], 0.5), percentile(run["rg"], 0.95)
        records += [
            figure("search: p50 latency", percentile(run["ours"], 0.5) * 1000, "ms",
                   "ripgrep p50", rg50 * 1000, corpus),
            figure("search: p95 latency", percentile(run["ours"], 0.95) * 1000, "ms",
                   "ripgrep p95", rg95 * 1000, corpus),
            figure("search: index build (import)", run["import_seconds"], "s", None, None, corpus),
            figure("search: index size", run["index_mb"], "MB", "transcript text",
                   run["text_mb"], corpus),
        ]  # fmt: skip
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    print(f"{'hours':>6}{'p50':>9}{'p95':>9}{'rg p50':>9}{'rg p95':>9}{'faster':>8}"
          f"{'import':>9}{'index':>9}{'text':>9}")  # fmt: skip
    for run in measure(args.hours):
        p50, p95 = percentile(run["ours"], 0.5) * 1000, percentile(run["ours"], 0.95) * 1000
        r50, r95 = percentile(run["rg"], 0.5) * 1000, percentile(run["rg"], 0.95) * 1000
        print(
            f"{run['hours']:>6}{p50:>7.1f}ms{p95:>7.1f}ms{r50:>7.1f}ms{r95:>7.1f}ms"
            f"{r50 / p50:>7.1f}x{run['import_seconds']:>8.1f}s{run['index_mb']:>7.1f}MB"
            f"{run['text_mb']:>7.1f}MB"
        )
        mean = statistics.mean(run["ours"]) * 1000
        print(f"       (mean {mean:.1f} ms over {len(run['ours'])} queries)")


if __name__ == "__main__":
    main()
