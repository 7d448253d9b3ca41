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
