"""Search latency on a generated corpus (benchmarks/corpus.py), at 100 and 1,000 hours, against
ripgrep scanning the same transcripts written as .vtt files for the same words.

    .venv/bin/python benchmarks/search.py                 # 60,000 and 600,000 segments
    .venv/bin/python benchmarks/search.py --sizes 60000   # a quick run

Each size: build the catalog (as benchmarks/linking.py does) and link it, so entity filters and
entity-aware queries have annotations; time a full index rebuild and measure the index size;
then run the same 240 mixed queries (words rare and frequent, phrases, prefixes, names, entity
and language filters) through `search()` with facets and snippets, and the same words through
`rg` (skipped, and said so, when rg is not installed)."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import WORDS_EN, WORDS_RU, figure, synthetic_authority  # noqa: E402
from linking import build_database  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from media_catalog import search  # noqa: E402
from media_catalog.db import make_engine, make_session_factory, transaction  # noqa: E402
from media_catalog.models import Segment, Transcript  # noqa: E402
from media_catalog.search.query import parse  # noqa: E402
from media_catalog.timecode import format_clock  # noqa: E402

QUERY_COUNT = 240


def queries(seed: int = 5) -> list[tuple[str, search.Filters]]:
    """Deterministic mixed queries: a fifth each of single words (frequent ones included),
    phrases, prefixes, names, and words with an entity or language filter."""
    rng = random.Random(seed)
    authority = synthetic_authority(5_000)
    demo_people = [e for e in authority if not e["slug"].startswith("gen-")]
    out: list[tuple[str, search.Filters]] = []
    for number in range(QUERY_COUNT):
        kind = number % 6
        if kind == 0:
            out.append((rng.choice(WORDS_EN[:12] + WORDS_EN[40:] + WORDS_RU), search.Filters()))
        elif kind == 1:
            first, second = rng.sample(WORDS_EN[30:], 2)
            out.append((f'"{first} {second}"', search.Filters()))
        elif kind == 2:
            word = rng.choice([w for w in WORDS_EN + WORDS_RU if len(w) >= 5])
            out.append((word[:4] + "*", search.Filters()))
        elif kind == 3:
            entity = rng.choice(authority)
            out.append((rng.choice([entity["name"], *entity["aliases"]]), search.Filters()))
        elif kind == 4:
            entity = rng.choice(demo_people)
            word = rng.choice(WORDS_EN[20:])
            out.append((word, search.Filters(entities=(entity["slug"],))))
        else:
            out.append((rng.choice(WORDS_RU[10:]), search.Filters(language="en")))
    return out


def write_vtt(url: str, folder: Path) -> int:
    """One .vtt per track, as an archive would keep them; returns the bytes written."""
    engine = make_engine(url)
    size = 0
    with engine.connect() as connection:
        tracks: dict[int, list[str]] = {}
        rows = connection.execute(
            select(Segment.transcript_id, Segment.start_ms, Segment.end_ms, Segment.text)
        )
        for transcript_id, start, end, body in rows:
            tracks.setdefault(transcript_id, ["WEBVTT", ""]).append(
                f"{format_clock(start)} --> {format_clock(end)}\n{body}\n"
            )
        names = {
            t: m for t, m in connection.execute(select(Transcript.id, Transcript.media_item_id))
        }
    for transcript_id, lines in tracks.items():
        path = folder / f"track-{names[transcript_id]}.vtt"
        path.write_text("\n".join(lines), encoding="utf-8")
        size += path.stat().st_size
    engine.dispose()
    return size


def rg_pattern(query: str) -> tuple[list[str], str]:
    """The same words as an rg invocation: case-insensitive, whole words, prefix as \\w*."""
    parsed = parse(query)
    parts = []
    for term in parsed.terms:
        words = [w for w in term.words]
        pattern = r"\s+".join(words)
        parts.append(pattern + (r"\w*" if term.kind == "prefix" else ""))
    return ["-i", "-w", "-c"], "|".join(f"(?:{p})" for p in parts)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(size: int, rg: str | None) -> dict[str, float]:
    tracks = max(1, size // 600)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        started = time.perf_counter()
        build_database(url, size, 5_000, tracks)
        built = time.perf_counter() - started
        from media_catalog.linking.relink import link

        engine = make_engine(url)
        factory = make_session_factory(engine)
        started = time.perf_counter()
        with transaction(factory) as session:
            link(session)
        linked = time.perf_counter() - started
        started = time.perf_counter()
        with transaction(factory) as session:
            search.reindex(session)
        reindexed = time.perf_counter() - started
        with factory() as session:
            index_bytes = search.backend(session).index_size_bytes(session)
            text_bytes = session.scalar(
                text("SELECT sum(length(CAST(text AS BLOB))) FROM segments")
            )
        latencies, capped = [], 0
        workload = queries()
        with factory() as session:
            for query, filters in workload[:10]:  # warm the page cache and the name index
                search.search(session, None, query, filters)
            for query, filters in workload:
                started = time.perf_counter()
                results = search.search(session, None, query, filters)
                latencies.append((time.perf_counter() - started) * 1000)
                capped += results.capped
        engine.dispose()
        figures = {
            "segments": size,
            "corpus_s": built,
            "link_s": linked,
            "reindex_s": reindexed,
            "index_mb": index_bytes / 1e6,
            "text_mb": (text_bytes or 0) / 1e6,
            "p50_ms": percentile(latencies, 0.5),
            "p95_ms": percentile(latencies, 0.95),
            "max_ms": max(latencies),
            "capped": capped,
        }
        if rg:
            vtt = Path(folder) / "vtt"
            vtt.mkdir()
            figures["vtt_mb"] = write_vtt(url, vtt) / 1e6
            rg_times = []
            for query, _filters in workload:
                flags, pattern = rg_pattern(query)
                started = time.perf_counter()
                subprocess.run(
                    [rg, *flags, "-e", pattern, str(vtt)], capture_output=True, check=False
                )
                rg_times.append((time.perf_counter() - started) * 1000)
            figures["rg_p50_ms"] = percentile(rg_times, 0.5)
            figures["rg_p95_ms"] = percentile(rg_times, 0.95)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60_000, 600_000])
    args = parser.parse_args()
    rg = shutil.which("rg")
    if rg is None:
        print(
            "ripgrep (rg) is not installed: the rg comparison is SKIPPED "
            "(scripts/setup.sh --bench installs it)."
        )
    for size in args.sizes:
        f = run(size, rg)
        lines = [
            f"== {size:,} segments (about {size / 600:,.0f} hours), {QUERY_COUNT} queries ==",
            f"corpus built in {f['corpus_s']:.1f} s (index kept by triggers), "
            f"linked in {f['link_s']:.1f} s",
            f"index rebuild {f['reindex_s']:.1f} s; "
            f"index {f['index_mb']:.1f} MB for {f['text_mb']:.1f} MB of text",
            f"search with facets and snippets: p50 {f['p50_ms']:.2f} ms, "
            f"p95 {f['p95_ms']:.2f} ms, max {f['max_ms']:.1f} ms; {f['capped']} queries capped",
        ]
        if "rg_p50_ms" in f:
            lines += [
                f"rg over {f['vtt_mb']:.1f} MB of .vtt: p50 {f['rg_p50_ms']:.1f} ms, "
                f"p95 {f['rg_p95_ms']:.1f} ms",
                f"median speed-up over rg: {f['rg_p50_ms'] / f['p50_ms']:.1f}x",
            ]
        print("\n" + "\n".join(lines), flush=True)


if __name__ == "__main__":
    main()


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    """The figures for benchmarks/run.py."""
    rg = shutil.which("rg")
    records = []
    for size in [6_000, 60_000] if quick else [6_000, 60_000, 600_000]:
        f = run(size, rg)
        corpus = f"{size:,} segments"
        records += [
            figure("search: p50 latency", f["p50_ms"], "ms", "ripgrep p50",
                   f.get("rg_p50_ms"), corpus),
            figure("search: p95 latency", f["p95_ms"], "ms", "ripgrep p95",
                   f.get("rg_p95_ms"), corpus),
            figure("search: index size", f["index_mb"], "MB", "transcript text",
                   f["text_mb"], corpus),
            figure("search: index rebuild", f["reindex_s"], "s", None, None, corpus),
        ]  # fmt: skip
    return records
