"""The player's HTTP side: media files (ranges, caching, MIME types, MEDIA_ROOT, restricted
media), caption and transcript downloads, and what the media page shows without JavaScript
(range excerpts, time strips, aligned tracks, waveform)."""

import io
from pathlib import Path

import pytest
import webvtt
from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog.models import MediaItem, Segment

BODY = bytes(range(256)) * 40  # 10,240 bytes, every offset recognisable
FILE_URL = "/media/interview-historian/file/original"
RESTRICTED_CLIP = "refusenik-gathering-ovrashki-1970s"


def set_item(sessions, slug: str, **fields) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        for name, value in fields.items():
            setattr(item, name, value)


@pytest.fixture
def media_on_disk(demo_catalog, media_root: Path):  # type: ignore[no-untyped-def]
    (media_root / "interview-historian.mp4").write_bytes(BODY)
    set_item(demo_catalog, "interview-historian", media_path="interview-historian.mp4")
    return demo_catalog


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),  # the first bytes, as a player probes the header
        ("bytes=5000-5999", 5000, 5999),  # the middle, as a seek asks
        ("bytes=-100", 10140, 10239),  # a suffix: the last 100 bytes (MP4 index at the end)
        ("bytes=10000-", 10000, 10239),  # open-ended
        ("bytes=10000-99999", 10000, 10239),  # past the end: clipped to the file
    ],
)
def test_range_requests_answer_206_with_the_right_bytes(
    client, media_on_disk, header: str, first: int, last: int
) -> None:
    with client.get(FILE_URL, headers={"Range": header}) as response:
        assert response.status_code == 206
        assert response.data == BODY[first : last + 1]
        assert response.headers["Content-Range"] == f"bytes {first}-{last}/{len(BODY)}"
        assert response.headers["Content-Length"] == str(last - first + 1)
        assert response.headers["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize("header", ["bytes=20000-", "bytes=10240-10300"])
def test_unsatisfiable_range_answers_416(client, media_on_disk, header: str) -> None:
    with client.get(FILE_URL, headers={"Range": header}) as response:
        assert response.status_code == 416
        assert response.headers["Content-Range"] == f"bytes */{len(BODY)}"


def test_whole_file_has_type_length_and_cache_headers(client, media_on_disk) -> None:
    with client.get(FILE_URL) as response:
        assert response.status_code == 200
        assert response.data == BODY
        assert response.mimetype == "video/mp4"
        assert response.headers["Accept-Ranges"] == "bytes"
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        assert {"public", "max-age=3600"} <= set(response.headers["Cache-Control"].split(", "))
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    with client.get(FILE_URL, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.data == b""
    with client.get(FILE_URL, headers={"If-Modified-Since": modified}) as again:
        assert again.status_code == 304


def test_a_range_for_a_stale_etag_gets_the_whole_new_file(client, media_on_disk) -> None:
    headers = {"Range": "bytes=0-9", "If-Range": '"not-the-current-etag"'}
    with client.get(FILE_URL, headers=headers) as response:
        assert response.status_code == 200 and response.data == BODY


@pytest.mark.parametrize(
    ("name", "mimetype"),
    [
        ("a.m4a", "audio/mp4"),
        ("a.mp3", "audio/mpeg"),
        ("a.webm", "video/webm"),
        ("a.mov", "video/quicktime"),
    ],
)
def test_media_types_by_suffix(client, demo_catalog, media_root: Path, name, mimetype) -> None:
    (media_root / name).write_bytes(b"x" * 10)
    set_item(demo_catalog, "interview-historian", media_path=name)
    with client.get(FILE_URL) as response:
        assert response.mimetype == mimetype


@pytest.mark.parametrize(
    "stored",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "derived/../../outside.mp4",
        "..%2Foutside.mp4",
        "sub/../../outside.mp4",
        "link-out.mp4",  # a symlink inside MEDIA_ROOT pointing outside it
    ],
)
def test_media_paths_never_escape_media_root(
    client, demo_catalog, media_root: Path, tmp_path: Path, stored: str
) -> None:
    outside = tmp_path / "outside.mp4"
    outside.write_bytes(b"secret")
    (media_root / "link-out.mp4").symlink_to(outside)
    set_item(demo_catalog, "interview-historian", media_path=stored)
    with client.get(FILE_URL) as response:
        assert response.status_code == 404
        assert b"secret" not in response.data and b"root:" not in response.data


@pytest.mark.parametrize(
    "url",
    [
        "/media/interview-historian/file/..%2F..%2Fetc%2Fpasswd",
        "/media/interview-historian/file/../../etc/passwd",
        "/media/..%2F..%2Fetc/file/original",
    ],
)
def test_traversal_in_the_url_is_not_found(client, media_on_disk, url: str) -> None:
    with client.get(url) as response:
        assert response.status_code == 404
        assert b"root:" not in response.data


@pytest.mark.parametrize(
    "url",
    [
        f"/media/{RESTRICTED_CLIP}/file/original",
        f"/media/{RESTRICTED_CLIP}/file/proxy",
        f"/media/{RESTRICTED_CLIP}/file/thumbnails",
        f"/media/{RESTRICTED_CLIP}/file/waveform",
        f"/media/{RESTRICTED_CLIP}/captions/en.srt",
        f"/media/{RESTRICTED_CLIP}/transcript/en.md",
    ],
)
def test_restricted_media_is_not_found_even_when_the_file_exists(
    client, demo_catalog, media_root: Path, url: str
) -> None:
    (media_root / "restricted.mp4").write_bytes(BODY)
    set_item(
        demo_catalog, RESTRICTED_CLIP, media_path="restricted.mp4", proxy_path="restricted.mp4"
    )
    with client.get(url, headers={"Range": "bytes=0-9"}) as response:
        assert response.status_code == 404
        assert BODY[:10] not in response.data


def test_restricted_media_is_served_privately_to_those_allowed(
    app, client, demo_catalog, media_root: Path, monkeypatch
) -> None:
    from media_catalog import access

    (media_root / "restricted.mp4").write_bytes(BODY)
    set_item(demo_catalog, RESTRICTED_CLIP, media_path="restricted.mp4")
    monkeypatch.setattr(access, "can_see_restricted", lambda user: True)
    with client.get(f"/media/{RESTRICTED_CLIP}/file/original") as response:
        assert response.status_code == 200
        assert "private" in response.headers["Cache-Control"]
        assert "public" not in response.headers["Cache-Control"]


def test_every_track_downloads_as_webvtt_srt_and_markdown(client, demo_catalog) -> None:
    soup = BeautifulSoup(client.get("/media/interview-refusenik").data, "html.parser")
    links = [a["href"] for a in soup.select("details.downloads a")]
    assert len(links) == 6  # ru and en, three formats each
    for href in links:
        response = client.get(href)
        assert response.status_code == 200, href
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    vtt = client.get("/media/interview-refusenik/captions/ru.vtt?download=1")
    assert vtt.mimetype == "text/vtt"
    assert 'filename="interview-refusenik.ru.vtt"' in vtt.headers["Content-Disposition"]


def test_srt_download_matches_the_segments(client, demo_catalog) -> None:
    response = client.get("/media/interview-historian/captions/en.srt")
    assert response.mimetype == "application/x-subrip"
    captions = webvtt.from_buffer(io.StringIO(response.get_data(as_text=True)), format="srt")
    with demo_catalog() as session:
        first = session.scalars(
            select(Segment)
            .join(Segment.transcript)
            .join(MediaItem)
            .where(MediaItem.slug == "interview-historian")
            .order_by(Segment.position)
        ).first()
    assert len(captions) == 108
    assert captions[0].start_time.in_milliseconds() == first.start_ms
    assert captions[0].text.replace("\n", " ").startswith(f"{first.speaker}: ")


def test_markdown_transcript_links_every_timestamp(client, demo_catalog) -> None:
    text = client.get("/media/interview-organizer/transcript/he.md").get_data(as_text=True)
    lines = [line for line in text.splitlines() if line.startswith("[")]
    assert text.startswith("# Interview: Yehudit Sasson")
    assert len(lines) >= 20
    assert all("](http://localhost/media/interview-organizer?t=" in line for line in lines)
    assert any("\u05d0" <= ch <= "\u05ea" for ch in lines[1])  # the Hebrew text itself


def test_restricted_passages_are_left_out_of_every_download(client, demo_catalog) -> None:
    with demo_catalog() as session:
        hidden = session.scalars(select(Segment.text).where(Segment.restricted)).all()
    assert hidden
    for language in ("ru", "en"):
        for url in (
            f"/media/interview-refusenik/captions/{language}.srt",
            f"/media/interview-refusenik/captions/{language}.vtt?download=1",
            f"/media/interview-refusenik/transcript/{language}.md",
        ):
            body = client.get(url).get_data(as_text=True)
            assert body.strip()
            for passage in hidden:
                assert passage.splitlines()[0] not in body, url
