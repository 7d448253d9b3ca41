"""Every rate the catalog meets: exact NTSC fractions, integer rates 1-120 (5 fps stills-based
interviews, 12-18 fps home movies and silent film), drop-frame and non-drop, conversion between
rates by nearest frame with no drift, and rates as people type them."""

from fractions import Fraction

import pytest

from media_catalog import timecode

NTSC_FILM, NTSC, NTSC_HIGH = Fraction(24000, 1001), Fraction(30000, 1001), Fraction(60000, 1001)


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("25", Fraction(25)),
        ("5", Fraction(5)),
        ("120", Fraction(120)),
        ("29.97", NTSC),
        ("29.970", NTSC),
        ("30000/1001", NTSC),
        ("23.976", NTSC_FILM),
        ("23.98", NTSC_FILM),
        ("24000/1001", NTSC_FILM),
        ("59.94", NTSC_HIGH),
        ("60000 / 1001", NTSC_HIGH),
        ("16fps", Fraction(16)),
        ("48/2", Fraction(24)),
    ],
)
def test_rates_as_people_type_them(text: str, rate: Fraction) -> None:
    assert timecode.parse_rate(text) == rate
    assert timecode.exact_rate(text) == rate


@pytest.mark.parametrize("text", ["0", "-25", "121", "12.5", "abc", "25/0", "", "nan", "29.5"])
def test_rates_refused_with_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="frame rate"):
        timecode.parse_rate(text)


@pytest.mark.parametrize(
    ("rate", "label"), [(NTSC, "29.97"), (NTSC_FILM, "23.976"), (25, "25"), (29.97, "29.97")]
)
def test_rate_labels(rate, label) -> None:
    assert timecode.rate_label(rate) == label


@pytest.mark.parametrize("fps", [*range(1, 121), NTSC_FILM, NTSC, NTSC_HIGH])
def test_every_rate_formats_and_parses_its_own_timecode(fps) -> None:
    nominal = round(fps)
    for frames in (0, 1, nominal - 1, nominal * 61 + 3, nominal * 3600 * 10 + 7):
        text = timecode.frames_to_smpte(frames, fps)
        assert timecode.smpte_to_frames(text, fps) == frames, (fps, frames, text)


@pytest.mark.parametrize("fps", [5, 12, 15, 16, 18])
def test_rates_otio_refuses_get_timecode(fps: int) -> None:
    assert timecode.frames_to_smpte(fps * 3600 + 2, fps) == "01:00:00:02"
    assert timecode.source_timecode(1_200, fps, "10:00:00:00") == timecode.frames_to_smpte(
        fps * 36_000 + round(1.2 * fps), fps
    )


@pytest.mark.parametrize(
    ("frame", "source", "target", "expected"),
    [
        (5, 5, 25, 25),
        (1, 5, 24, 5),  # 0.2 s is 4.8 frames at 24: nearest is 5
        (30, NTSC, 25, 25),  # 1.001 s at 25 fps is 25.025 frames
        (107_892, NTSC, 25, 90_000),  # 01:00:00;00 DF is 3599.9964 s
        (24, 24, NTSC_FILM, 24),  # rates 0.1 % apart stay on the same frame number for a while
        (16, 16, 24, 24),
    ],
)
def test_convert_frame_to_the_nearest(frame, source, target, expected) -> None:
    assert timecode.convert_frame(frame, source, target) == expected


def test_conversion_does_not_drift_over_many_shots() -> None:
    # A hundred 7-frame shots at 18 fps, placed one after another at 25 fps: converting each
    # position (not each length) keeps the total within one frame of the real running time.
    positions = [timecode.convert_frame(7 * n, 18, 25) for n in range(101)]
    assert positions[-1] == round(700 * 25 / 18)
    assert all(0 <= b - a <= 10 for a, b in zip(positions, positions[1:], strict=False))


def test_most_common_rate() -> None:
    assert timecode.most_common_rate([5, 25, 29.97, 30000 / 1001]) == NTSC
    assert timecode.most_common_rate([16, 24]) == 16  # a tie: the first one
    assert timecode.most_common_rate([]) == 25


def test_decimal_aliases_compare_as_fractions() -> None:
    assert timecode.exact_rate(29.97) == timecode.exact_rate("30000/1001") == NTSC
    assert timecode.exact_rate(23.976) == timecode.exact_rate(24000 / 1001) == NTSC_FILM
    assert timecode.is_drop_frame_rate("29.97") and not timecode.is_drop_frame_rate("23.976")
