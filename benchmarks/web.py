"""The web side at scale, served as in production (gunicorn, two sync workers, loopback):

- the player page and the transcript API of a 3-hour interview (1,800 segments), median and
  p95 over sequential requests, against the same server's trivial JSON endpoint;
- throughput of the search API under wrk, against a trivial Flask JSON endpoint served by
  gunicorn the same way (the ceiling), in the same run: issue 4's 240 queries in turn (after
  the first pass, answers kept by the server); 30,000 different searches, none repeated, so
  every one is found afresh; the 240 with no answers kept; and the 240 with rate limits off,
  with them counted in Redis, and asked by 10,000 client addresses each under the default
  limit (what counting each search costs when leases of counts cannot be reused much).

The catalog is the demo authority, 100 one-hour interviews (the import benchmark's corpus) and
one 3-hour interview.

    python benchmarks/web.py [--hours 100] [--seconds 10]
    python benchmarks/web.py --hours 1000     # issue 20: at least 25 % of the trivial endpoint
    python benchmarks/web.py --hours 1000 --limit-rounds 3   # the rate-limit rows, 3 rounds
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import ROOT, figure, write_transcripts  # noqa: E402
from workload import distinct, queries  # noqa: E402

LONG_SLUG = "bench-interview-three-hours"


def build(folder: Path, hours: int) -> str:
    from media_catalog import migrate
    from media_catalog.db import make_engine, make_session_factory
    from media_catalog.ingest.batch import import_paths

    files = write_transcripts(folder / "vtt", hours)
    long = write_transcripts(folder / "long", 3, seed=3)
    # Three hours in one track: the three files' cues, one after another.
    cues = []
    for number, path in enumerate(long):
        lines = path.read_text(encoding="utf-8").split("\n")[2:]
        for line in lines:
            if "-->" in line:
                start, end = line.split(" --> ")
                line = f"{_shift(start, number)} --> {_shift(end, number)}"
            cues.append(line)
    three = folder / "long" / f"{LONG_SLUG}.vtt"
    three.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    (folder / "long" / f"{LONG_SLUG}.yaml").write_text(
        f"media: {LONG_SLUG}\nlanguage: en\nkind: original\ntitle: Three-hour interview\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{folder / 'catalog.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = make_session_factory(engine)
    summary = import_paths(factory, [ROOT / "authority", *files, three], folder)
    assert not summary.failed, [o.detail for o in summary.failed[:3]]
    engine.dispose()
    return url


def _params(text: str, filters: object) -> dict[str, object]:
    """A search as the API's URL parameters (the search page's names)."""
    params: dict[str, object] = {"q": text}
    for name, value in vars(filters).items():
        if value not in (None, (), [], ""):
            params["entity" if name == "entities" else name] = value
    return params


def _shift(clock: str, hours: int) -> str:
    h, rest = clock.split(":", 1)
    return f"{int(h) + hours:02d}:{rest}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn with sync workers (two unless told) on loopback, serving `app` (module:callable)."""

    def __init__(
        self, app: str, env: dict[str, str], ready: str = "/healthz", workers: int = 2
    ) -> None:
        self.port = _free_port()
        self.ready = ready  # a path answered without the database (the home page reads it all)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", app],
            env={**os.environ, "PYTHONPATH": str(HERE.parent), **env},  # this checkout's package
            cwd=HERE,
        )  # fmt: skip
        deadline = time.time() + 120  # a loaded machine starts slowly
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.ready}", timeout=5)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{app} did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        """Gracefully (a worker may be finishing a request wrk left), then at once."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def latencies(url: str, count: int) -> list[float]:
    urllib.request.urlopen(url).read()  # warm
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
            assert response.status == 200
        times.append(time.perf_counter() - started)
    return times


def warm(base: str) -> None:
    """Searches no load repeats, eight at a time, so that each worker has read its index and
    names before the load is timed (a worker's first search may build what it reads)."""
    paths = [f"{base}/api/v1/search?q=warmup{n}" for n in range(16)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda url: urllib.request.urlopen(url, timeout=600).read(), paths))


def throughput(
    base: str, paths: list[str], seconds: int, folder: Path, clients: int = 0
) -> tuple[float, int]:
    """Requests per second under wrk (two threads, eight connections) walking `paths` in
    turn, and the requests made; the two threads take alternate paths, so a list longer than
    the requests is a load in which no request repeats. With `clients`, each request comes
    from the next of that many addresses (X-Forwarded-For, for a server told PROXY_HOPS=1)."""
    script = folder / "paths.lua"
    quoted = ",".join(json.dumps(path) for path in paths)
    # wrk's Lua is 5.1: no integer division operator.
    address = f"'10.0.' .. math.floor((n % {clients}) / 256) .. '.' .. (n % {clients}) % 256"
    headers = f"{{['X-Forwarded-For'] = {address}}}" if clients else "nil"
    script.write_text(
        f"local paths = {{{quoted}}}\nlocal threads = 0\n"
        "function setup(thread)\n  thread:set('id', threads)\n  threads = threads + 1\nend\n"
        "local n = 0\n"
        "request = function()\n  local i = (n * 2 + id) % #paths + 1\n  n = n + 1\n"
        f"  return wrk.format('GET', paths[i], {headers})\nend\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(script), base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("Requests/sec"))
    made = next(line for line in out.splitlines() if " requests in " in line)
    non_2xx = [line for line in out.splitlines() if "Non-2xx" in line]
    assert not non_2xx, out
    return float(line.split()[1]), int(made.split()[0])


DISTINCT = 30_000  # more searches than a run of wrk makes, so that none repeats
CLIENTS = 10_000  # client addresses, each far under the default search limit in a run


def _env(url: str, folder: Path) -> dict[str, str]:
    # The load comes from one address: limits stay on (their counting is part of what a
    # search costs) but far above what wrk asks.
    # The trivial endpoint writes no log line per request: neither does the app here.
    return {"DATABASE_URL": url, "MEDIA_ROOT": str(folder), "SECRET_KEY": "benchmark",
            "RATE_LIMIT_SEARCH": "100000000 per minute",
            "MEDIA_CATALOG_ACCESS_LOG": "0"}  # fmt: skip


def limit_rounds(hours: int, seconds: int, rounds: int) -> dict[str, list[float]]:
    """Issue 4's 240 repeated, as a share of the trivial endpoint measured just before, in
    `rounds` rounds: rate limits in the database, off, 10,000 clients under the default limit,
    and in Redis. On a busy machine the median of the rounds is what to compare."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = _env(build(folder, hours), folder)
        repeated = _paths(queries())
        loads = {
            "database": (env, 0),
            "off": ({**env, "RATE_LIMITS_ENABLED": "0"}, 0),
            "clients": ({**env, "RATE_LIMIT_SEARCH": "300 per minute", "PROXY_HOPS": "1"}, CLIENTS),
        }  # fmt: skip
        shares: dict[str, list[float]] = {key: [] for key in [*loads, "redis"]}
        with _redis(folder) as redis_url:
            if redis_url:
                loads["redis"] = ({**env, "REDIS_URL": redis_url}, 0)
            for _ in range(rounds):
                trivial = Server("trivial_app:app", {}, ready="/")
                try:
                    trivial_rps, _ = throughput(trivial.url(""), ["/"], seconds, folder)
                finally:
                    trivial.stop()
                for key, (load_env, clients) in loads.items():
                    rps, _ = _load(load_env, repeated, seconds, folder, clients)
                    shares[key].append(rps / trivial_rps)
    return shares


def measure(hours: int, seconds: int) -> dict:  # type: ignore[type-arg]
    if not shutil.which("wrk"):
        sys.exit("wrk is the load generator: install it with scripts/setup.sh --bench")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = _env(build(folder, hours), folder)
        app = Server("media_catalog.wsgi:app", env)
        trivial = Server("trivial_app:app", {}, ready="/")
        try:
            player = latencies(app.url(f"/media/{LONG_SLUG}"), 60)
            transcript = latencies(app.url(f"/api/v1/media/{LONG_SLUG}/transcripts"), 60)
            ping = latencies(trivial.url("/"), 60)
            repeated = _paths(queries())
            warm(app.url(""))
            search_rps, _ = throughput(app.url(""), repeated, seconds, folder)
            trivial_rps, _ = throughput(trivial.url(""), ["/"], seconds, folder)
        finally:
            app.stop()
            trivial.stop()
        # New searches, none asked before (a fresh server, nothing kept): what a search costs.
        new_rps, new_requests = _load(env, _paths(distinct(DISTINCT)), seconds, folder)
        # Issue 4's queries again with no answers kept.
        no_cache = {**env, "MEDIA_CATALOG_SEARCH_CACHE": "0"}
        cold_rps, _ = _load(no_cache, repeated, seconds, folder)
        # What counting searches against the rate limit (in the database) costs, and counting
        # them in Redis instead (REDIS_URL), when Debian's redis-server is here.
        unlimited_rps, _ = _load({**env, "RATE_LIMITS_ENABLED": "0"}, repeated, seconds, folder)
        many_rps, _ = _load(
            {**env, "RATE_LIMIT_SEARCH": "300 per minute", "PROXY_HOPS": "1"},
            repeated,
            seconds,
            folder,
            clients=CLIENTS,
        )
        with _redis(folder) as redis_url:
            redis_rps = (
                _load({**env, "REDIS_URL": redis_url}, repeated, seconds, folder)[0]
                if redis_url
                else None
            )
    return {
        "hours": hours,
        "player": player,
        "transcript": transcript,
        "ping": ping,
        "search_rps": search_rps,
        "new_search_rps": new_rps,
        "new_search_repeated": new_requests > DISTINCT,
        "cold_search_rps": cold_rps,
        "unlimited_search_rps": unlimited_rps,
        "redis_search_rps": redis_rps,
        "many_clients_search_rps": many_rps,
        "trivial_rps": trivial_rps,
    }


@contextlib.contextmanager
def _redis(folder: Path) -> Iterator[str | None]:
    """A throwaway Redis (scripts/redis.sh, in a folder of this run's own), or None."""
    env = {**os.environ, "MEDIA_CATALOG_REDIS_DIR": str(folder / "redis")}
    script = HERE.parent / "scripts" / "redis.sh"
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True)
    try:
        yield started.stdout.strip() if started.returncode == 0 else None
    finally:
        subprocess.run([script, "stop"], env=env, check=False)


def _paths(searches: list[tuple[str, object]]) -> list[str]:
    return [
        "/api/v1/search?" + urllib.parse.urlencode(_params(text, filters), doseq=True)
        for text, filters in searches
    ]


def _load(
    env: dict[str, str], paths: list[str], seconds: int, folder: Path, clients: int = 0
) -> tuple[float, int]:
    """Throughput of the search API on a server of its own."""
    server = Server("media_catalog.wsgi:app", env)
    try:
        warm(server.url(""))
        return throughput(server.url(""), paths, seconds, folder, clients)
    finally:
        server.stop()


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    run = measure(10 if quick else 100, 5 if quick else 10)
    corpus = f"{run['hours']} hours + one 3-hour interview"
    ping = statistics.median(run["ping"]) * 1000
    return [
        figure("player page, 3-hour interview: p50", statistics.median(run["player"]) * 1000,
               "ms", "trivial endpoint p50", ping, corpus),
        figure("transcript API, 3-hour interview: p50", statistics.median(run["transcript"]) * 1000,
               "ms", "trivial endpoint p50", ping, corpus),
        figure("search API throughput", run["search_rps"], "req/s", "trivial Flask endpoint",
               run["trivial_rps"], corpus),
        figure("search API throughput, new searches", run["new_search_rps"], "req/s",
               "trivial Flask endpoint", run["trivial_rps"], corpus),
        figure("search API throughput, nothing kept", run["cold_search_rps"], "req/s",
               "trivial Flask endpoint", run["trivial_rps"], corpus),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--limit-rounds", type=int, default=0, help="only the rate-limit rows, median of N rounds"
    )
    args = parser.parse_args()
    if args.limit_rounds:
        for key, values in limit_rounds(args.hours, args.seconds, args.limit_rounds).items():
            listed = ", ".join(f"{value:.1%}" for value in values)
            median = f"{statistics.median(values):.1%}" if values else "not measured"
            print(f"rate limits {key:<9} share of the trivial endpoint: median {median} ({listed})")
        return
    run = measure(args.hours, args.seconds)

    def ms(values: list[float], fraction: float) -> str:
        ordered = sorted(values)
        return f"{ordered[int(fraction * (len(ordered) - 1))] * 1000:.1f} ms"

    for name in ("player", "transcript", "ping"):
        print(f"{name:<12} p50 {ms(run[name], 0.5):>10}   p95 {ms(run[name], 0.95):>10}")
    if run["new_search_repeated"]:
        print(f"(the load made more than {DISTINCT:,} requests: some searches repeated)")
    for label, key in (
        ("search API, issue 4's 240 repeated (answers kept)", "search_rps"),
        (f"search API, {DISTINCT:,} different searches, none repeated", "new_search_rps"),
        ("search API, issue 4's 240, nothing kept", "cold_search_rps"),
        ("search API, issue 4's 240 repeated, no rate limits", "unlimited_search_rps"),
        ("search API, issue 4's 240 repeated, rate limits in Redis", "redis_search_rps"),
        (
            f"search API, issue 4's 240 repeated, {CLIENTS:,} clients under the default limit",
            "many_clients_search_rps",
        ),
    ):
        if run[key] is None:
            print(f"{label}: not measured (no redis-server here)")
            continue
        ratio = run[key] / run["trivial_rps"]
        print(f"{label} {run[key]:,.0f} req/s, trivial endpoint "
              f"{run['trivial_rps']:,.0f} req/s: {ratio:.1%}")  # fmt: skip


if __name__ == "__main__":
    main()
