"""timecode.offset_in_source_ms: how far into a media file a source timecode from an EDL lies,
counted from the file's own start timecode, and the reverse of source_timecode."""

import pytest

from media_catalog.timecode import offset_in_source_ms, source_timecode


@pytest.mark.parametrize(
    "timecode, fps, start, expected",
    [
        ("01:00:10:00", 25, "01:00:00:00", 10_000),
        ("01:00:10:12", 25, "01:00:00:00", 10_480),
        ("00:00:02:00", 25, None, 2_000),
        ("00:59:59:00", 25, "01:00:00:00", -1_000),  # before the file starts
        ("01:01:00;02", 29.97, "01:00:00;00", 60_060),  # drop-frame: ;00 and ;01 skipped
        ("10:00:00:00", 24, "10:00:00:00", 0),
    ],
)
def test_offsets(timecode: str, fps: float, start: str | None, expected: int) -> None:
    assert offset_in_source_ms(timecode, fps, start) == expected


@pytest.mark.parametrize("fps, start", [(25, "01:00:00:00"), (29.97, "00:59:58;00"), (24, None)])
@pytest.mark.parametrize("ms", [0, 40, 10_000, 3_599_960])
def test_the_reverse_of_source_timecode(fps: float, start: str | None, ms: int) -> None:
    there = offset_in_source_ms(source_timecode(ms, fps, start), fps, start)
    assert abs(there - ms) <= 1000 / fps / 2 + 1  # to the nearest frame


def test_not_a_timecode() -> None:
    with pytest.raises(ValueError):
        offset_in_source_ms("01:00:10", 25)
