"""Editors remake an item's derived media and re-link its names from the web, as jobs: real
ffmpeg on a real file, the results decoded with ffprobe; a second click gets the job already
waiting; a cancelled rebuild leaves the old files served and nothing half-made behind."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import csrf_token_of
from sqlalchemy import func, select

from media_catalog.db import transaction
from media_catalog.ingest import rebuild
from media_catalog.jobs import collector, runner
from media_catalog.linking.link_job import LINK_JOB
from media_catalog.models import Annotation, Job, MediaItem, Transcript, User

SLUG = "archival-rebuild"


def make_clip(path: Path, seconds: float) -> None:
    """A video (MPEG-4 Part 2 in AVI: no browser plays it, so it needs a proxy) with a tone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=d={seconds}:s=320x240:r=25",
         "-f", "lavfi", "-i", f"sine=f=440:d={seconds}", "-c:v", "mpeg4", "-c:a", "mp3",
         "-shortest", str(path)],
        check=True,
    )  # fmt: skip


def probe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


@pytest.fixture
def clip_item(sessions, media_root) -> Path:  # type: ignore[no-untyped-def]
    """An item whose media file exists but whose derived files were never made."""
    make_clip(media_root / "clips" / "rebuild.avi", 3)
    with transaction(sessions) as session:
        session.add(
            MediaItem(slug=SLUG, kind="archival", title="Rebuild", media_path="clips/rebuild.avi")
        )
    return media_root / "clips" / "rebuild.avi"


def post(client, url: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={"csrf_token": csrf_token_of(client)})


def derived(media_root: Path) -> Path:
    return media_root / "derived" / SLUG


def test_an_editor_remakes_proxy_poster_and_thumbnails_from_the_items_page(
    client, login_as, sessions, media_root, clip_item
) -> None:
    login_as("editor")
    page = client.get(f"/media/{SLUG}").get_data(as_text=True)
    assert f'action="/media/{SLUG}/rebuild"' in page
    response = post(client, f"/media/{SLUG}/rebuild")
    assert response.status_code == 302 and "/jobs/" in response.location
    assert "done" in client.get(response.location).get_data(as_text=True)
    proxy = probe(derived(media_root) / "proxy.mp4")
    codecs = {s["codec_name"] for s in proxy["streams"]}
    assert codecs == {"h264", "aac"} and float(proxy["format"]["duration"]) == pytest.approx(3, 0.1)
    strip = probe(derived(media_root) / "thumbnails.jpg")["streams"][0]
    assert strip["width"] == 1600  # ten frames of 160 pixels side by side
    assert probe(derived(media_root) / "poster.jpg")["streams"][0]["codec_name"] == "mjpeg"
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
        assert (item.media_status, item.duration_ms) == ("ok", pytest.approx(3000, abs=100))
        assert item.proxy_path == f"derived/{SLUG}/proxy.mp4" and item.thumbnail_count == 10
    assert not list((media_root / "derived").glob(".rebuild-*"))

    # The file is replaced by a longer one: a second rebuild remakes everything from it.
    make_clip(clip_item, 5)
    assert post(client, f"/media/{SLUG}/rebuild").status_code == 302
    assert float(probe(derived(media_root) / "proxy.mp4")["format"]["duration"]) == pytest.approx(
        5, 0.1
    )


def test_a_second_click_opens_the_job_already_waiting(
    client, login_as, sessions, clip_item
) -> None:
    login_as("editor", "first@example.org")
    with transaction(sessions) as session:  # queued by this editor, not yet run by a worker
        first = session.scalar(select(User).where(User.email == "first@example.org"))
        waiting, new = rebuild.queue_rebuild(session, first, SLUG)
        assert new
        token = waiting.token
    response = post(client, f"/media/{SLUG}/rebuild")
    assert response.location.endswith(f"/jobs/{token}")
    assert "Already queued" in client.get(response.location).get_data(as_text=True)
    with sessions() as session:
        assert session.scalar(select(func.count(Job.id))) == 1


def test_another_editors_waiting_job_is_not_opened_but_said(
    client, login_as, sessions, clip_item
) -> None:
    with transaction(sessions) as session:
        rebuild.queue_rebuild(session, None, SLUG)  # queued by someone else (the shell)
    login_as("editor")
    response = post(client, f"/media/{SLUG}/rebuild")
    assert response.location.endswith(f"/media/{SLUG}")
    page = client.get(response.location).get_data(as_text=True)
    assert "already doing this" in page
    with sessions() as session:
        assert session.scalar(select(func.count(Job.id))) == 1


def test_a_viewer_cannot_remake_or_relink_and_an_unknown_item_is_404(
    client, login_as, clip_item
) -> None:
    login_as("viewer")
    assert post(client, f"/media/{SLUG}/rebuild").status_code == 403
    assert post(client, f"/media/{SLUG}/relink").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token_of(client)})
    login_as("editor", "e2@example.org")
    assert post(client, "/media/no-such-item/rebuild").status_code == 404
    assert client.post(f"/media/{SLUG}/rebuild").status_code == 400  # no CSRF token


def test_a_cancelled_rebuild_keeps_the_old_files_and_leaves_nothing_behind(
    app, sessions, media_root, clip_item, monkeypatch
) -> None:
    old = derived(media_root) / "poster.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"the poster served until a rebuild finishes")
    with transaction(sessions) as session:
        job_id = rebuild.queue_rebuild(session, None, SLUG)[0].id
    made = rebuild.attach_media

    def made_then_cancelled(*args, **kwargs):  # type: ignore[no-untyped-def]
        warnings = made(*args, **kwargs)  # every new file is made in the build folder ...
        with transaction(sessions) as session:  # ... when someone presses Cancel
            session.get(Job, job_id).state = "cancelled"
        return warnings

    monkeypatch.setattr(rebuild, "attach_media", made_then_cancelled)
    runner.run_job(sessions, app.config, job_id)
    assert old.read_bytes() == b"the poster served until a rebuild finishes"
    assert not (derived(media_root) / "proxy.mp4").exists()
    assert not list((media_root / "derived").glob(".rebuild-*"))
    with sessions() as session:
        assert session.get(Job, job_id).state == "cancelled"
        assert session.scalar(select(MediaItem.proxy_path).where(MediaItem.slug == SLUG)) is None


def test_gc_removes_the_folder_a_killed_rebuild_left(app, sessions, media_root) -> None:
    left = media_root / "derived" / ".rebuild-some-item-token"
    left.mkdir(parents=True)
    (left / "proxy.mp4").write_bytes(b"x" * 1000)
    day_ago = time.time() - 86400
    os.utime(left, (day_ago, day_ago))
    with sessions() as session:
        report = collector.collect(session, app.config)
    assert [r.path for r in report.removed] == [left] and report.bytes_freed == 1000
    assert not left.exists()


def test_rebuild_media_command_for_one_item_or_all(runner, sessions, media_root, clip_item) -> None:
    result = runner.invoke(args=["rebuild-media", "--all", "--wait"])
    assert result.exit_code == 0, result.output
    assert f"{SLUG}: rebuilt" in result.output
    assert probe(derived(media_root) / "proxy.mp4")["streams"]
    assert "give one ITEM or --all" in runner.invoke(args=["rebuild-media"]).output
    unknown = runner.invoke(args=["rebuild-media", "nope"])
    assert unknown.exit_code == 1 and "no such media item" in unknown.output
    assert "Traceback" not in unknown.output


def _mentions(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(func.count(Annotation.id))) or 0


def test_an_editor_relinks_one_item_and_an_admin_every_transcript(
    client, login_as, demo_catalog
) -> None:
    """From scratch: the demo is linked already (nothing stale), yet every track is read again."""
    before = _mentions(demo_catalog)
    login_as("editor")
    response = post(client, "/media/interview-historian/relink")
    page = client.get(response.location).get_data(as_text=True)
    with demo_catalog() as session:
        own = session.scalar(
            select(func.count(Transcript.id))
            .join(MediaItem)
            .where(MediaItem.slug == "interview-historian")
        )
    assert own and f"linked {own} track(s)" in page
    assert _mentions(demo_catalog) == before
    client.post("/logout", data={"csrf_token": csrf_token_of(client)})
    login_as("admin")
    assert 'action="/jobs/relink-all"' in client.get("/jobs").get_data(as_text=True)
    response = post(client, "/jobs/relink-all")
    with demo_catalog() as session:
        job = session.scalar(select(Job).where(Job.kind == LINK_JOB).order_by(Job.id.desc()))
        assert job.state == "done" and job.subject == "catalog:all"
        every = session.scalar(select(func.count(Transcript.id)))
    assert f"linked {every} track(s)" in job.log
    assert _mentions(demo_catalog) == before
