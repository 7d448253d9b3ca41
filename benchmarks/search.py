"""Search at archive scale (issue 20): latency, exact totals, index build and size at 1,000 and
10,000 hours of interviews, against two baselines over the same text in the same run: SQLite
FTS5 as it comes (bm25 top 20 plus a count) and ripgrep over the transcripts as .vtt files.

    .venv/bin/python benchmarks/search.py                      # 1,000 and 10,000 hours
    .venv/bin/python benchmarks/search.py --hours 100          # a quick run
    .venv/bin/python benchmarks/search.py --hours 1000 --fresh # make the archive again

Each size: the archive (benchmarks/archive.py: generated, stored, linked; cached on disk), a
full index build with `search.reindex` in a fresh process (time and peak memory), the index
size against the raw text, then the 400 queries of benchmarks/workload.py through `search()`
as the page calls it (facets and snippets), through the FTS5 table and through `rg`
(skipped, and said so, when rg is not installed). The first 240 queries are issue 4's."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import archive  # noqa: E402
import baselines  # noqa: E402
from corpus import SEGMENTS_PER_HOUR, figure  # noqa: E402
from processes import measure  # noqa: E402
from workload import QUERY_COUNT, queries, workload  # noqa: E402

from media_catalog import search  # noqa: E402
from media_catalog.db import make_engine, make_session_factory, transaction  # noqa: E402

__all__ = ["figures", "queries", "run"]  # queries: benchmarks/web.py's load
DEFAULT_HOURS = [1_000, 10_000]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(hours: int, rg: str | None, seed: int = 11, corpus: int = 2, fresh: bool = False) -> dict:  # type: ignore[type-arg]
    """Every figure of one size."""
    print(f"\n== {hours:,} hours ({hours * SEGMENTS_PER_HOUR:,} segments) ==", file=sys.stderr)
    made = archive.prepare(hours, seed, corpus, fresh)
    meta = made.meta
    f: dict = {  # type: ignore[type-arg]
        "hours": hours,
        "segments": made.segments,
        "corpus_s": meta["build"]["seconds"],
        "corpus_peak_mb": meta["build"]["peak_mb"],
        "link_s": meta["link"]["seconds"],
        "link_peak_mb": meta["link"]["peak_mb"],
        "link_workers_peak_mb": meta["link"]["workers_peak_mb"],
        "annotations": meta["link"]["annotations"],
        "db_mb": meta["db_bytes"] / 1e6,
        "text_mb": meta["text_bytes"] / 1e6,
    }
    built = measure("search:reindex_step", "building the search index", url=made.url)
    f.update(reindex_s=built["seconds"], reindex_peak_mb=built["peak_mb"])
    f["reindex_workers_peak_mb"] = built["workers_peak_mb"]
    f["index_mb"] = index_bytes(made.url) / 1e6
    work = workload()
    timed = timed_searches(made.url, work)
    f.update(timed["figures"])
    f.update(fts_baseline(made, work))
    if rg:
        f.update(rg_baseline(made, rg, work))
    (made.folder / "last-run.json").write_text(
        json.dumps({"figures": f, "queries": timed["queries"]}, indent=1, ensure_ascii=False)
    )
    return f


def reindex_step(url: str) -> dict:  # type: ignore[type-arg]
    """In a fresh process (processes.measure): the index built from the catalog, as
    `search --reindex` does."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    with transaction(factory) as session:
        search.reindex(session)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds}


def index_bytes(url: str) -> int:
    """The engine's own figure (`index_stats`, once the new engine has it), else FTS5's."""
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        stats = getattr(search, "index_stats", None)
        if stats is not None:
            size = int(stats(session)["bytes"])
        else:
            size = search.backend(session).index_size_bytes(session)
    engine.dispose()
    return size


def timed_searches(url: str, work: list[tuple[str, str, search.Filters]]) -> dict:  # type: ignore[type-arg]
    """Each query as the page runs it, timed; totals read from `results.total_hits`."""
    engine = make_engine(url)
    factory = make_session_factory(engine)
    rows = []
    print(f"  {len(work)} searches ...", file=sys.stderr, flush=True)
    with factory() as session:
        for _kind, query, filters in work[:10]:  # warm the page cache and the name index
            search.search(session, None, query, filters)
        for kind, query, filters in work:
            started = time.perf_counter()
            try:
                results = search.search(session, None, query, filters)
                total, capped = results.total_hits, bool(getattr(results, "capped", False))
            except search.QueryError:
                total, capped = -1, False
            rows.append(
                {"kind": kind, "query": query, "filters": repr(filters), "total": total,
                 "capped": capped, "ms": (time.perf_counter() - started) * 1000}
            )  # fmt: skip
    engine.dispose()
    return {"figures": latency_figures(rows), "queries": rows}


def latency_figures(rows: list[dict]) -> dict:  # type: ignore[type-arg]
    """p50/p95/max over all queries, over issue 4's and over each kind; exact-total counts."""
    times = [r["ms"] for r in rows]
    slowest = max(rows, key=lambda r: r["ms"])
    f = {
        "p50_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
        "slowest": f"{slowest['query']} ({slowest['kind']})",
        "issue4_p50_ms": percentile(times[:QUERY_COUNT], 0.5),
        "issue4_p95_ms": percentile(times[:QUERY_COUNT], 0.95),
        "over_100": sum(r["total"] > 100 for r in rows),
        "over_10000": sum(r["total"] > 10_000 for r in rows),
        "capped": sum(r["capped"] for r in rows),
        "refused": sum(r["total"] < 0 for r in rows),
        "no_hits": sum(r["total"] == 0 for r in rows),
        "kinds": {},
    }
    for kind in dict.fromkeys(r["kind"] for r in rows):
        mine = [r["ms"] for r in rows if r["kind"] == kind]
        found = sum(r["total"] > 0 for r in rows if r["kind"] == kind)
        f["kinds"][kind] = (percentile(mine, 0.5), percentile(mine, 0.95), found, len(mine))
    return f


def fts_baseline(made: archive.Archive, work: list[tuple[str, str, search.Filters]]) -> dict:  # type: ignore[type-arg]
    path = baselines.fts_path(made)
    built = baselines.fts_meta(made)
    print(f"  {len(work)} queries through the FTS5 baseline ...", file=sys.stderr, flush=True)
    times, counts = baselines.fts_times(path, [query for _kind, query, _f in work])
    return {
        "fts_build_s": built["seconds"],
        "fts_build_peak_mb": built["peak_mb"],
        "fts_mb": built["bytes"] / 1e6,
        "fts_p50_ms": percentile(times, 0.5),
        "fts_p95_ms": percentile(times, 0.95),
        "fts_max_ms": max(times),
        "fts_over_100": sum(c > 100 for c in counts),
        "fts_over_10000": sum(c > 10_000 for c in counts),
    }


def rg_baseline(
    made: archive.Archive, rg: str, work: list[tuple[str, str, search.Filters]]
) -> dict:  # type: ignore[type-arg]
    folder, size = baselines.vtt_folder(made)
    print(f"  {len(work)} queries through rg ...", file=sys.stderr, flush=True)
    times = baselines.rg_times(rg, folder, [query for _kind, query, _f in work])
    return {
        "vtt_mb": size / 1e6,
        "rg_p50_ms": percentile(times, 0.5),
        "rg_p95_ms": percentile(times, 0.95),
    }


def report(f: dict) -> str:  # type: ignore[type-arg]
    """One size's figures as lines for a person."""
    lines = [
        f"== {f['hours']:,} hours ({f['segments']:,} segments), {len(workload())} queries ==",
        f"archive: generated and stored in {f['corpus_s']:.0f} s "
        f"(peak {f['corpus_peak_mb']:.0f} MB), "
        f"linked in {f['link_s']:.0f} s (peak {f['link_peak_mb']:.0f} MB, workers "
        f"{f['link_workers_peak_mb']:.0f} MB, {f['annotations']:,} annotations); "
        f"database {f['db_mb']:,.0f} MB",
        f"index build {f['reindex_s']:.1f} s, peak {f['reindex_peak_mb']:.0f} MB "
        f"(workers {f['reindex_workers_peak_mb']:.0f} MB); index {f['index_mb']:,.1f} MB "
        f"for {f['text_mb']:,.1f} MB of text ({f['index_mb'] / f['text_mb']:.0%})",
        f"search: p50 {f['p50_ms']:.2f} ms, p95 {f['p95_ms']:.2f} ms, max {f['max_ms']:.1f} ms "
        f"({f['slowest']}); issue 4's 240: p50 {f['issue4_p50_ms']:.2f}, "
        f"p95 {f['issue4_p95_ms']:.2f} ms",
        f"totals: {f['over_100']} queries over 100 moments, {f['over_10000']} over 10,000; "
        f"{f['capped']} capped, {f['no_hits']} with none, {f['refused']} refused",
    ]
    lines += [
        f"  {kind:<14} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  found something {found}/{n}"
        for kind, (p50, p95, found, n) in f["kinds"].items()
    ]
    lines.append(
        f"FTS5 baseline (bm25 top 20 + count): p50 {f['fts_p50_ms']:.2f} ms, p95 "
        f"{f['fts_p95_ms']:.2f} ms, max {f['fts_max_ms']:.0f} ms; {f['fts_over_100']} over 100, "
        f"{f['fts_over_10000']} over 10,000; built in {f['fts_build_s']:.1f} s "
        f"(peak {f['fts_build_peak_mb']:.0f} MB), {f['fts_mb']:,.1f} MB"
    )
    if "rg_p50_ms" in f:
        lines.append(
            f"rg over {f['vtt_mb']:,.1f} MB of .vtt: p50 {f['rg_p50_ms']:.1f} ms, "
            f"p95 {f['rg_p95_ms']:.1f} ms; median speed-up {f['rg_p50_ms'] / f['p50_ms']:.1f}x"
        )
    return "\n".join(lines)


GROWTH = [  # (label, key)
    ("search p50", "p50_ms"),
    ("search p95", "p95_ms"),
    ("FTS5 baseline p50", "fts_p50_ms"),
    ("FTS5 baseline p95", "fts_p95_ms"),
    ("rg p50", "rg_p50_ms"),
    ("rg p95", "rg_p95_ms"),
    ("index build time", "reindex_s"),
    ("index build peak memory", "reindex_peak_mb"),
    ("index size", "index_mb"),
]


def growth(small: dict, large: dict) -> str:  # type: ignore[type-arg]
    """How each figure grows from the smaller archive to the larger (the text grows by the
    ratio of their hours)."""
    lines = [f"== growth from {small['hours']:,} to {large['hours']:,} hours "
             f"({large['hours'] / small['hours']:.0f}x the text) =="]  # fmt: skip
    for label, key in GROWTH:
        if key in small and key in large and small[key]:
            lines.append(
                f"{label:<26}{small[key]:>10.2f} -> {large[key]:>10.2f}   "
                f"x{large[key] / small[key]:.1f}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, nargs="+", help="archive sizes (1,000 and 10,000)")
    parser.add_argument("--sizes", type=int, nargs="+", help="sizes in segments (600 an hour)")
    parser.add_argument("--seed", type=int, default=11, help="the corpus's seed")
    parser.add_argument(
        "--corpus", type=int, choices=[1, 2], default=2, help="1: issue 4's, no forms or Hebrew"
    )
    parser.add_argument("--fresh", action="store_true", help="make the archives again")
    args = parser.parse_args()
    hours = args.hours or [max(1, s // SEGMENTS_PER_HOUR) for s in args.sizes or []]
    rg = _ripgrep()
    runs = []
    for size in hours or DEFAULT_HOURS:
        runs.append(run(size, rg, args.seed, args.corpus, args.fresh))
        print("\n" + report(runs[-1]), flush=True)
    for small, large in zip(runs, runs[1:], strict=False):
        print("\n" + growth(small, large), flush=True)


def _ripgrep() -> str | None:
    rg = shutil.which("rg")
    if rg is None:
        print(
            "ripgrep (rg) is not installed: the rg comparison is SKIPPED "
            "(scripts/setup.sh --bench installs it).",
            file=sys.stderr,
        )
    return rg


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    """The figures for benchmarks/run.py: 10 and 100 hours quick, then 1,000 and 10,000."""
    rg = _ripgrep()
    records = []
    for hours in [10, 100] if quick else [10, 100, 1_000, 10_000]:
        f = run(hours, rg)
        print("\n" + report(f), file=sys.stderr, flush=True)
        corpus = f"{f['segments']:,} segments ({hours:,} hours)"
        records += [
            figure("search: p50 latency", f["p50_ms"], "ms", "ripgrep p50",
                   f.get("rg_p50_ms"), corpus),
            figure("search: p95 latency", f["p95_ms"], "ms", "ripgrep p95",
                   f.get("rg_p95_ms"), corpus),
            figure("search: p50 against FTS5", f["p50_ms"], "ms", "FTS5 top 20 + count p50",
                   f["fts_p50_ms"], corpus),
            figure("search: p95 against FTS5", f["p95_ms"], "ms", "FTS5 top 20 + count p95",
                   f["fts_p95_ms"], corpus),
            figure("search: queries over 100 moments", f["over_100"], "queries",
                   "FTS5 count over 100", f["fts_over_100"], corpus),
            figure("search: index size", f["index_mb"], "MB", "transcript text",
                   f["text_mb"], corpus),
            figure("search: index rebuild", f["reindex_s"], "s", "FTS5 baseline build",
                   f["fts_build_s"], corpus),
            figure("search: index rebuild peak memory", f["reindex_peak_mb"], "MB", None, None,
                   corpus),
        ]  # fmt: skip
    return records


if __name__ == "__main__":
    main()
