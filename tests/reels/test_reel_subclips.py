"""Sub-clips cut with ffmpeg from generated media: stream copy and frame-accurate lengths, the
source timecode stamped on each clip, the zip's timelines pointing at its files, review copies,
a missing media file refused before anything is cut, progress on the page and the CLI."""

import io
import time
import zipfile
from pathlib import Path

import opentimelineio as otio
import pycmx
import pytest
from reelkit import make_reel, views_of
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.formats import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import MediaItem
from media_catalog.reels import subclips

pytestmark = pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg")

BRIDGE = "sharansky-glienicke-bridge-1986-02-11"
RALLY = "freedom-sunday-rally-washington-1987-12-06"


@pytest.fixture
def cut_catalog(demo_catalog, media_root):  # type: ignore[no-untyped-def]
    """Two archival clips with real media: 25 fps from 01:00:00:00 and 29.97 drop-frame."""
    for slug, rate, timecode in ((BRIDGE, 25, "01:00:00:00"), (RALLY, 29.97, "01:00:00;00")):
        media.make_test_pattern(
            media_root / f"{slug}.mp4",
            title=slug,
            duration_s=12,
            frame_rate=rate,
            start_timecode=timecode,
        )
        with transaction(demo_catalog) as session:
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            attach_media(item, media_root, f"{slug}.mp4", media_root / f"{slug}.mp4")
            item.start_timecode = timecode  # as the sidecar would say
    return demo_catalog


MOMENTS = [(BRIDGE, 2_000, 5_000, "walks across"), (RALLY, 1_001, 4_004, "crowd")]


def package(sessions, media_root: Path, tmp_path: Path, mode: str) -> Path:  # type: ignore[no-untyped-def]
    slug = make_reel(sessions, moments=MOMENTS)
    with sessions() as session:
        reel, views = views_of(session, slug)
        cuts = subclips.plan(views, media_root)
        seen = []
        return subclips.write_package(
            session, reel.name, cuts, tmp_path / "out.zip", mode, lambda d, t: seen.append((d, t))
        ), seen


@pytest.mark.parametrize("mode", ["copy", "accurate"])
def test_clips_are_cut_and_the_edl_points_at_them(cut_catalog, media_root, tmp_path, mode) -> None:
    path, progress = package(cut_catalog, media_root, tmp_path, mode)
    assert progress == [(1, 2), (2, 2)]
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "README.txt",
            f"clips/001_{BRIDGE}.mp4",
            f"clips/002_{RALLY}.mp4",
            "reel.edl",
            "reel.fcpxml",
            "reel.otio",
            "reel.xml",
        ]
        archive.extractall(tmp_path / "x")
        edl_text = archive.read("reel.edl").decode()
        timeline = otio.adapters.read_from_string(archive.read("reel.otio").decode(), "otio_json")
        readme = archive.read("README.txt").decode()
    edl = pycmx.parse_cmx3600(io.StringIO(edl_text))
    assert [e.edits[0].clip_name for e in edl.events] == [
        "Sharansky crosses the Glienicke Bridge to freedom",
        "Freedom Sunday rally for Soviet Jews on the National Mall",
    ]
    assert f"* FROM CLIP: clips/001_{BRIDGE}.mp4" in edl_text.splitlines()
    assert [c.media_reference.target_url for c in timeline.find_clips()] == [
        f"clips/001_{BRIDGE}.mp4",
        f"clips/002_{RALLY}.mp4",
    ]
    first = media.probe(tmp_path / "x" / "clips" / f"001_{BRIDGE}.mp4")
    second = media.probe(tmp_path / "x" / "clips" / f"002_{RALLY}.mp4")
    assert first.start_timecode == "01:00:02:00"  # stamped with its source timecode
    assert second.start_timecode == "01:00:01;00"
    if mode == "accurate":
        assert abs(first.duration_ms - 3000) <= 40 and abs(second.duration_ms - 3003) <= 40
    else:  # stream copy: keyframes every second, so the cut may start up to a second early
        assert 3000 <= first.duration_ms <= 4100
        assert "keyframes" in readme


def test_review_copy_burns_in_timecode_and_captions(demo_catalog, media_root, tmp_path) -> None:
    media.make_test_pattern(
        media_root / "hist.mp4", title="historian", duration_s=14, frame_rate=5, still=True
    )
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        attach_media(item, media_root, "hist.mp4", media_root / "hist.mp4")
    slug = make_reel(demo_catalog, moments=[("interview-historian", 4_000, 8_000, "")])
    with demo_catalog() as session:
        reel, views = views_of(session, slug)
        cuts = subclips.plan(views, media_root)
        clip = subclips.cut_one(session, cuts[0], tmp_path, "review")
    probed = media.probe(clip)
    assert probed.video_codec == "h264" and abs(probed.duration_ms - 4000) <= 250
    # A frame of the still card with captions and timecode burned in differs from the plain one.
    plain = tmp_path / "plain.mp4"
    media.cut_clip(cuts[0].source, plain, 4_000, 4_000, accurate=True)
    media.make_poster(clip, tmp_path / "a.jpg", 1000)
    media.make_poster(plain, tmp_path / "b.jpg", 1000)
    assert (tmp_path / "a.jpg").read_bytes() != (tmp_path / "b.jpg").read_bytes()


def test_missing_media_file_is_refused_before_cutting(cut_catalog, media_root) -> None:
    (media_root / f"{RALLY}.mp4").unlink()
    slug = make_reel(cut_catalog, moments=MOMENTS)
    with cut_catalog() as session:
        _reel, views = views_of(session, slug)
        with pytest.raises(subclips.SubclipError) as error:
            subclips.plan(views, media_root)
    assert str(error.value) == f"entry 2: {RALLY}: media file {RALLY}.mp4 is missing"


def test_cli_exports_a_reel(cut_catalog, runner, tmp_path) -> None:
    make_reel(cut_catalog, "Bridge selects", moments=MOMENTS)
    target = tmp_path / "bridge.edl"
    result = runner.invoke(
        args=["export", "reel", "Bridge selects", "--format", "edl", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    edl = pycmx.parse_cmx3600(io.StringIO(target.read_text()))
    assert [e.edits[0].source_in for e in edl.events][0] == "01:00:02:00"
    assert "* SOURCE TC 01:00:01;00 01:00:04;00 AT 29.97 FPS" in target.read_text()
    zipped = tmp_path / "clips.zip"
    result = runner.invoke(
        args=["export", "reel", "bridge-selects", "--format", "clips", "-o", str(zipped)]
    )
    assert result.exit_code == 0, result.output
    assert "Cutting sub-clips" in result.output and zipfile.is_zipfile(zipped)
    missing = runner.invoke(args=["export", "reel", "No such reel"])
    assert missing.exit_code == 1 and "no reel named 'No such reel'" in missing.output


def test_page_export_reports_progress_until_done(cut_catalog, client, csrf) -> None:
    from test_reel_pages import sign_in_as_owner

    slug = make_reel(cut_catalog, moments=MOMENTS)
    sign_in_as_owner(client, csrf)
    response = client.post(f"/reels/{slug}/subclips", data={"csrf_token": csrf(), "mode": "copy"})
    token = response.headers["Location"].split("job=")[1].split("#")[0]
    deadline = time.monotonic() + 60
    while (status := client.get(f"/reels/{slug}/subclips/{token}").get_json())[
        "status"
    ] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert status["status"] == "done", status
    assert (status["done"], status["total"]) == (2, 2)
    download = client.get(status["download"])
    assert download.mimetype == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(download.get_data())).testzip() is None
    download.close()


def test_thumbnails_and_shared_clips_hold_only_their_range(cut_catalog, client, csrf) -> None:
    from test_reel_pages import sign_in_as_owner

    from media_catalog import reels
    from media_catalog.models import Reel

    slug = make_reel(cut_catalog, moments=MOMENTS)
    with transaction(cut_catalog) as session:
        token = reels.share(session, session.scalar(select(Reel).where(Reel.slug == slug)), None)
    clip = client.get(f"/shared/{token}/1.mp4")
    assert clip.status_code == 200 and clip.mimetype == "video/mp4"
    data = clip.get_data()
    clip.close()
    path = Path(client.application.instance_path) / "shared-check.mp4"
    path.write_bytes(data)
    probed = media.probe(path)
    assert abs(probed.duration_ms - 3000) <= 100  # 2-5 s of a 12 s source, nothing more
    page = client.get(f"/shared/{token}").get_data(as_text=True)
    assert f"/shared/{token}/2.mp4" in page and "walks across" in page
    assert client.get(f"/reels/{slug}/thumbnail/1.jpg").status_code == 302  # sign in first
    sign_in_as_owner(client, csrf)
    thumb = client.get(f"/reels/{slug}/thumbnail/1.jpg")
    assert thumb.status_code == 200 and thumb.get_data()[:2] == b"\xff\xd8"  # a JPEG
    thumb.close()
    cached = Path(client.application.instance_path) / "reels" / "shared" / token
    assert cached.is_dir()
    client.post(f"/reels/{slug}/share", data={"csrf_token": csrf(), "action": "stop"})
    assert not cached.exists()  # the clips cut for the link went with it


def test_a_failed_cut_leaves_no_zip(cut_catalog, media_root, tmp_path, monkeypatch) -> None:
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise media.MediaError("Invalid data found when processing input")

    slug = make_reel(cut_catalog, moments=MOMENTS)
    with cut_catalog() as session:
        reel, views = views_of(session, slug)
        cuts = subclips.plan(views, media_root)
        monkeypatch.setattr(media, "cut_clip", broken)
        with pytest.raises(subclips.SubclipError) as error:
            subclips.write_package(session, reel.name, cuts, tmp_path / "out.zip", "copy")
    assert (
        str(error.value)
        == f"{BRIDGE}: ffmpeg could not cut it: Invalid data found when processing input"
    )
    assert list(tmp_path.glob("out.*")) == []
