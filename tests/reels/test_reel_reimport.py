"""Our own exports of a reel mixing every rate, imported back as a film's cut: every event meets
the same media item at the same frame (EDL reel names cut to 8 characters, clip names to 60,
conformed sources found by their SOURCE TC comment)."""

import pytest
from reelkit import SOURCES, mixed_reel_fixture, views_of  # noqa: F401 (fixture)
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.ingest.filmcut import import_cut
from media_catalog.models import FilmCutEvent
from media_catalog.reels import timelines
from media_catalog.timecode import exact_rate


@pytest.mark.parametrize(("fmt", "suffix"), [("edl", "edl"), ("fcp7", "xml"), ("otio", "otio")])
def test_our_exports_reimport_to_the_same_frames(
    demo_catalog, mixed_reel, tmp_path, fmt, suffix
) -> None:
    with demo_catalog() as session:
        reel, views = views_of(session, mixed_reel)
        expected = [(v.media.slug, v.entry.in_ms, exact_rate(v.media.frame_rate)) for v in views]
        path = tmp_path / f"cut.{suffix}"
        path.write_text(timelines.write_timeline(fmt, reel.name, views), encoding="utf-8")
    with transaction(demo_catalog) as session:
        result = import_cut(session, "refusenik", path)
        assert result.unmatched == [] and result.matched == len(SOURCES)
    with demo_catalog() as session:
        rows = session.scalars(select(FilmCutEvent).order_by(FilmCutEvent.film_in_ms)).all()
        got = [(r.media_item.slug, r.film_use.source_in_ms) for r in rows]
    for (slug, in_ms), (want_slug, want_ms, rate) in zip(got, expected, strict=True):
        assert slug == want_slug
        assert abs(in_ms - want_ms) <= 1000 / rate + 1, (fmt, slug, in_ms, want_ms)
