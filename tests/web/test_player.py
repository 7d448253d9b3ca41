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


def soup_of(client, url: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.data, "html.parser")


def test_a_shared_range_shows_its_excerpt_and_where_it_sits(client, demo_catalog) -> None:
    with demo_catalog() as session:
        segments = session.scalars(
            select(Segment)
            .join(Segment.transcript)
            .join(MediaItem)
            .where(MediaItem.slug == "interview-historian")
            .order_by(Segment.position)
        ).all()
    a, b = segments[10], segments[12]
    url = f"/media/interview-historian?t={a.start_ms / 1000:g},{b.end_ms / 1000:g}&shared=1"
    soup = soup_of(client, url)
    label = soup.select_one("section.range .range-label").get_text()
    start, rest = label.split("–")
    assert start == f"{a.start_ms // 60000}:{a.start_ms // 1000 % 60:02d}"
    last_end = max(int(el["data-end"]) for el in soup.select(".segment"))
    assert rest.endswith(f" of {last_end // 60000}:{last_end // 1000 % 60:02d}")  # cues: no media
    excerpt = [p.get_text(" ", strip=True) for p in soup.select("section.range blockquote p")]
    assert len(excerpt) == 3 and segments[11].text.split()[0] in excerpt[1]
    in_range = [li["id"] for li in soup.select("li.segment.in-range")]
    assert in_range == [f"en-{s.position}" for s in segments[10:13]]


def test_the_range_form_redirects_to_a_range_link(client, demo_catalog) -> None:
    response = client.get("/media/interview-historian?from=1:23&to=97")
    assert response.status_code == 302
    assert response.headers["Location"] == "/media/interview-historian?t=83,97&shared=1#t=83,97"


def test_a_bad_time_opens_the_start(client, demo_catalog) -> None:
    soup = soup_of(client, "/media/interview-historian?t=banana")
    assert soup.select_one("section.range") is None


def test_side_panel_time_strips_place_each_mention_along_the_item(client, demo_catalog) -> None:
    soup = soup_of(client, "/media/interview-refusenik")
    rows = soup.select(".player-side ul.in-item > li")
    sharansky = next(r for r in rows if r.a.get_text() == "Natan Sharansky")
    ticks = sharansky.select(".timestrip a")
    assert ticks and all(a["href"].startswith("/media/interview-refusenik?t=") for a in ticks)
    # positioned by class (half-percent steps): the CSP forbids inline style attributes
    lefts = [int(next(c for c in a["class"] if c.startswith("at-"))[3:]) / 2 for a in ticks]
    assert lefts == sorted(lefts) and all(0 <= x <= 100 for x in lefts)
    last_end = max(int(li["data-end"]) for li in soup.select(".segment"))
    seconds = [float(a["href"].split("t=")[1]) for a in ticks]
    for left, at in zip(lefts, seconds, strict=True):
        assert abs(left - 100 * at * 1000 / last_end) <= 0.25


def test_search_query_is_carried_for_marking(client, demo_catalog) -> None:
    soup = soup_of(client, "/media/interview-historian?q=Sharansky")
    assert soup.select_one(".query-note")["data-query"] == "Sharansky"


def test_every_segment_has_a_copy_link_to_its_moment(client, demo_catalog) -> None:
    soup = soup_of(client, "/media/interview-historian")
    rows = soup.select("li.segment")
    links = [li.select_one("button.copy-link")["data-link"] for li in rows]
    assert len(links) == len(rows) == 108
    assert (
        links[0]
        == f"http://localhost/media/interview-historian?t={int(rows[0]['data-start']) / 1000:g}"
    )


def test_audio_only_interview_shows_audio_with_its_waveform(
    client, demo_catalog, media_root: Path
) -> None:
    (media_root / "derived/interview-student").mkdir(parents=True)
    (media_root / "derived/interview-student/waveform.png").write_bytes(b"\x89PNG fake")
    (media_root / "interview-student.m4a").write_bytes(b"audio")
    set_item(
        demo_catalog,
        "interview-student",
        media_path="interview-student.m4a",
        media_status="ok",
        duration_ms=600_000,
        technical={
            "audio_codec": "aac",
            "video_codec": None,
            "waveform": "derived/interview-student/waveform.png",
        },
    )
    soup = soup_of(client, "/media/interview-student")
    assert soup.select_one("video") is None
    audio = soup.select_one("audio#player")
    assert audio.source["type"] == "audio/mp4"
    waveform = soup.select_one("figure.waveform img")
    with client.get(waveform["src"]) as response:
        assert response.data == b"\x89PNG fake" and response.mimetype == "image/png"


def test_archival_clip_thumbnails_link_to_their_moments(client, demo_catalog, media_root) -> None:
    set_item(
        demo_catalog,
        "kgb-car-home-movie-1970s",
        media_status="ok",
        media_path="x.mp4",
        duration_ms=40_000,
        thumbnails_path="derived/kgb/thumbnails.jpg",
        thumbnail_count=10,
        technical={"video_codec": "h264"},
    )
    soup = soup_of(client, "/media/kgb-car-home-movie-1970s")
    links = soup.select("nav.thumbs a.thumb-link")
    assert [a["href"] for a in links][:3] == [
        "/media/kgb-car-home-movie-1970s?t=0",
        "/media/kgb-car-home-movie-1970s?t=4",
        "/media/kgb-car-home-movie-1970s?t=8",
    ]
