"""Sub-clip exports on the real job queue: a `media-catalog worker` process (Huey's consumer on
its SQLite storage) cuts the export the web queued; killed with SIGKILL mid-export, the job is
queued again by the next worker and finishes (on SQLite and Redis storage), with no partial file ever served; a cancelled
job stops. Also: eight concurrent first requests for a shared clip get one cut, eight
identical bodies. Every test here runs a real worker process except the shared-clip one, which
needs no queue (the cut is shared under a file lock)."""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reelkit import make_reel
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import Job, MediaItem

pytestmark = pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg")

BRIDGE = "sharansky-glienicke-bridge-1986-02-11"


def media_reel(app, media_root: Path, entries: int) -> str:  # type: ignore[no-untyped-def]
    """The demo catalog with real media on the bridge clip, and a reel of `entries` moments."""
    from media_catalog import demo
    from media_catalog.ingest.batch import import_paths

    sessions = app.extensions["media_catalog"]["sessions"]
    assert not import_paths(
        sessions, demo.demo_paths(), media_root, consent_dir=media_root.parent / "consent"
    ).failed
    media.make_test_pattern(media_root / f"{BRIDGE}.mp4", title="bridge", duration_s=12)
    with transaction(sessions) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == BRIDGE))
        attach_media(item, media_root, f"{BRIDGE}.mp4", media_root / f"{BRIDGE}.mp4")
    moments = [(BRIDGE, 500 * n, 500 * n + 4_000, f"take {n}") for n in range(entries)]
    return make_reel(sessions, moments=moments)


def start_export(app, slug: str, mode: str) -> str:  # type: ignore[no-untyped-def]
    from conftest import csrf_token_of
    from test_reel_pages import sign_in_as_owner

    client = app.test_client()
    sign_in_as_owner(client, lambda: csrf_token_of(client))
    response = client.post(
        f"/reels/{slug}/subclips", data={"csrf_token": csrf_token_of(client), "mode": mode}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("job=")[1].split("#")[0]


def job_row(app, token: str) -> Job:  # type: ignore[no-untyped-def]
    with app.extensions["media_catalog"]["sessions"]() as session:
        return session.scalar(select(Job).where(Job.token == token))  # type: ignore[return-value]


def wait_for(app, token: str, ready, seconds: float = 120) -> Job:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not ready(job := job_row(app, token)):
        assert time.monotonic() < deadline, (job.state, job.done, job.log)
        time.sleep(0.2)
    return job


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_a_worker_process_runs_the_queued_export(queued, media_root, storage) -> None:
    """Real consumer on each storage: the job waits queued until a worker starts, then runs
    to a valid zip."""
    app, start_worker = queued
    slug = media_reel(app, media_root, entries=2)
    token = start_export(app, slug, "copy")
    time.sleep(1)
    assert job_row(app, token).state == "queued"  # nothing runs jobs in the web process
    start_worker()
    job = wait_for(app, token, lambda j: j.is_finished)
    assert (job.state, job.done, job.total, job.attempts) == ("done", 2, 2, 1), job.log
    with zipfile.ZipFile(job.result_path) as archive:
        assert archive.testzip() is None
        assert len([n for n in archive.namelist() if n.startswith("clips/")]) == 2
    assert job.result_bytes == Path(job.result_path).stat().st_size


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_a_worker_killed_mid_export_leaves_the_job_retried_and_nothing_partial_served(
    queued, media_root, tmp_path, storage
) -> None:
    """Real consumer, SIGKILL: the job stays "running" with a .part and a subclips-* folder; its
    zip is never served; the next worker sees the heartbeat gone, queues it again and it
    finishes; `gc` then removes the killed run's temporary folder."""
    app, start_worker = queued
    slug = media_reel(app, media_root, entries=8)
    token = start_export(app, slug, "accurate")
    worker = start_worker()
    wait_for(app, token, lambda j: j.state == "running" and j.done >= 1)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    killed = job_row(app, token)
    assert killed.state == "running" and killed.done < killed.total, killed.log
    exports = tmp_path / "exports"
    assert (exports / f"{token}.part").is_file() and not (exports / f"{token}.zip").exists()
    assert list((tmp_path / "tmp").glob("subclips-*"))  # what a killed run leaves behind
    from conftest import csrf_token_of
    from test_reel_pages import sign_in_as_owner

    client = app.test_client()
    sign_in_as_owner(client, lambda: csrf_token_of(client))
    assert client.get(f"/reels/{slug}/subclips/{token}/download").status_code == 404
    assert client.get(f"/jobs/{token}/download").status_code == 404

    time.sleep(2.5)  # JOBS_STALE_SECONDS: the heartbeat is now plainly gone
    start_worker()
    job = wait_for(app, token, lambda j: j.is_finished)
    assert (job.state, job.attempts, job.done, job.total) == ("done", 2, 8, 8), job.log
    assert "its worker stopped" in job.log and "queued again (attempt 2)" in job.log
    assert not (exports / f"{token}.part").exists()
    with zipfile.ZipFile(job.result_path) as archive:
        assert archive.testzip() is None
    download = client.get(f"/jobs/{token}/download")
    assert zipfile.ZipFile(io.BytesIO(download.get_data())).testzip() is None
    download.close()
    with app.extensions["media_catalog"]["sessions"]() as session:
        rows = session.scalars(select(Job).where(Job.kind == "reel_export")).all()
        assert len(rows) == 1  # one job, not a duplicate

    os.utime(next((tmp_path / "tmp").glob("subclips-*")), (0, 0))  # long abandoned
    result = app.test_cli_runner().invoke(args=["gc"])
    assert result.exit_code == 0, result.output
    assert "temporary folder left by a stopped job" in result.output
    assert not list((tmp_path / "tmp").glob("subclips-*"))
    assert Path(job.result_path).is_file()  # the live result stays


def test_a_cancelled_job_stops_at_its_next_clip(queued, media_root) -> None:
    """Real consumer: cancel from the jobs page while it runs; the worker stops, no zip."""
    from conftest import csrf_token_of
    from test_reel_pages import sign_in_as_owner

    app, start_worker = queued
    slug = media_reel(app, media_root, entries=8)
    token = start_export(app, slug, "accurate")
    start_worker()
    wait_for(app, token, lambda j: j.state == "running" and j.done >= 1)
    client = app.test_client()
    sign_in_as_owner(client, lambda: csrf_token_of(client))
    response = client.post(f"/jobs/{token}/cancel", data={"csrf_token": csrf_token_of(client)})
    assert response.status_code == 302
    time.sleep(3)  # the clip being cut finishes, then the job stops
    job = job_row(app, token)
    assert job.state == "cancelled" and job.done < 8 and job.result_path is None, job.log
    assert "cancelled by cutter@example.org" in job.log
    assert not list((Path(app.config["EXPORTS_DIR"])).glob(f"{token}.*"))


def test_eight_concurrent_first_requests_for_a_shared_clip_get_one_identical_body(
    demo_catalog, media_root, app
) -> None:
    """Immediate mode (no queue involved): the clip is cut once under a lock, the others wait."""
    from media_catalog import reels
    from media_catalog.models import Reel

    media.make_test_pattern(media_root / f"{BRIDGE}.mp4", title="bridge", duration_s=12)
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == BRIDGE))
        attach_media(item, media_root, f"{BRIDGE}.mp4", media_root / f"{BRIDGE}.mp4")
    slug = make_reel(demo_catalog, moments=[(BRIDGE, 2_000, 8_000, "")])
    with transaction(demo_catalog) as session:
        token = reels.share(session, session.scalar(select(Reel).where(Reel.slug == slug)), None)

    def fetch(_n: int) -> tuple[int, bytes]:
        response = app.test_client().get(f"/shared/{token}/1.mp4")
        body = response.get_data()
        response.close()
        return response.status_code, body

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(fetch, range(8)))
    assert [status for status, _ in answers] == [200] * 8
    assert len({body for _, body in answers}) == 1 and len(answers[0][1]) > 1000
    folder = Path(app.config["CACHE_DIR"]) / "shared" / token
    assert sorted(p.suffix for p in folder.iterdir()) == [".lock", ".mp4"]  # no part- left
