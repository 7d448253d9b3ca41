"""Archival clip records: metadata always imports; media is probed and derived with real ffmpeg,
and a missing, corrupt or unreadable file becomes a clear status on the item."""

from pathlib import Path

import pytest
from sqlalchemy import select

from media_catalog.formats import media
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Annotation, Entity, MediaItem

needs_ffmpeg = pytest.mark.skipif(not media.ffmpeg_available(), reason="ffmpeg not installed")

CLIP = """
slug: kgb-car
title: KGB car outside a flat (home movie)
kind: archival
films: [{film}]
date: "circa 1975"
place: Moscow
source:
  archive: Demo home movies
  collection: Home movies
  credit: Courtesy of a demo donor
identifier: "DEMO-1, reel 2"
description: A parked car filmed from a window.
rights: Demo record
restricted: false
tags:
  people: [ida-nudel]
  places: [moscow, atlantis]
  keywords: [surveillance]
file: {file}
"""


@pytest.fixture
def authority(sessions, write):  # type: ignore[no-untyped-def]
    path = write(
        "authority/test.yaml",
        """
        kind: person
        entities:
          - slug: ida-nudel
            name: Ida Nudel
            aliases: [Nudel, {text: Ида Нудель, lang: ru}]
          - slug: moscow
            kind: place
            name: Moscow
    """,
    )
    assert not import_paths(sessions, [path], Path(".")).failed


def clip_record(write, *, file: str = "kgb-car.mp4", film: str = "test-film", **changes) -> Path:  # type: ignore[no-untyped-def]
    text = CLIP.format(file=file, film=film)
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    return write("clips/kgb-car.yaml", text)


def stored_clip(sessions) -> MediaItem:  # type: ignore[no-untyped-def]
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "kgb-car"))
        assert item is not None
        return item


@needs_ffmpeg
def test_clip_with_media_gets_probe_poster_thumbnails_and_tags(
    sessions, write, media_root, film, authority
) -> None:
    media.make_test_pattern(
        media_root / "kgb-car.mp4",
        title="demo",
        duration_s=3,
        frame_rate=25,
        start_timecode="01:00:00:00",
    )
    summary = import_paths(sessions, [clip_record(write)], media_root)
    assert summary.outcomes[0].status == "imported"
    assert summary.outcomes[0].warnings == [
        "tag 'atlantis' in places is not a known place; kept as a free-text tag"
    ]
    item = stored_clip(sessions)
    assert item.media_status == "ok"
    assert 2900 <= (item.duration_ms or 0) <= 3200
    assert (item.frame_rate, item.start_timecode) == (25.0, "01:00:00:00")
    assert item.technical["video_codec"] == "h264" and item.technical["height"] == 360
    assert (item.date_start, item.date_end) == ("1973-01-01", "1977-12-31")
    assert (item.source_archive, item.identifier) == ("Demo home movies", "DEMO-1, reel 2")
    assert item.proxy_path is None  # H.264/AAC MP4 already plays in browsers
    for derived in (item.poster_path, item.thumbnails_path):
        assert derived and (media_root / derived).stat().st_size > 1000
    with sessions() as session:
        tags = session.execute(
            select(Entity.slug, Annotation.tag, Annotation.role)
            .outerjoin(Entity)
            .where(Annotation.media_item_id == item.id)
            .order_by(Annotation.id)
        ).all()
    assert [tuple(t) for t in tags] == [
        ("ida-nudel", None, "depicted"),
        ("moscow", None, None),
        (None, "atlantis", None),
        (None, "surveillance", None),
    ]


@needs_ffmpeg
def test_a_source_browsers_cannot_play_gets_an_h264_proxy(
    sessions, write, media_root, film
) -> None:
    source = media_root / "kgb-car.mkv"
    import ffmpeg

    (
        ffmpeg.input("testsrc2=size=320x240:rate=25:duration=2", f="lavfi")
        .output(str(source), vcodec="mpeg4")
        .overwrite_output()
        .run(quiet=True)
    )
    import_paths(sessions, [clip_record(write, file="kgb-car.mkv")], media_root)
    item = stored_clip(sessions)
    assert item.media_status == "ok" and item.proxy_path
    proxy = media.probe(media_root / item.proxy_path)
    assert (proxy.video_codec, proxy.height, proxy.is_browser_playable) == ("h264", 360, True)


@needs_ffmpeg
def test_corrupt_media_keeps_the_metadata_with_the_reason(
    sessions, write, media_root, film
) -> None:
    (media_root / "kgb-car.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 100)
    outcome = import_paths(sessions, [clip_record(write)], media_root).outcomes[0]
    assert outcome.status == "imported"
    item = stored_clip(sessions)
    assert item.title == "KGB car outside a flat (home movie)"
    assert item.media_status == "corrupt"
    assert (item.media_status_reason or "").startswith(
        "media file kgb-car.mp4 cannot be read by ffmpeg"
    )


def test_without_ffmpeg_metadata_imports_and_says_why(
    sessions, write, media_root, film, monkeypatch
) -> None:
    (media_root / "kgb-car.mp4").write_bytes(b"not really a video")
    monkeypatch.setattr(media, "ffmpeg_available", lambda: False)
    import_paths(sessions, [clip_record(write)], media_root)
    item = stored_clip(sessions)
    assert (item.media_status, item.media_status_reason) == (
        "no-ffmpeg",
        "ffmpeg is not installed: media not probed, no poster or proxy",
    )


def test_missing_media_file(sessions, write, media_root, film) -> None:
    outcome = import_paths(sessions, [clip_record(write)], media_root).outcomes[0]
    assert outcome.warnings[0] == "media file kgb-car.mp4 not found under MEDIA_ROOT"
    assert stored_clip(sessions).media_status == "missing"


def test_media_outside_media_root_is_refused(
    sessions, write, media_root, film, table_counts
) -> None:
    before = table_counts()
    outcome = import_paths(
        sessions, [clip_record(write, file="../../etc/passwd")], media_root
    ).outcomes[0]
    assert outcome.status == "failed" and "must be inside MEDIA_ROOT" in outcome.detail
    assert table_counts() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({'"circa 1975"': '"sometime"'}, "kgb-car.yaml:5: field 'date': 'sometime' is not a date"),
        (
            {"kind: archival": "kind: newsreel"},
            "kgb-car.yaml:3: field 'kind': 'newsreel' is not one of",
        ),
        (
            {"restricted: false": "restricted: true"},
            "field 'restriction_note': a restricted clip needs a note saying why",
        ),
        (
            {"restricted: false": "restricted: perhaps"},
            "kgb-car.yaml:14: field 'restricted': 'perhaps' must be true or false",
        ),
        (
            {"slug: kgb-car": "slug: KGB Car"},
            "kgb-car.yaml:1: field 'slug': 'KGB Car' is not a slug",
        ),
        (
            {"films: [test-film]": "films: [nope]"},
            "kgb-car.yaml:4: field 'films': film 'nope' is not in the catalog",
        ),
    ],
)
def test_bad_clip_records_are_refused_and_change_nothing(
    sessions, write, media_root, film, table_counts, change, message
) -> None:
    before = table_counts()
    path = clip_record(write)
    text = path.read_text()
    for old, new in change.items():
        text = text.replace(old, new)
    path.write_text(text)
    outcome = import_paths(sessions, [path], media_root).outcomes[0]
    assert outcome.status == "failed"
    assert message in outcome.detail, outcome.detail
    assert table_counts() == before


def test_reimport_replaces_catalog_tags_but_keeps_editor_tags(
    sessions, write, media_root, film, authority
) -> None:
    path = clip_record(write)
    import_paths(sessions, [path], media_root)
    with sessions.begin() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "kgb-car"))
        session.add(
            Annotation(
                media_item_id=item.id,
                start_ms=1000,
                end_ms=2000,
                tag="car",
                origin="editor",
                status="confirmed",
                author="ed@example.org",
            )
        )
    assert import_paths(sessions, [path], media_root).outcomes[0].status == "unchanged"
    path.write_text(path.read_text().replace("  keywords: [surveillance]\n", ""))
    assert import_paths(sessions, [path], media_root).outcomes[0].status == "replaced"
    with sessions() as session:
        tags = sorted(t for t in session.scalars(select(Annotation.tag)) if t)
    assert tags == ["atlantis", "car"]


@needs_ffmpeg
def test_audio_only_media_gets_a_waveform_and_no_poster(sessions, write, media_root, film) -> None:
    media.make_test_pattern(media_root / "kgb-car.m4a", title="demo", duration_s=4)
    record = write(
        "clips/kgb-car.yaml",
        "slug: kgb-car\ntitle: Sound of a car\nfile: kgb-car.m4a\n",
    )
    summary = import_paths(sessions, [record], media_root)
    assert summary.outcomes[0].status == "imported", summary.outcomes[0].detail
    item = stored_clip(sessions)
    assert item.media_status == "ok"
    assert item.technical["video_codec"] is None and item.technical["audio_codec"] == "aac"
    assert item.poster_path is None and item.thumbnails_path is None
    waveform = media_root / item.technical["waveform"]
    assert waveform.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert waveform.stat().st_size > 1000
