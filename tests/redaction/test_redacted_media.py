"""The served bytes of a redacted item, decoded with ffmpeg: silence and black inside the
redacted range and the signal outside, for the direct media URL (whole and by byte ranges),
shared reels' clips and sub-clip zips, as anonymous visitors, viewers and editors; admins
alone get the original. Until the access copy is ready the media is withheld."""

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from redactionkit import (
    SLUG,
    add_bright_item,
    assert_redacted,
    assert_unredacted,
    redact,
    volume_db,
)
from sqlalchemy import select

from media_catalog import reels
from media_catalog.formats import media
from media_catalog.ingest.media_files import attach_media
from media_catalog.models import AuditEvent, MediaItem, Reel, User

pytestmark = pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg")

MEDIA_URL = f"/media/{SLUG}/file/original"


@pytest.fixture
def redacted_item(app, sessions, media_root):  # type: ignore[no-untyped-def]
    add_bright_item(sessions, media_root)
    redact(app)
    return app


def _get(client, url: str, **kwargs):  # type: ignore[no-untyped-def]
    """The response with its body read and its file closed (warnings are errors)."""
    with client.get(url, **kwargs) as response:
        response.get_data()
        return response


def _served(client, tmp_path: Path, url: str = MEDIA_URL, **kwargs) -> Path:  # type: ignore[no-untyped-def]
    response = _get(client, url, **kwargs)
    assert response.status_code == 200, response.status_code
    path = tmp_path / f"served-{len(list(tmp_path.glob('served-*')))}.mp4"
    path.write_bytes(response.get_data())
    return path


def _sign_in(login_as, role: str | None) -> None:  # type: ignore[no-untyped-def]
    if role:
        login_as(role)


@pytest.mark.parametrize("role", [None, "viewer", "editor"])
def test_media_url_serves_the_access_copy(redacted_item, client, login_as, role, tmp_path) -> None:
    _sign_in(login_as, role)
    served = _served(client, tmp_path)
    assert_redacted(served)
    response = _get(client, MEDIA_URL)
    assert "public" not in (response.headers.get("Cache-Control") or "")


def test_admin_gets_the_original(redacted_item, client, login_as, media_root, tmp_path) -> None:
    login_as("admin")
    served = _served(client, tmp_path)
    assert served.read_bytes() == (media_root / "bright.mp4").read_bytes()
    assert_unredacted(served)


@pytest.mark.parametrize("role", [None, "viewer", "editor"])
def test_byte_ranges_come_from_the_access_copy(
    redacted_item, client, login_as, role, media_root, tmp_path
) -> None:
    _sign_in(login_as, role)
    whole = _get(client, MEDIA_URL).get_data()
    half = len(whole) // 2
    first = _get(client, MEDIA_URL, headers={"Range": f"bytes=0-{half - 1}"})
    second = _get(client, MEDIA_URL, headers={"Range": f"bytes={half}-"})
    assert (first.status_code, second.status_code) == (206, 206)
    joined = tmp_path / "joined.mp4"
    joined.write_bytes(first.get_data() + second.get_data())
    assert joined.read_bytes() == whole != (media_root / "bright.mp4").read_bytes()
    assert_redacted(joined)


def test_nginx_is_sent_to_the_access_copy(redacted_item, client, login_as) -> None:
    redacted_item.config["MEDIA_ACCEL"] = "nginx"
    login_as("viewer")
    response = _get(client, MEDIA_URL)
    location = response.headers["X-Accel-Redirect"]
    assert re.fullmatch(r"/_accel/reels/access/\d+-[0-9a-f]{16}\.mp4", location), location
    assert "bright.mp4" not in location
    redacted_item.config["MEDIA_ACCEL"] = "off"


def test_media_is_withheld_until_the_copy_is_ready(
    redacted_item, client, login_as, tmp_path
) -> None:
    copies = Path(redacted_item.config["CACHE_DIR"]) / "access"
    for made in copies.iterdir():
        made.unlink()
    assert _get(client, MEDIA_URL).status_code == 404
    page = client.get(f"/media/{SLUG}").get_data(as_text=True)
    assert "withheld while its access copy" in page and MEDIA_URL not in page
    login_as("admin")
    assert_unredacted(_served(client, tmp_path))


def _reel_with_entry(app, owner_email: str) -> str:  # type: ignore[no-untyped-def]
    """A reel of 2.0–6.0 s of the clip (the redaction is 3.0–5.0), owned by `owner_email`."""
    with app.extensions["media_catalog"]["sessions"]() as session:
        owner = session.scalar(select(User).where(User.email == owner_email))
        reel = reels.create_reel(session, owner, "Redacted selects")
        reels.add_entry(session, owner, reel, SLUG, 2_000, 6_000, note="")
        session.commit()
        return reel.slug


@pytest.mark.parametrize("role", [None, "viewer", "editor"])
def test_shared_reel_clips_are_cut_from_the_access_copy(
    redacted_item, client, login_as, add_user, role, tmp_path
) -> None:
    slug = _reel_with_entry(redacted_item, add_user("editor", "owner@example.org"))
    with redacted_item.extensions["media_catalog"]["sessions"]() as session:
        token = reels.share(session, session.scalar(select(Reel).where(Reel.slug == slug)), None)
        session.commit()
    _sign_in(login_as, role)
    clip = _served(client, tmp_path, f"/shared/{token}/1.mp4")
    # The clip starts at 2.0 s: the redaction is 1.0–3.0 s of it.
    assert_redacted(clip, inside=(1.3, 2.7), outside=[(0.1, 0.8), (3.3, 3.9)])


def test_sub_clip_zip_is_cut_from_the_access_copy(
    redacted_item, client, login_as, csrf, tmp_path
) -> None:
    email = login_as("editor")
    slug = _reel_with_entry(redacted_item, email)
    started = client.post(
        f"/reels/{slug}/subclips", data={"csrf_token": csrf(), "mode": "accurate"}
    )
    token = started.headers["Location"].split("job=")[1].split("#")[0]
    status = client.get(f"/reels/{slug}/subclips/{token}").get_json()
    assert status["status"] == "done", status
    archive = zipfile.ZipFile(io.BytesIO(_get(client, status["download"]).get_data()))
    [name] = [n for n in archive.namelist() if n.startswith("clips/")]
    clip = tmp_path / "zipped.mp4"
    clip.write_bytes(archive.read(name))
    assert_redacted(clip, inside=(1.3, 2.7), outside=[(0.1, 0.8), (3.3, 3.9)])


def test_admin_sub_clip_zip_keeps_the_original(
    redacted_item, client, login_as, csrf, tmp_path
) -> None:
    email = login_as("admin")
    slug = _reel_with_entry(redacted_item, email)
    started = client.post(
        f"/reels/{slug}/subclips", data={"csrf_token": csrf(), "mode": "accurate"}
    )
    token = started.headers["Location"].split("job=")[1].split("#")[0]
    status = client.get(f"/reels/{slug}/subclips/{token}").get_json()
    archive = zipfile.ZipFile(io.BytesIO(_get(client, status["download"]).get_data()))
    [name] = [n for n in archive.namelist() if n.startswith("clips/")]
    clip = tmp_path / "zipped.mp4"
    clip.write_bytes(archive.read(name))
    assert_unredacted(clip, inside=(1.3, 2.7))


def test_a_changed_redaction_rebuilds_the_copy(redacted_item, client, tmp_path) -> None:
    before = _get(client, MEDIA_URL).get_data()
    with redacted_item.extensions["media_catalog"]["sessions"]() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
        assert item is not None
    redact(redacted_item, span=(6_000, 7_000))
    served = _served(client, tmp_path)
    assert served.read_bytes() != before
    assert_redacted(served, inside=(6.3, 6.7), outside=[(0.3, 2.6), (5.3, 5.8)])
    assert_redacted(served, outside=[(0.3, 2.6), (5.3, 5.8)])  # the first range stays redacted
    copies = list((Path(redacted_item.config["CACHE_DIR"]) / "access").iterdir())
    assert len(copies) == 1, copies  # the copy for the old ranges was dropped


def test_a_poster_inside_a_redacted_range_is_withheld(
    app, sessions, media_root, client, login_as
) -> None:
    add_bright_item(sessions, media_root)
    media.make_poster(media_root / "bright.mp4", media_root / "bright.jpg", 800)
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
        item.poster_path = "bright.jpg"  # taken at 0.8 s of the 8 s clip (a tenth)
        session.commit()
    poster = f"/media/{SLUG}/file/poster"
    assert _get(client, poster).status_code == 200
    redact(app, span=(500, 1_500))
    for role in ("viewer", "editor"):
        login_as(role)
        assert _get(client, poster).status_code == 404, role
    login_as("admin")
    assert _get(client, poster).status_code == 200


def test_a_renamed_item_keeps_its_access_copy(redacted_item, client, login_as, tmp_path) -> None:
    with redacted_item.extensions["media_catalog"]["sessions"]() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == SLUG))
        item.slug = "bright-clip-renamed"
        session.commit()
    login_as("viewer")
    assert_redacted(_served(client, tmp_path, "/media/bright-clip-renamed/file/original"))


def test_sound_alone_is_silenced(app, sessions, media_root, client, tmp_path) -> None:
    tone = media_root / "tone.m4a"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
         "sine=frequency=440:duration=8", "-c:a", "aac", str(tone)],
        check=True,
    )  # fmt: skip
    with sessions() as session:
        item = MediaItem(slug=SLUG, kind="interview", title="A tone")
        session.add(item)
        attach_media(item, media_root, "tone.m4a", tone)
        session.commit()
    redact(app)
    served = _served(client, tmp_path, f"/media/{SLUG}/file/original")
    assert volume_db(served, 3.3, 4.7) < -80
    assert volume_db(served, 0.3, 2.6) > -30 and volume_db(served, 5.4, 7.6) > -30


def _audited(sessions, email: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.object_id).where(AuditEvent.actor == email)
        )
        return [(action, object_id) for action, object_id in rows]


def test_an_admin_viewing_the_original_is_audited_once(
    redacted_item, client, login_as, sessions, tmp_path
) -> None:
    """The item is not restricted: its redaction alone makes the admin's viewing worth a
    record, once per quarter hour however many range requests the player makes."""
    email = login_as("admin")
    _served(client, tmp_path)
    _get(client, MEDIA_URL, headers={"Range": "bytes=0-99"})
    assert client.get(f"/media/{SLUG}").status_code == 200
    assert sorted(_audited(sessions, email)) == [
        ("download_restricted", SLUG),
        ("view_restricted", SLUG),
    ]


@pytest.mark.parametrize("role", [None, "viewer"])
def test_those_given_the_access_copy_leave_no_audit_entry(
    redacted_item, client, login_as, sessions, role, tmp_path
) -> None:
    email = login_as(role) if role else "anonymous"
    _served(client, tmp_path)
    assert _audited(sessions, email) == []
