"""Cut files as editors send them: the rate given (decimal or exact) or told by the file, or a
refusal naming what it could be; length mismatches read with a warning per event; .otio files
that would break OpenTimelineIO refused in one line."""

import pytest

from media_catalog.errors import IngestError
from media_catalog.ingest import cutfiles
from media_catalog.ingest.filmcut import read_cut
from media_catalog.timecode import parse_rate


def edl(*events: str, fcm: str = "NON-DROP FRAME") -> str:
    lines = ["TITLE: T", f"FCM: {fcm}", ""]
    for n, codes in enumerate(events, 1):
        lines += [f"{n:03d}  REEL{n}    V     C        {codes}", f"* FROM CLIP NAME: clip {n}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        (edl("00:00:01:24 00:00:02:00 00:00:00:00 00:00:00:01"), "25"),
        (edl("00:00:01;10 00:00:02;00 00:00:00;00 00:00:00;20"), "29.97"),
        (edl("00:00:01:10 00:00:02:00 00:00:00:00 00:00:00:20", fcm="DROP FRAME"), "29.97"),
        (
            edl("01:00:00:00 01:00:01:00 00:00:00:00 00:00:01:00") + "* FRAME RATE: 23.976\n",
            "23.976",
        ),
    ],
)
def test_the_file_tells_its_rate(tmp_path, text, rate) -> None:
    assert cutfiles.detect_edl_rate(tmp_path / "x.edl", text) == parse_rate(rate)


@pytest.mark.parametrize(
    ("codes", "candidates"),
    [
        ("00:00:01:23 00:00:02:00 00:00:00:00 00:00:00:01", "23.976, 24, 25, 29.97, 30"),
        ("00:00:01:29 00:00:02:00 00:00:00:00 00:00:00:01", "29.97, 30"),
        ("00:00:01:10 00:00:02:00 00:00:00:00 00:00:00:14", "23.976, 24, 25, 29.97, 30"),
    ],
)
def test_an_undecidable_rate_is_refused_naming_the_candidates(tmp_path, codes, candidates) -> None:
    with pytest.raises(IngestError, match=f"it may be {candidates} fps; give --fps"):
        cutfiles.detect_edl_rate(tmp_path / "x.edl", edl(codes))


def test_a_24_fps_edl_is_not_read_at_25(tmp_path) -> None:
    path = tmp_path / "x.edl"
    path.write_text(edl("00:00:01:00 00:00:02:00 00:00:10:00 00:00:11:00"))
    with pytest.raises(IngestError, match="give --fps"):
        read_cut(path)
    events, _ = read_cut(path, "24")
    assert (events[0].film_out_ms - events[0].film_in_ms, events[0].rate) == (1_000, 24)
    events, _ = read_cut(path, "23.976")
    assert events[0].film_out_ms - events[0].film_in_ms == 1_001


def test_length_mismatches_are_read_with_a_warning_each(tmp_path) -> None:
    path = tmp_path / "x.edl"
    path.write_text(
        edl(
            "00:00:01:00 00:00:03:00 00:00:00:00 00:00:01:00",
            "00:00:05:00 00:00:06:00 00:00:02:00 00:00:03:00",
            "00:00:07:00 00:00:07:10 00:00:03:00 00:00:04:00",
        )
    )
    events, warnings = read_cut(path, "25")
    assert len(events) == 3 and len(warnings) == 2
    assert warnings[0].startswith("event 001: source is 50 frames, record 25")
    assert [e.source_out for e in events] == ["00:00:03:00", "00:00:06:00", "00:00:07:10"]


def otio_doc(clip_rate: float = 25, depth: int = 0, bare: bool = False) -> str:
    import opentimelineio as otio

    span = otio.opentime.TimeRange(
        otio.opentime.RationalTime(0, 5), otio.opentime.RationalTime(10, 5)
    )
    clip = otio.schema.Clip(name="c", source_range=span)
    if bare:
        return otio.adapters.write_to_string(clip, "otio_json")
    timeline = otio.schema.Timeline(name="t")
    timeline.tracks.append(otio.schema.Track(kind="Video", children=[clip]))
    timeline.metadata["deep"] = "@"
    text = otio.adapters.write_to_string(timeline, "otio_json")
    text = text.replace('"rate": 5.0', f'"rate": {clip_rate}')
    return text.replace('"@"', '{"x": ' * depth + "{}" + "}" * depth)  # deeper than json.dumps goes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (otio_doc(bare=True), "a bare Clip"),
        (otio_doc(clip_rate=0), "a rate of 0"),
        (otio_doc(clip_rate=-24), "a rate of -24"),
        (otio_doc(depth=5000), "nested more than 64 levels deep"),
        ("{not json", "not valid JSON"),
        ('{"a": 1}', "no OTIO_SCHEMA"),
        ("", "the file is empty"),
    ],
)
def test_bad_otio_files_are_one_line(tmp_path, text, reason) -> None:
    path = tmp_path / "x.otio"
    path.write_text(text)
    with pytest.raises(IngestError, match=reason) as caught:
        read_cut(path)
    assert "\n" not in str(caught.value)


def test_a_5_fps_otio_clip_reads(tmp_path) -> None:
    path = tmp_path / "x.otio"
    path.write_text(otio_doc(clip_rate=5))
    (event,), _ = read_cut(path)
    assert (event.source_in, event.source_out, event.rate) == ("00:00:00:00", "00:00:02:00", 5)


def test_binary_and_missing_files(tmp_path) -> None:
    (tmp_path / "b.edl").write_bytes(b"\x00\x01\x02" * 10)
    for name, reason in (("b.edl", "binary"), ("missing.edl", "no such file")):
        with pytest.raises(IngestError, match=reason):
            read_cut(tmp_path / name)
