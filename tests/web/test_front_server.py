"""Media delivery through a front server: the app decides, nginx sends the bytes. Debian's nginx
(scripts/nginx.sh, rendering deploy/nginx.conf) in front of gunicorn on loopback ports; skipped,
saying why, when nginx cannot start here. The modes' headers are checked without servers too."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import PASSWORD
from server_support import gunicorn, nginx
from sqlalchemy import select

from media_catalog.models import MediaItem

BODY = bytes(range(256)) * 400  # 102,400 bytes, every offset recognisable
PUBLIC = "interview-historian"
RESTRICTED = "refusenik-gathering-ovrashki-1970s"


def _set_media(sessions, slug: str, relative: str) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        item.media_path = relative


@pytest.fixture
def media_files(demo_catalog, media_root: Path):  # type: ignore[no-untyped-def]
    (media_root / "historian.mp4").write_bytes(BODY)
    (media_root / "historian.m4a").write_bytes(BODY)
    (media_root / "secret.mp4").write_bytes(BODY[::-1])
    _set_media(demo_catalog, PUBLIC, "historian.mp4")
    with demo_catalog.begin() as session:  # nginx's own types would call it audio/x-m4a
        session.scalar(
            select(MediaItem).where(MediaItem.slug == PUBLIC)
        ).proxy_path = "historian.m4a"
    _set_media(demo_catalog, RESTRICTED, "secret.mp4")
    return demo_catalog


def _get(url: str, headers: dict[str, str] | None = None, opener=None):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture
def front(media_files, database_url, media_root, tmp_path):  # type: ignore[no-untyped-def]
    instance = tmp_path / "instance"
    (instance / "reels").mkdir(parents=True, exist_ok=True)
    env = {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "front-test-secret",
        "MEDIA_ACCEL": "nginx",
        "MEDIA_ACCEL_PREFIX": "/_accel/",
        "PROXY_HOPS": "1",
    }
    with (
        gunicorn(env, tmp_path) as (app_url, _log),
        nginx(app_url.removeprefix("http://"), media_root, instance, tmp_path) as url,
    ):
        yield url


def test_nginx_sends_public_media_ranges_with_the_apps_headers(front) -> None:
    status, headers, body = _get(
        f"{front}/media/{PUBLIC}/file/original", {"Range": "bytes=1000-1999"}
    )
    assert status == 206
    assert body == BODY[1000:2000]
    assert headers["Content-Range"] == f"bytes 1000-1999/{len(BODY)}"
    assert headers["Content-Type"] == "video/mp4"
    assert "public" in headers["Cache-Control"]
    assert "X-Accel-Redirect" not in headers  # the front server consumed it
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Revalidation is answered by nginx from the file's own ETag.
    status, again, _ = _get(
        f"{front}/media/{PUBLIC}/file/original", {"If-None-Match": headers["ETag"]}
    )
    assert status == 304
    status, _, body = _get(f"{front}/media/{PUBLIC}/file/original", {"Range": "bytes=-100"})
    assert (status, body) == (206, BODY[-100:])


def test_the_apps_content_type_wins_over_nginxs(front) -> None:
    status, headers, body = _get(f"{front}/media/{PUBLIC}/file/proxy", {"Range": "bytes=0-3"})
    assert (status, body) == (206, BODY[:4])
    assert headers["Content-Type"] == "audio/mp4"


def test_restricted_media_and_the_internal_location_stay_closed(front) -> None:
    status, _, body = _get(f"{front}/media/{RESTRICTED}/file/original", {"Range": "bytes=0-99"})
    assert status in (403, 404)
    assert BODY[::-1][:100] not in body
    for path in ("/_accel/media/secret.mp4", "/_accel/media/historian.mp4", "/_accel/reels/x"):
        status, _, body = _get(front + path)
        assert status == 404, path
        assert BODY[::-1][:100] not in body and BODY[:100] not in body


def test_restricted_media_reaches_an_admin_privately(front, add_user) -> None:
    email = add_user("admin")
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _, _, page = _get(f"{front}/login", opener=opener)
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    opener.open(f"{front}/login", form.encode(), timeout=30).read()
    status, headers, body = _get(
        f"{front}/media/{RESTRICTED}/file/original", {"Range": "bytes=0-9"}, opener
    )
    assert (status, body) == (206, BODY[::-1][:10])
    assert "private" in headers["Cache-Control"] and "public" not in headers["Cache-Control"]


@pytest.mark.parametrize(
    ("mode", "header"), [("nginx", "X-Accel-Redirect"), ("apache", "X-Sendfile")]
)
def test_accel_modes_answer_with_a_header_instead_of_the_bytes(
    app, client, media_files, media_root, mode, header
) -> None:
    app.config["MEDIA_ACCEL"] = mode
    response = client.get(f"/media/{PUBLIC}/file/original", headers={"Range": "bytes=0-9"})
    assert response.status_code == 200  # the front server turns it into 206
    assert response.data == b""
    assert response.mimetype == "video/mp4"
    assert "public" in response.headers["Cache-Control"]
    expected = (
        "/_accel/media/historian.mp4"
        if mode == "nginx"
        else str((media_root / "historian.mp4").resolve())
    )
    assert response.headers[header] == expected
    assert client.get(f"/media/{RESTRICTED}/file/original").status_code == 404


@pytest.mark.parametrize(
    ("setting", "value"), [("MEDIA_ACCEL", "lighttpd"), ("MEDIA_ACCEL_PREFIX", "_accel")]
)
def test_a_front_server_setting_the_app_cannot_use_is_named(tmp_path, setting, value) -> None:
    from media_catalog import create_app
    from media_catalog.errors import ConfigError

    with pytest.raises(ConfigError, match=f"^{setting}: '{value}'"):
        create_app({"INSTANCE_PATH": str(tmp_path), setting: value, "SECRET_KEY": "x"})


def test_a_reels_export_goes_out_as_an_attachment_from_its_own_location(app, tmp_path) -> None:
    from media_catalog.web import delivery

    exports = Path(app.instance_path) / "reels" / "exports"
    exports.mkdir(parents=True)
    (exports / "abc.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (tmp_path / "elsewhere.zip").write_bytes(b"PK")
    app.config["MEDIA_ACCEL"] = "nginx"
    with app.test_request_context():
        response = delivery.send(
            exports / "abc.zip", "application/zip", as_attachment=True, download_name="r.zip"
        )
        assert response.headers["X-Accel-Redirect"] == "/_accel/reels/exports/abc.zip"
        assert response.headers["Content-Disposition"] == "attachment; filename=r.zip"
        assert response.mimetype == "application/zip"
        # Outside the mapped folders the app sends the bytes itself: nginx is never told a path
        # it has no location for.
        with delivery.send(tmp_path / "elsewhere.zip", "application/zip") as response:
            response.direct_passthrough = False
            assert "X-Accel-Redirect" not in response.headers and response.get_data() == b"PK"
