"""Sub-clips of a reel holding a 5 fps interview (titled with an apostrophe) and a 16 fps silent
film: cut, stamped with their own timecode, zipped with four timelines every reader opens."""

import io
import zipfile

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

SOURCES = [
    ("arrival-lod-airport-1971", 5, None, "Ida's arrival at Lod"),
    ("leningrad-court-exterior-1970-12", 16, "01:00:00:00", "Court exterior"),
]


@pytest.fixture
def odd_rate_catalog(demo_catalog, media_root):  # type: ignore[no-untyped-def]
    for slug, rate, timecode, title in SOURCES:
        path = media_root / f"{slug}.mp4"
        media.make_test_pattern(
            path, title=title, duration_s=6, frame_rate=rate, start_timecode=timecode
        )
        with transaction(demo_catalog) as session:
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            attach_media(item, media_root, path.name, path)
            item.start_timecode, item.title, item.frame_rate = timecode, title, rate
    return demo_catalog


def test_odd_rates_and_apostrophes_cut_and_pack(odd_rate_catalog, media_root, tmp_path) -> None:
    moments = [(slug, 1_000, 3_000, "") for slug, *_rest in SOURCES]
    slug = make_reel(odd_rate_catalog, "Odd rates", moments=moments)
    with odd_rate_catalog() as session:
        reel, views = views_of(session, slug)
        assert [float(v.media.frame_rate) for v in views] == [5, 16]
        cuts = subclips.plan(views, media_root)
        path = subclips.write_package(session, reel.name, cuts, tmp_path / "o.zip", "accurate")
    with zipfile.ZipFile(path) as archive:
        texts = {name: archive.read(name).decode() for name in subclips.TIMELINE_FILES.values()}
    edl = pycmx.parse_cmx3600(io.StringIO(texts["reel.edl"]))
    assert len(list(edl.events)) == 2
    assert "AT 5 FPS" in texts["reel.edl"] and "AT 16 FPS" in texts["reel.edl"]
    for name, adapter in (("reel.otio", "otio_json"), ("reel.xml", "fcp_xml")):
        clips = list(otio.adapters.read_from_string(texts[name], adapter).find_clips())
        assert len(clips) == 2, name
    clips = list(otio.adapters.read_from_string(texts["reel.fcpxml"], "fcpx_xml").find_clips())
    assert clips[0].name == "Ida's arrival at Lod"
    assert 'frameDuration=""' not in texts["reel.fcpxml"]
