"""The pages people wait on, served in-process by the app (Flask's test client, no network):
a media page and the review queue (and home, people and timeline, whose counts read every
mention), signed in as an editor, p50 and p95 over sequential requests, against a trivial JSON
endpoint of the same app in the same run (the baseline: what any request costs here). Over the
demo catalog and over a generated 1,000-hour catalog (benchmarks/linking.py's corpus, linked,
so the queue has its suggestions).

    python benchmarks/pages.py [--hours 1000] [--requests 60] [--only demo|large]
    python benchmarks/pages.py --only demo --profile media [--sort tottime]   # cProfile, 10 GETs
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from linking import build_database  # noqa: E402

from media_catalog import accounts, create_app, demo, migrate  # noqa: E402
from media_catalog.db import make_engine, make_session_factory, transaction  # noqa: E402
from media_catalog.ingest.batch import import_paths  # noqa: E402

PASSWORD = "a long benchmark password"
SEGMENTS_PER_HOUR = 600


def demo_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    summary = import_paths(
        make_session_factory(engine),
        demo.demo_paths(),
        folder / "media",
        consent_dir=folder / "consent",
    )
    assert not summary.failed
    engine.dispose()
    return url


def large_database(folder: Path, hours: int) -> str:
    """`hours` one-hour tracks of generated speech against 5,000 aliases, linked."""
    from media_catalog.linking.relink import link

    path = folder / f"hours-{hours}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():  # kept from an earlier run (--folder)
        return url
    build_database(url, hours * SEGMENTS_PER_HOUR, 5_000, hours)
    factory = make_session_factory(make_engine(url))
    with transaction(factory) as session:
        link(session)
    return url


def signed_in_client(url: str, folder: Path):  # type: ignore[no-untyped-def]
    app = create_app(
        {
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(folder / "media"),
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(folder / "instance"),
        }
    )
    app.add_url_rule("/_trivial", "trivial", lambda: {"ok": True})
    with transaction(app.extensions["media_catalog"]["sessions"]) as session:
        if accounts.user_by_email(session, "bench-editor@example.org") is None:
            accounts.add_user(session, "bench-editor@example.org", PASSWORD, "editor")
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as state:
        token = state["csrf_token"]
    form = {"email": "bench-editor@example.org", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    return client


def timed(client, path: str, count: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """p50 and p95 in milliseconds over `count` sequential GETs, after two to warm up."""
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        response.get_data()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))]}


def measure(name: str, url: str, folder: Path, pages: dict[str, str], count: int) -> None:
    client = signed_in_client(url, folder)
    print(f"\n{name}")
    for label, path in {"trivial endpoint": "/_trivial", **pages}.items():
        figures = timed(client, path, count)
        print(f"  {label:<22} p50 {figures['p50']:7.1f} ms   p95 {figures['p95']:7.1f} ms")


def profile(url: str, folder: Path, path: str, order: str) -> None:
    client = signed_in_client(url, folder)
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(path).get_data()
    profiler.disable()
    pstats.Stats(profiler).sort_stats(order).print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--profile", choices=["media", "review"])
    parser.add_argument("--sort", choices=["cumulative", "tottime"], default="cumulative")
    parser.add_argument("--only", choices=["demo", "large"])
    parser.add_argument("--folder", type=Path, help="keep the catalogs here, reuse them next run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder or Path(tmp)
        (folder / "media").mkdir(parents=True, exist_ok=True)
        catalogs = []
        if args.only != "large":
            catalogs.append(("demo catalog", demo_database(folder), "interview-refusenik"))
        if args.only != "demo":
            started = time.perf_counter()
            url = large_database(folder, args.hours)
            print(f"built {args.hours} hours in {time.perf_counter() - started:.0f} s")
            catalogs.append((f"{args.hours} hours", url, "bench-0"))
        for name, url, slug in catalogs:
            pages = {"media page": f"/media/{slug}", "review queue": "/review"}
            pages |= {"home": "/", "people": "/people", "timeline": "/timeline"}
            if args.profile:
                which = "media page" if args.profile == "media" else "review queue"
                profile(url, folder, pages[which], args.sort)
                continue
            measure(name, url, folder, pages, args.requests)


if __name__ == "__main__":
    main()
