"""A reel mixing every rate archives hold (5 fps stills interviews, 12-18 fps home movies and
silent film, 23.976, 24, 25, 29.97 drop-frame, 50) exported in every format and read back by
OTIO (and the EDL by pycmx): every source range within one frame of the reel."""

import io
import xml.etree.ElementTree as ET
from fractions import Fraction

import opentimelineio as otio
import pycmx
import pytest
from reelkit import SOURCES, TITLE, mixed_reel_fixture, views_of  # noqa: F401 (fixture)

from media_catalog.reels import conform, timelines
from media_catalog.timecode import exact_rate, smpte_to_frames


def export(sessions, slug, fmt, rate=None):  # type: ignore[no-untyped-def]
    with sessions() as session:
        reel, views = views_of(session, slug)
        expected = [(s.source_in / s.rate, s.source_out / s.rate) for s in timelines.shots(views)]
        text = timelines.write_timeline(fmt, reel.name, views, rate=rate)
    return text, expected


def assert_within_a_frame(clips, expected, frames: int = 1) -> None:  # type: ignore[no-untyped-def]
    assert len(clips) == len(expected)
    for clip, (start_s, end_s) in zip(clips, expected, strict=True):
        frame = frames / clip.source_range.start_time.rate + 1e-6
        start = clip.source_range.start_time.to_seconds()
        end = clip.source_range.end_time_exclusive().to_seconds()
        assert abs(start - float(start_s)) <= frame, (clip.name, start, float(start_s))
        assert abs(end - float(end_s)) <= frame, (clip.name, end, float(end_s))


@pytest.mark.parametrize("fmt", ["otio", "fcpxml", "fcp7"])
def test_every_format_reads_back_within_a_frame(demo_catalog, mixed_reel, fmt) -> None:
    text, expected = export(demo_catalog, mixed_reel, fmt)
    timeline = otio.adapters.read_from_string(text, timelines.FORMATS[fmt][0])
    # OTIO's FCPXML reader counts 23.976 at a whole 23 fps and truncates start and duration
    # apart: two of its frames. Our own reading of the file below is exact.
    assert_within_a_frame(list(timeline.find_clips()), expected, frames=2 if fmt == "fcpxml" else 1)


def test_fcpxml_times_are_exact(demo_catalog, mixed_reel) -> None:
    text, expected = export(demo_catalog, mixed_reel, "fcpxml")
    root = ET.fromstring(text.split("\n", 2)[2])

    def seconds(value: str) -> Fraction:
        return Fraction(value.removesuffix("s"))

    clips = list(root.iter("asset-clip"))
    got = [
        (seconds(c.get("start")), seconds(c.get("start")) + seconds(c.get("duration")))
        for c in clips
    ]
    assert got == expected
    offsets = [seconds(c.get("offset")) for c in clips]
    assert offsets == [
        sum((e - s for s, e in expected[:n]), Fraction(0)) for n in range(len(clips))
    ]


def test_otio_and_fcpxml_keep_each_items_own_rate(demo_catalog, mixed_reel) -> None:
    text, _ = export(demo_catalog, mixed_reel, "otio")
    clips = list(otio.adapters.read_from_string(text, "otio_json").find_clips())
    assert [exact_rate(c.source_range.start_time.rate) for c in clips] == [
        exact_rate(rate) for _slug, rate, _start in SOURCES
    ]
    text, _ = export(demo_catalog, mixed_reel, "fcpxml")
    root = ET.fromstring(text.split("\n", 2)[2])
    durations = {f.get("frameDuration") for f in root.iter("format")}
    assert "" not in durations and None not in durations
    assert {"1/5s", "1/12s", "1/16s", "1/18s", "1001/24000s", "1/24s", "1/25s"} <= durations
    assert {"1001/30000s", "1/50s"} <= durations
    assert [a.get("name") for a in root.iter("asset")][0] == TITLE
    sequence = root.find("./library/event/project/sequence")
    assert sequence is not None and sequence.get("format")


def test_edl_is_conformed_and_says_so(demo_catalog, mixed_reel) -> None:
    text, expected = export(demo_catalog, mixed_reel, "edl")
    text.encode("ascii")
    # Every rate appears once: the first the EDL can carry (23.976) is the sequence rate.
    assert "FCM: NON-DROP FRAME" in text
    assert "SEQUENCE RATE 23.976 FPS" in text and "5, 12, 16, 18" in text
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    rate = Fraction(24000, 1001)
    events = list(edl.events)
    assert len(events) == len(SOURCES)
    for event, (start_s, end_s) in zip(events, expected, strict=True):
        edit = event.edits[0]
        assert abs(smpte_to_frames(edit.source_in, rate) / rate - start_s) <= 1 / rate
        assert abs(smpte_to_frames(edit.source_out, rate) / rate - end_s) <= 1 / rate
    assert "SOURCE TC 00:00:01:01 00:00:04:02 AT 5 FPS" in text  # its own timecode, kept
    timeline = otio.adapters.read_from_string(text, "cmx_3600", rate=float(rate))
    assert_within_a_frame(list(timeline.find_clips()), expected)


@pytest.mark.parametrize(
    ("rate", "fcm"), [("25", "NON-DROP"), ("29.97", "DROP"), ("24", "NON-DROP")]
)
def test_the_editor_chooses_the_edl_rate(demo_catalog, mixed_reel, rate, fcm) -> None:
    text, expected = export(demo_catalog, mixed_reel, "edl", rate=rate)
    assert f"FCM: {fcm} FRAME" in text
    exact = exact_rate(rate)
    timeline = otio.adapters.read_from_string(text, "cmx_3600", rate=float(exact))
    assert_within_a_frame(list(timeline.find_clips()), expected)


def test_fcp7_conforms_only_what_it_cannot_carry(demo_catalog, mixed_reel) -> None:
    text, _ = export(demo_catalog, mixed_reel, "fcp7", rate="25")
    assert "<!-- media-catalog: sequence rate 25 fps; items at 5, 12, 16, 18 fps" in text
    timeline = otio.adapters.read_from_string(text, "fcp_xml")
    rates = [c.source_range.start_time.rate for c in timeline.find_clips()]
    assert rates[:4] == [25] * 4 and rates[4:] == pytest.approx(
        [24000 / 1001, 24, 25, 30000 / 1001, 50]
    )


@pytest.mark.parametrize(("fmt", "rate"), [("edl", "5"), ("edl", "50"), ("fcp7", "16")])
def test_a_rate_the_format_cannot_carry_is_refused(demo_catalog, mixed_reel, fmt, rate) -> None:
    with pytest.raises(conform.RateError, match="cannot carry"):
        export(demo_catalog, mixed_reel, fmt, rate=rate)


@pytest.mark.parametrize(
    ("rates", "fmt", "expected"),
    [
        ([5, 5, 25], "edl", 25),
        ([5, 5], "edl", 25),
        ([12], "edl", 24),
        ([16, 18], "edl", 24),
        ([29.97, 29.97, 25], "edl", Fraction(30000, 1001)),
        ([50, 50, 25], "edl", 25),
        ([50, 50, 25], "fcp7", 50),
        ([16, 16, 25], "fcpxml", 16),
    ],
)
def test_default_sequence_rate(rates, fmt, expected) -> None:
    assert conform.sequence_rate(fmt, rates) == expected


def test_csv_shot_list_at_every_rate(demo_catalog, mixed_reel) -> None:
    import csv

    with demo_catalog() as session:
        _reel, views = views_of(session, mixed_reel)
        rows = list(csv.DictReader(io.StringIO(timelines.write_csv(views, "25"))))
    assert [r["frame_rate"] for r in rows] == [
        "5",
        "12",
        "16",
        "18",
        "23.976",
        "24",
        "25",
        "29.97",
        "50",
    ]
    assert rows[0]["source_in"] == "00:00:01:01" and rows[7]["source_in"].count(";") == 1


def test_the_export_form_takes_a_sequence_rate(client, csrf, demo_catalog, mixed_reel) -> None:
    from test_reel_pages import sign_in_as_owner

    sign_in_as_owner(client, csrf)
    for fmt in ("edl", "fcp7", "fcpxml", "otio", "csv"):
        response = client.get(f"/reels/{mixed_reel}/export?fmt={fmt}&rate=29.97")
        assert response.status_code == 200, fmt
    edl = client.get(f"/reels/{mixed_reel}/export.edl?rate=29.97").get_data(as_text=True)
    assert "FCM: DROP FRAME" in edl and "SEQUENCE RATE 29.97 FPS" in edl
    for rate in ("5", "abc"):
        response = client.get(f"/reels/{mixed_reel}/export.edl?rate={rate}")
        assert response.status_code == 302  # back to the reel, with the reason flashed
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "rate:" in page
    assert client.get(f"/reels/{mixed_reel}/export?fmt=zip").status_code == 404
