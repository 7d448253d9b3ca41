"""The search benchmark's baselines over the same text, kept beside the cached archive:

- SQLite FTS5 as it comes: a contentless `bench_fts` table (unicode61, diacritics removed) in
  its own file, each query as bm25() ORDER BY with LIMIT 20 plus a count(*) of the matches;
- ripgrep over the transcripts written as one .vtt file per track, one process per query, as
  a shell user would run it.

Both read a query's words as written (no word forms, names or filters: those are what the
catalog adds); the query is read here, not with media_catalog's parser, so the baselines stay
the same while the search engine changes."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import time
from pathlib import Path

from archive import Archive
from processes import Progress, measure

from media_catalog.timecode import format_clock

_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def terms(query: str) -> list[tuple[str, list[str]]]:
    """(kind, words) of a query: 'phrase' for quoted text (or a token of several words, as
    Sharansky's), 'prefix' for word*, else 'word'; lower case, ё as е, as the index holds."""
    out = []
    for quoted, bare in _TOKEN.findall(query):
        words = _WORD.findall((quoted or bare).lower().replace("ё", "е"))
        if not words:
            continue
        if bare and bare.endswith("*"):
            out.append(("prefix", words))
        else:
            out.append(("phrase" if quoted or len(words) > 1 else "word", words))
    return out


def fts5_expression(query: str) -> str:
    """Every term must match: "word", "two words", "pref"*."""
    parts = [
        '"' + " ".join(words) + '"' + ("*" if kind == "prefix" else "")
        for kind, words in terms(query)
    ]
    return " AND ".join(parts)


def rg_pattern(query: str) -> str:
    """Any term, as issue 4's baseline searched: whole words, phrases across spaces, prefixes
    as word\\w*."""
    parts = []
    for kind, words in terms(query):
        parts.append(r"\s+".join(words) + (r"\w*" if kind == "prefix" else ""))
    return "|".join(f"(?:{p})" for p in parts)


def fts_path(archive: Archive) -> Path:
    """The FTS5 baseline's own database, built once per archive (its time, peak, size kept)."""
    path = archive.folder / "bench_fts.sqlite3"
    meta = archive.folder / "bench_fts.json"
    if not meta.exists():
        path.unlink(missing_ok=True)
        built = measure(
            "baselines:fts_step",
            f"building the FTS5 baseline over {archive.segments:,} segments",
            catalog=str(archive.path),
            path=str(path),
        )
        meta.write_text(json.dumps(built))
    return path


def fts_meta(archive: Archive) -> dict:  # type: ignore[type-arg]
    return json.loads((archive.folder / "bench_fts.json").read_text())  # type: ignore[no-any-return]


def fts_step(catalog: str, path: str) -> dict:  # type: ignore[type-arg]
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE VIRTUAL TABLE bench_fts USING fts5(body, content='', "
        'tokenize="unicode61 remove_diacritics 2")'
    )
    connection.execute("ATTACH DATABASE ? AS catalog", (catalog,))
    started = time.perf_counter()
    connection.execute("INSERT INTO bench_fts(rowid, body) SELECT id, text FROM catalog.segments")
    connection.commit()
    seconds = time.perf_counter() - started
    connection.execute("DETACH DATABASE catalog")
    connection.execute("VACUUM")
    connection.close()
    return {"seconds": seconds, "bytes": Path(path).stat().st_size}


def fts_times(path: Path, queries: list[str]) -> tuple[list[float], list[int]]:
    """Milliseconds per query (top 20 by bm25, then the count) and the counts."""
    connection = sqlite3.connect(path)
    top = (
        "SELECT rowid, bm25(bench_fts) FROM bench_fts WHERE bench_fts MATCH ? "
        "ORDER BY bm25(bench_fts) LIMIT 20"
    )
    count = "SELECT count(*) FROM bench_fts WHERE bench_fts MATCH ?"
    for query in queries[:10]:  # warm the page cache
        connection.execute(top, (fts5_expression(query),)).fetchall()
    times, counts = [], []
    for query in queries:
        expression = fts5_expression(query)
        started = time.perf_counter()
        connection.execute(top, (expression,)).fetchall()
        counts.append(connection.execute(count, (expression,)).fetchone()[0])
        times.append((time.perf_counter() - started) * 1000)
    connection.close()
    return times, counts


def vtt_folder(archive: Archive) -> tuple[Path, int]:
    """The archive's tracks as .vtt files (written once, streaming: one track in memory)."""
    folder = archive.folder / "vtt"
    done = archive.folder / "vtt.json"
    if not done.exists():
        if folder.exists():
            for path in folder.glob("*.vtt"):
                path.unlink()
        folder.mkdir(exist_ok=True)
        started = time.perf_counter()
        size = _write_vtt(archive, folder)
        done.write_text(json.dumps({"bytes": size, "seconds": time.perf_counter() - started}))
    return folder, int(json.loads(done.read_text())["bytes"])


def _write_vtt(archive: Archive, folder: Path) -> int:
    connection = sqlite3.connect(archive.path)
    rows = connection.execute(
        "SELECT t.media_item_id, s.start_ms, s.end_ms, s.text FROM segments s "
        "JOIN transcripts t ON t.id = s.transcript_id ORDER BY s.transcript_id, s.start_ms"
    )
    progress = Progress("written as .vtt", "segments")
    size, current, lines = 0, None, []
    for number, (media_id, start, end, body) in enumerate(rows, 1):
        if media_id != current:
            size += _write_track(folder, current, lines)
            current, lines = media_id, ["WEBVTT", ""]
        lines.append(f"{format_clock(start)} --> {format_clock(end)}\n{body}\n")
        if number % 100_000 == 0:
            progress(number, archive.segments)
    size += _write_track(folder, current, lines)
    connection.close()
    return size


def _write_track(folder: Path, media_id: int | None, lines: list[str]) -> int:
    if media_id is None:
        return 0
    path = folder / f"track-{media_id}.vtt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path.stat().st_size


def rg_times(rg: str, folder: Path, queries: list[str]) -> list[float]:
    """Milliseconds per query: `rg -i -w -c` over the folder, one process each."""
    times = []
    for query in queries:
        started = time.perf_counter()
        subprocess.run(
            [rg, "-i", "-w", "-c", "-e", rg_pattern(query), str(folder)],
            capture_output=True,
            check=False,
        )
        times.append((time.perf_counter() - started) * 1000)
    return times
