"""`media-catalog gc` on real files: export results past their age or the quota (oldest first),
results of deleted reels, zips no job names and temporary files of stopped jobs are removed,
live ones stay, the bytes freed are reported, and --dry-run removes nothing. Also the recovery
of jobs whose worker died. No queue is involved: the rows are written directly."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from media_catalog import accounts, reels
from media_catalog.db import transaction
from media_catalog.jobs.recovery import recover_stale
from media_catalog.models import Job, Reel

OLD = time.time() - 30 * 24 * 3600  # a month ago, for files' modification times


def result_job(session, exports: Path, name: str, size: int, hours_ago: float, subject=None):  # type: ignore[no-untyped-def]
    path = exports / f"{name}.zip"
    path.write_bytes(b"z" * size)
    job = Job(
        token=name,
        kind="reel_export",
        subject=subject,
        state="done",
        log="",
        result_path=str(path),
        result_bytes=size,
        finished_at=datetime.now(UTC) - timedelta(hours=hours_ago),
    )
    session.add(job)
    return path


@pytest.fixture
def files(app, sessions, tmp_path):  # type: ignore[no-untyped-def]
    """Results of every kind, and temporary files old and new, on disk."""
    app.config.update(EXPORT_MAX_AGE_HOURS=48, EXPORT_QUOTA_MB=0.003, TEMP_DIR=str(tmp_path / "t"))
    exports = Path(app.config["EXPORTS_DIR"])
    exports.mkdir(parents=True)
    temp, cache = tmp_path / "t", Path(app.config["CACHE_DIR"]) / "shared" / "tok"
    temp.mkdir()
    cache.mkdir(parents=True)
    with transaction(sessions) as session:
        owner = accounts.add_user(session, "e@example.org", "correct horse battery", "editor")
        kept_reel = reels.create_reel(session, owner, "Kept")
        gone_reel = reels.create_reel(session, owner, "Gone")
        session.flush()
        paths = {
            "fresh": result_job(session, exports, "fresh", 1000, 1, f"reel:{kept_reel.id}"),
            "old": result_job(session, exports, "old", 1000, 72, f"reel:{kept_reel.id}"),
            "quota": result_job(session, exports, "quota", 2500, 2, f"reel:{kept_reel.id}"),
            "deleted": result_job(session, exports, "deleted", 700, 1, f"reel:{gone_reel.id}"),
        }
        session.delete(gone_reel)
    for name, size, mtime in (("orphan.zip", 300, OLD), ("new-orphan.zip", 300, None)):
        (exports / name).write_bytes(b"o" * size)
        paths[name] = exports / name
        if mtime:
            os.utime(exports / name, (mtime, mtime))
    for path in (
        exports / "stopped.part",
        cache / "part-ab12-1-0-10.mp4",
        temp / "subclips-x" / "c.mp4",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"p" * 100)
        os.utime(path, (OLD, OLD))
        paths[path.name] = path
    os.utime(temp / "subclips-x", (OLD, OLD))
    (exports / "running.part").write_bytes(b"r" * 100)  # a live job's: modified just now
    paths["running.part"] = exports / "running.part"
    return paths


def test_gc_removes_what_expired_and_reports_the_bytes(runner, sessions, files) -> None:
    result = runner.invoke(args=["gc"])
    assert result.exit_code == 0, result.output
    gone = {"old", "quota", "deleted", "orphan.zip", "stopped.part", "part-ab12-1-0-10.mp4"}
    for name, path in files.items():
        assert path.exists() == (name not in gone and name != "c.mp4"), name
    assert not files["c.mp4"].parent.exists()
    freed = 1000 + 2500 + 700 + 300 + 100 + 100 + 100
    assert f"Removed 7 file(s), {freed} bytes freed." in result.output
    assert "its reel was deleted" in result.output and "past the 0.003 MB quota" in result.output
    with sessions() as session:
        rows = {j.token: j for j in session.scalars(select(Job))}
    assert rows["old"].result_path is None and "result removed: older than" in rows["old"].log
    assert rows["fresh"].result_path == str(files["fresh"])


def test_a_dry_run_reports_the_same_and_removes_nothing(runner, sessions, files) -> None:
    result = runner.invoke(args=["gc", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would remove 7 file(s), 4800 bytes freed." in result.output
    assert all(path.exists() for path in files.values())
    with sessions() as session:
        assert all(j.result_path for j in session.scalars(select(Job)))


def test_deleting_a_reel_lets_gc_take_its_export(runner, sessions, files) -> None:
    with transaction(sessions) as session:
        session.delete(session.scalar(select(Reel).where(Reel.name == "Kept")))
    result = runner.invoke(args=["gc"])
    assert not files["fresh"].exists(), result.output


@pytest.mark.parametrize(("attempts", "state"), [(1, "queued"), (2, "failed")])
def test_a_job_whose_heartbeat_stopped_is_queued_again_or_failed(sessions, attempts, state) -> None:
    silent = datetime.now(UTC) - timedelta(minutes=5)
    with transaction(sessions) as session:
        session.add(
            Job(
                token="t",
                kind="reel_export",
                state="running",
                log="",
                attempts=attempts,
                started_at=silent,
                heartbeat_at=silent,
            )
        )
        session.add(
            Job(
                token="alive",
                kind="reel_export",
                state="running",
                log="",
                attempts=1,
                heartbeat_at=datetime.now(UTC),
            )
        )
    with transaction(sessions) as session:
        again = recover_stale(session, stale_seconds=60, max_attempts=2)
        assert [j.token for j in again] == (["t"] if state == "queued" else [])
    with sessions() as session:
        job = session.scalar(select(Job).where(Job.token == "t"))
        alive = session.scalar(select(Job).where(Job.token == "alive"))
    assert job.state == state and alive.state == "running"
    if state == "failed":
        assert job.error.startswith("its worker stopped (no heartbeat since ")
        assert job.error.endswith("after 2 attempts")
