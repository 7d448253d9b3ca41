"""Fixtures for tests that run a real job worker: an app whose jobs go to a real queue (Huey's
SQLite storage, or Redis when a server can start), and `media-catalog worker` processes sharing
its settings. Test modules import the fixtures by name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from media_catalog import create_app, migrate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):  # type: ignore[no-untyped-def]
    """TEST_REDIS_URL (scripts/test.sh starts one), or a throwaway redis-server started here."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    env = {**os.environ, "MEDIA_CATALOG_REDIS_DIR": str(tmp_path_factory.mktemp("redis"))}
    script = ROOT / "scripts" / "redis.sh"
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        pytest.skip(
            "no Redis server could be started here (scripts/redis.sh: is redis-server installed?)"
        )
    yield started.stdout.strip()
    subprocess.run([script, "stop"], env=env, check=False)


@pytest.fixture
def storage() -> str:
    """Which Huey storage the queue uses; tests parametrized over it run on both."""
    return "sqlite"


@pytest.fixture
def jobs_url(storage, tmp_path, request) -> str:  # type: ignore[no-untyped-def]
    if storage == "sqlite":
        return f"sqlite:///{tmp_path / 'queue' / 'jobs.sqlite3'}"
    url = request.getfixturevalue("redis_url")
    from media_catalog.jobs.queue import make_huey

    make_huey({"JOBS_URL": url}).flush()  # a clean queue for each test
    return str(url)


def queue_settings(tmp_path: Path, database_url: str, media_root: Path, jobs_url: str) -> dict:
    """The settings the web (this test) and the worker process share, as environment."""
    return {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "test",
        "JOBS_URL": jobs_url,
        "EXPORTS_DIR": str(tmp_path / "exports"),
        "CACHE_DIR": str(tmp_path / "cache"),
        "TEMP_DIR": str(tmp_path / "tmp"),
        "JOBS_HEARTBEAT_SECONDS": "0.5",
        "JOBS_STALE_SECONDS": "2",
        "JOBS_MAX_ATTEMPTS": "2",
        # As in conftest's app: interviews with no consent on record may be used.
        "CONSENT_UNRECORDED": "allow",
    }


@pytest.fixture
def queued(tmp_path, database_url, media_root, monkeypatch, jobs_url):  # type: ignore[no-untyped-def]
    """An app whose jobs go to a real queue (not immediate), and a way to start workers."""
    settings = queue_settings(tmp_path, database_url, media_root, jobs_url)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance")})
    engine = app.extensions["media_catalog"]["engine"]
    migrate.upgrade(engine)
    workers: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        with open(tmp_path / f"worker-{len(workers)}.log", "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "media_catalog", "worker", "--workers", "1"],
                cwd=ROOT,
                env={**os.environ, **settings},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        workers.append(process)
        return process

    yield app, start_worker
    for process in workers:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    engine.dispose()
