"""Mixed traffic as a public site sees it, served as in production: gunicorn with four sync
workers on this machine's two cores, and concurrent clients asking, in a weighted mix, for
searches (issue 4's 240 queries), player pages of random interviews, byte ranges of media files
(a browser's seeking: 206 with the right Content-Range and length) and caption files. Every
request is timed and checked; per kind: requests, requests/s, p50, p95, max and errors. Any
error fails the run. The app's /healthz, asked by the same clients alone just before and just
after, is the ceiling the figures are read against (the machine is shared and noisy: ratios).

    python benchmarks/mixed.py [--hours 100] [--seconds 120] [--clients 16]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from web import Server, _env, _paths, build  # noqa: E402
from workload import queries  # noqa: E402

WORKERS = 4
# What a public site is asked, by weight: search leads, seeking in the player is next.
MIX = {"search": 40, "range": 25, "player": 20, "captions": 15}
RANGE_BYTES = 256 * 1024  # about what a browser asks for at a time when it seeks
MEDIA_ITEMS = 40  # interviews given a media file (one recording, linked under each name)
CLIP_SECONDS = 120


@dataclass
class Request:
    kind: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    check: Callable[[int, dict[str, str], bytes], str | None] = lambda status, h, b: (
        None if status == 200 else f"status {status}"
    )


@dataclass
class Tally:
    """Each kind's latencies (seconds) and errors, every request counted."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, kind: str, took: float, error: str | None) -> None:
        self.times.setdefault(kind, []).append(took)
        if error:
            self.errors.setdefault(kind, []).append(error)


def prepare(folder: Path, hours: int) -> tuple[str, list[tuple[str, str]], int]:
    """The catalog (web.py's build), then one recorded clip linked under the first interviews'
    names as their media: (database URL, (slug, language) of every track, the clip's bytes)."""
    from sqlalchemy import select

    from media_catalog.db import make_engine, make_session_factory
    from media_catalog.formats import media
    from media_catalog.models import MediaItem, Transcript

    url = build(folder, hours)
    clip = folder / "media" / "clip.mp4"
    clip.parent.mkdir()
    media.make_test_pattern(clip, title="Mixed traffic", duration_s=CLIP_SECONDS)
    engine = make_engine(url)
    with make_session_factory(engine)() as session, session.begin():
        tracks = [
            (slug, language)
            for slug, language in session.execute(
                select(MediaItem.slug, Transcript.language).join(Transcript)
            )
        ]
        items = session.scalars(select(MediaItem).order_by(MediaItem.slug).limit(MEDIA_ITEMS))
        for number, item in enumerate(items):
            linked = clip.with_name(f"{number}.mp4")
            os.link(clip, linked)
            item.media_path = str(linked.relative_to(folder))
            item.media_status, item.duration_ms = "ok", CLIP_SECONDS * 1000
    engine.dispose()
    return url, tracks, clip.stat().st_size


def requests_for(tracks: list[tuple[str, str]], clip_bytes: int) -> dict[str, Callable]:
    """For each kind, a maker of its next request from a random generator."""
    searches = _paths(queries())
    slugs = sorted({slug for slug, _ in tracks})
    with_media = slugs[:MEDIA_ITEMS]

    def ranged(rng: random.Random) -> Request:
        start = rng.randrange(0, clip_bytes - RANGE_BYTES)
        end = start + RANGE_BYTES - 1

        def check(status: int, headers: dict[str, str], body: bytes) -> str | None:
            expected = f"bytes {start}-{end}/{clip_bytes}"
            if status != 206 or headers.get("content-range") != expected:
                return f"status {status}, Content-Range {headers.get('content-range')!r}"
            return None if len(body) == RANGE_BYTES else f"{len(body)} bytes"

        path = f"/media/{rng.choice(with_media)}/file/original"
        return Request("range", path, {"Range": f"bytes={start}-{end}"}, check)

    return {
        "search": lambda rng: Request("search", rng.choice(searches)),
        "player": lambda rng: Request("player", f"/media/{rng.choice(slugs)}"),
        "captions": lambda rng: Request(
            "captions", "/media/{}/captions/{}.vtt".format(*rng.choice(tracks))
        ),
        "range": ranged,
    }


def ask(port: int, request: Request) -> tuple[float, str | None]:
    """One request on a connection of its own (gunicorn's sync workers keep none open)."""
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", request.path, headers=request.headers)
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        connection.close()
        error = request.check(response.status, headers, body)
    except OSError as exc:
        error = f"{exc.__class__.__name__}: {exc}"
    return time.perf_counter() - started, error and f"{request.path}: {error}"


def load(
    port: int, make: Callable[[random.Random], Request], seconds: float, clients: int
) -> Tally:
    """`clients` threads asking one request after another until the time is up."""
    tally, lock = Tally(), threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            request = make(rng)
            took, error = ask(port, request)
            with lock:
                tally.add(request.kind, took, error)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.seconds = time.perf_counter() - started
    return tally


def mixed(kinds: dict[str, Callable]) -> Callable[[random.Random], Request]:
    names, weights = list(MIX), list(MIX.values())
    return lambda rng: kinds[rng.choices(names, weights)[0]](rng)


def measure(hours: int, seconds: int, clients: int, trivial_seconds: int) -> dict:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url, tracks, clip_bytes = prepare(folder, hours)
        server = Server("media_catalog.wsgi:app", _env(url, folder), workers=WORKERS)
        try:
            port = server.port
            healthz = lambda rng: Request("healthz", "/healthz")  # noqa: E731
            load(port, mixed(requests_for(tracks, clip_bytes)), 5, clients)  # warm every worker
            before = load(port, healthz, trivial_seconds, clients)
            run = load(port, mixed(requests_for(tracks, clip_bytes)), seconds, clients)
            after = load(port, healthz, trivial_seconds, clients)
        finally:
            server.stop()
    return {"hours": hours, "clients": clients, "before": before, "run": run, "after": after}


def quantile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[round(fraction * (len(ordered) - 1))] if ordered else 0.0


def rows(tally: Tally) -> list[dict]:  # type: ignore[type-arg]
    """Per kind and in all: requests, requests/s, p50, p95 and max (ms), errors."""
    kinds = {**tally.times, "all": [t for times in tally.times.values() for t in times]}
    return [
        {
            "kind": kind,
            "requests": len(times),
            "rps": len(times) / tally.seconds,
            "p50_ms": quantile(times, 0.5) * 1000,
            "p95_ms": quantile(times, 0.95) * 1000,
            "max_ms": max(times) * 1000,
            "errors": sum(len(e) for k, e in tally.errors.items() if kind in (k, "all")),
        }
        for kind, times in kinds.items()
        if times
    ]


def report(result: dict) -> int:  # type: ignore[type-arg]
    """Prints the table; the exit status is 1 when any request failed."""
    run = result["run"]
    ceiling = statistics.mean(
        row["rps"] for tally in (result["before"], result["after"]) for row in rows(tally)
        if row["kind"] == "all"
    )  # fmt: skip
    print(f"{result['hours']} hours, {WORKERS} gunicorn workers, {result['clients']} clients, "
          f"{run.seconds:.0f} s; mix {MIX}")  # fmt: skip
    print(f"{'kind':<9} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} errors")  # fmt: skip
    for label, tally in (("healthz before", result["before"]), ("healthz after", result["after"])):
        row = next(r for r in rows(tally) if r["kind"] == "all")
        print(f"{label:<16} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:.1f} ms  "
              f"p95 {row['p95_ms']:.1f} ms")  # fmt: skip
    for row in rows(run):
        print(f"{row['kind']:<9} {row['requests']:>9} {row['rps']:8.1f} {row['p50_ms']:8.1f} "
              f"{row['p95_ms']:8.1f} {row['max_ms']:8.1f} {row['errors']:>6}")  # fmt: skip
    total = next(r for r in rows(run) if r["kind"] == "all")
    print(f"mixed traffic: {total['rps']:.1f} req/s, {total['rps'] / ceiling:.1%} of /healthz "
          f"({ceiling:.1f} req/s, mean of before and after)")  # fmt: skip
    for kind, errors in run.errors.items():
        print(f"{len(errors)} {kind} error(s), the first: {errors[0]}")
    return 1 if run.errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--trivial-seconds", type=int, default=15)
    args = parser.parse_args()
    result = measure(args.hours, args.seconds, args.clients, args.trivial_seconds)
    sys.exit(report(result))


if __name__ == "__main__":
    main()
