"""Timeline exports read back by independent readers: OTIO's own adapters for every format and
pycmx for the EDL. Same events, same timecodes, in each media item's rate and start timecode."""

import csv
import io

import opentimelineio as otio
import pycmx
import pytest
from reelkit import make_reel, views_of

from media_catalog.reels import timelines
from media_catalog.timecode import exact_rate

# Demo media: the historian interview has no frame rate (audio-rate reel default 25), the bridge
# clip is 25 fps from 01:00:00:00; the rally is 29.97 and given a drop-frame start timecode.
DF_MOMENTS = [
    ("freedom-sunday-rally-washington-1987-12-06", 60_060, 70_070, "crowd"),
    ("sssj-rally-new-york-circa-1972", 0, 1_001, "Щаранский, שרנסקי"),
]


@pytest.fixture
def pal_reel(demo_catalog) -> str:
    return make_reel(
        demo_catalog,
        "Bridge — Мост",
        moments=[
            ("sharansky-glienicke-bridge-1986-02-11", 2_000, 9_000, "walks across"),
            ("helsinki-final-act-newsreel-1975-08", 1_040, 3_000, ""),
            ("interview-historian", 4_000, 12_500, "opening line"),
        ],
    )


@pytest.fixture
def ntsc_reel(demo_catalog) -> str:
    return make_reel(
        demo_catalog,
        "Rallies",
        moments=DF_MOMENTS,
        **{"freedom-sunday-rally-washington-1987-12-06": {"start_timecode": "01:00:00;00"}},
    )


def edl_of(sessions, slug):  # type: ignore[no-untyped-def]
    with sessions() as session:
        reel, views = views_of(session, slug)
        return timelines.write_edl(reel.name, views)


def test_edl_reads_back_with_pycmx_at_25_fps(demo_catalog, pal_reel) -> None:
    text = edl_of(demo_catalog, pal_reel)
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    assert edl.title == "Bridge - Most"
    assert edl.format == "3600"
    events = [(e.number, e.edits[0]) for e in edl.events]
    rows = [
        (n, e.source, e.source_in, e.source_out, e.record_in, e.record_out, e.clip_name)
        for n, e in events
    ]
    assert rows == [
        (
            1,
            "DEMO_TV_",
            "01:00:02:00",
            "01:00:09:00",
            "00:00:00:00",
            "00:00:07:00",
            "Sharansky crosses the Glienicke Bridge to freedom",
        ),
        (
            2,
            "DEMO_RGA",
            "10:00:01:01",
            "10:00:03:00",
            "00:00:07:00",
            "00:00:08:24",
            "Soviet newsreel on the signing of the Helsinki Final Act",
        ),
        (
            3,
            "INTERVIE",
            "00:00:04:00",
            "00:00:12:13",
            "00:00:08:24",
            "00:00:17:12",
            "Interview: Miriam Halpern, historian of the Soviet Jewry mov",
        ),  # 60 characters
    ]
    assert "FCM: NON-DROP FRAME" in text
    assert "* LOC: 01:00:02:00 BLUE    WALKS ACROSS" in text  # note and words travel as markers


def test_edl_at_29_97_is_drop_frame_and_ascii(demo_catalog, ntsc_reel) -> None:
    text = edl_of(demo_catalog, ntsc_reel)
    text.encode("ascii")  # Cyrillic and Hebrew notes transliterated, not dropped as bytes
    edl = pycmx.parse_cmx3600(io.StringIO(text))
    first, second = (e.edits[0] for e in edl.events)
    # 01:00:00;00 + 60.06 s = frame 1800 after the start, which drop-frame numbers 01:01:00;02.
    assert (first.source_in, first.source_out) == ("01:01:00;02", "01:01:10;02")
    assert (first.record_in, first.record_out) == ("00:00:00;00", "00:00:10;00")
    # The other rally says 01:00:00:00 (non-drop); the EDL counts drop-frame: same frame count.
    assert (second.source_in, second.source_out) == ("01:00:03;18", "01:00:04;18")
    assert "FCM: DROP FRAME" in text
    assert "SHCHARANSKIY" in text.upper()
    for edit in (first, second):
        assert len(edit.source) <= 8 and edit.source.replace("_", "").isalnum()


def test_edl_also_reads_back_with_otio(demo_catalog, pal_reel) -> None:
    text = edl_of(demo_catalog, pal_reel)
    timeline = otio.adapters.read_from_string(text, "cmx_3600", rate=25)
    clips = list(timeline.find_clips())
    assert [c.metadata["cmx_3600"]["reel"] for c in clips] == ["DEMO_TV_", "DEMO_RGA", "INTERVIE"]
    assert [otio.opentime.to_timecode(c.source_range.start_time, 25) for c in clips] == [
        "01:00:02:00",
        "10:00:01:01",
        "00:00:04:00",
    ]


@pytest.mark.parametrize("fmt", ["otio", "fcp7", "fcpxml"])
def test_each_format_round_trips_through_otio(demo_catalog, ntsc_reel, pal_reel, fmt) -> None:
    for slug in (pal_reel, ntsc_reel):
        with demo_catalog() as session:
            reel, views = views_of(session, slug)
            expected = [
                (s.clip_name, s.source_in, s.source_out, s.rate) for s in timelines.shots(views)
            ]
            text = timelines.write_timeline(fmt, reel.name, views)
        adapter = timelines.FORMATS[fmt][0]
        timeline = otio.adapters.read_from_string(text, adapter)
        clips = list(timeline.find_clips())
        got = []
        for clip, (_name, _in, _out, rate) in zip(clips, expected, strict=True):
            exact = float(exact_rate(rate))
            start = clip.source_range.start_time.value_rescaled_to(exact)
            end = clip.source_range.end_time_exclusive().value_rescaled_to(exact)
            got.append((clip.name, round(start), round(end), rate))
        if fmt == "fcpxml":
            # OTIO's FCPXML reader counts NTSC material at a whole 29 fps: within a frame.
            for (name, start, end, _r), (e_name, e_start, e_end, _) in zip(
                got, expected, strict=True
            ):
                assert name == e_name and abs(start - e_start) <= 1 and abs(end - e_end) <= 1
        else:
            assert got == expected, fmt
        if fmt != "fcpxml":  # the FCPXML reader keeps markers on the clip's parent
            assert [m.name for c in clips for m in c.markers][:1] == [
                "walks across" if slug == pal_reel else "crowd"
            ]


def test_otio_keeps_notes_excerpts_and_handles(demo_catalog, pal_reel) -> None:
    with demo_catalog() as session:
        reel, views = views_of(session, pal_reel)
        assert views[2].excerpt  # the historian speaks in 4-12.5 s
        text = timelines.write_timeline("otio", reel.name, views)
    clips = list(otio.adapters.read_from_string(text, "otio_json").find_clips())
    meta = clips[2].metadata["media_catalog"]
    assert meta["note"] == "opening line" and meta["excerpt"] == views[2].excerpt
    assert (meta["in_ms"], meta["out_ms"], meta["handle_before_ms"]) == (4000, 12500, 0)


def test_csv_shot_list(demo_catalog, ntsc_reel) -> None:
    with demo_catalog() as session:
        _reel, views = views_of(session, ntsc_reel)
        rows = list(csv.DictReader(io.StringIO(timelines.write_csv(views))))
    assert [(r["shot"], r["source_in"], r["duration"], r["record_out"]) for r in rows] == [
        ("1", "01:01:00;02", "00:00:10;00", "00:00:10;00"),
        ("2", "01:00:00:00", "00:00:01:00", "00:00:11;00"),  # its own non-drop count
    ]
    assert rows[1]["note"] == "Щаранский, שרנסקי"


@pytest.mark.parametrize(
    ("identifier", "slug", "expected"),
    [
        ("DEMO-HM-004, reel 2", "x", "DEMO_HM_"),
        (None, "interview-organizer", "INTERVIE"),
        ("Плёнка №5", "x", "PLENKA_N"),
        ("AX", "x", "AX2"),
    ],
)
def test_edl_reel_names_are_valid(identifier, slug, expected) -> None:
    from types import SimpleNamespace

    media = SimpleNamespace(id=1, identifier=identifier, slug=slug)
    view = SimpleNamespace(media=media)
    assert timelines.edl_reel_names([view]) == {1: expected}


def test_reel_names_stay_unique_when_truncated() -> None:
    from types import SimpleNamespace

    views = [
        SimpleNamespace(media=SimpleNamespace(id=i, identifier=f"DEMO-TV-{i}", slug="x"))
        for i in (1, 2, 3)
    ]
    names = timelines.edl_reel_names(views)
    assert len(set(names.values())) == 3
    assert all(len(n) <= 8 for n in names.values())


def test_csv_cells_never_run_as_formulas(demo_catalog) -> None:
    """Notes are typed by people and titles come from anyone's files: a cell starting like a
    formula reaches the spreadsheet as text (OWASP CSV injection)."""
    hostile = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"]
    slug = make_reel(
        demo_catalog,
        "Hostile notes",
        moments=[
            ("interview-historian", 4_000 + n * 1_000, 5_000 + n * 1_000, note)
            for n, note in enumerate(hostile)
        ],
        **{"interview-historian": {"title": "=cmd|' /C calc'!A0"}},
    )
    with demo_catalog() as session:
        _reel, views = views_of(session, slug)
        rows = list(csv.DictReader(io.StringIO(timelines.write_csv(views))))
    assert [r["note"] for r in rows] == [f"'{note}" for note in hostile]
    assert {r["title"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(timelines.FORMULA_STARTS), row
