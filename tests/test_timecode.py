import pytest

from media_catalog import timecode


@pytest.mark.parametrize(
    ("ms", "clock", "short"),
    [
        (0, "00:00:00.000", "0:00"),
        (83_500, "00:01:23.500", "1:23"),
        (3_723_004, "01:02:03.004", "1:02:03"),
        (360_000_000, "100:00:00.000", "100:00:00"),
    ],
)
def test_format(ms: int, clock: str, short: str) -> None:
    assert timecode.format_clock(ms) == clock
    assert timecode.format_short(ms) == short


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("t=83.5", (83_500, None)),
        ("#t=83.5,97", (83_500, 97_000)),
        ("t=npt:1:23.5", (83_500, None)),
        ("t=,10", (None, 10_000)),
        ("t=10,5", (10_000, None)),
        ("t=abc", (None, None)),
        ("x=1", (None, None)),
    ],
)
def test_parse_media_fragment(fragment: str, expected: tuple) -> None:
    assert timecode.parse_media_fragment(fragment) == expected


def test_media_fragment_round_trip() -> None:
    assert timecode.media_fragment(83_500, 97_000) == "t=83.5,97"
    assert timecode.parse_media_fragment(timecode.media_fragment(1_250)) == (1_250, None)


@pytest.mark.parametrize(("value", "ms"), [("83.5", 83_500), (0, 0), ("1e1", 10_000)])
def test_ms_from_seconds(value: object, ms: int) -> None:
    assert timecode.ms_from_seconds(value) == ms  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "ten"])
def test_ms_from_seconds_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        timecode.ms_from_seconds(value)


@pytest.mark.parametrize(
    ("smpte", "fps", "ms"),
    [
        ("00:00:01:00", 25, 1000),
        ("01:00:00:00", 25, 3_600_000),
        ("00:00:00:12", 25, 480),
        ("00:01:00;02", 29.97, 60_060),  # drop-frame: frames 0 and 1 of minute 1 do not exist
        ("00:10:00;00", 29.97, 600_000),
    ],
)
def test_parse_smpte(smpte: str, fps: float, ms: int) -> None:
    assert timecode.parse_smpte(smpte, fps) == pytest.approx(ms, abs=1)


@pytest.mark.parametrize("bad", ["1:2:3", "00:00:00:25", "00:60:00:00"])
def test_parse_smpte_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        timecode.parse_smpte(bad, 25)


@pytest.mark.parametrize(
    ("frames", "fps", "smpte"),
    [
        (0, 23.976, "00:00:00:00"),
        (24 * 3600, 23.976, "01:00:00:00"),  # 23.976 counts 24 a second, non-drop
        (86_399, 24, "00:59:59:23"),
        (90_262, 25, "01:00:10:12"),
        (1_799, 29.97, "00:00:59;29"),
        (1_800, 29.97, "00:01:00;02"),  # frames ;00 and ;01 of minute 1 are skipped
        (17_982, 29.97, "00:10:00;00"),  # but not every tenth minute
        (107_892, 29.97, "01:00:00;00"),
        (3_600, 59.94, "00:01:00;04"),
        (108_000, 29.97, "01:00:03;18"),
    ],
)
def test_frames_and_smpte_both_ways(frames: int, fps: float, smpte: str) -> None:
    assert timecode.frames_to_smpte(frames, fps) == smpte
    assert timecode.smpte_to_frames(smpte, fps) == frames


def test_drop_frame_agrees_with_opentimelineio_over_a_day() -> None:
    from opentimelineio import opentime

    for fps in (23.976, 24, 25, 29.97, 59.94):
        rate = float(timecode.exact_rate(fps))
        for frames in range(0, 24 * 3600 * 60, 9_973):
            expected = opentime.to_timecode(opentime.RationalTime(frames, rate), rate)
            assert timecode.frames_to_smpte(frames, fps) == expected, (fps, frames)


@pytest.mark.parametrize(
    ("ms", "fps", "start", "smpte"),
    [
        (2_000, 25, "01:00:00:00", "01:00:02:00"),
        (60_060, 29.97, "01:00:00;00", "01:01:00;02"),
        (1_001, 23.976, "00:59:59:00", "01:00:00:00"),  # 1.001 s is 24 frames at 23.976
        (12_500, 24, None, "00:00:12:12"),
    ],
)
def test_source_timecode(ms: int, fps: float, start: str | None, smpte: str) -> None:
    assert timecode.source_timecode(ms, fps, start) == smpte


def test_frames_and_ms_at_ntsc_rates() -> None:
    assert timecode.frames_from_ms(1_001, 29.97) == 30
    assert timecode.ms_from_frames(30, 29.97) == 1_001
    assert timecode.frames_from_ms(20, 25) == 1  # half a frame rounds up
    assert timecode.exact_rate(29.97) == timecode.exact_rate(30000 / 1001)


@pytest.mark.parametrize(
    ("smpte", "fps"), [("00:01:00;00", 29.97), ("00:01:00;03", 59.94), ("00:00:00:30", 29.97)]
)
def test_frames_that_drop_frame_skips_are_refused(smpte: str, fps: float) -> None:
    with pytest.raises(ValueError):
        timecode.smpte_to_frames(smpte, fps)
