"""The W3C WebVTT parsing cases (modelled on web-platform-tests' webvtt/parsing/file-parsing,
with our own files): `lenient=False` must read what a browser reads; the default reads the
same cues plus the lenient extras, each reported."""

from pathlib import Path

import pytest

from media_catalog.formats.cues import CueError, parse_cues
from media_catalog.formats.encodings import decode

FILES = Path(__file__).parent / "files"


def read(name: str, *, lenient: bool = False):  # type: ignore[no-untyped-def]
    text = decode((FILES / name).read_bytes()).text
    return parse_cues(text, "vtt", lenient=lenient)


def summary(name: str, *, lenient: bool = False) -> list[tuple[str, int, int, str]]:
    return [(c.identifier, c.start_ms, c.end_ms, c.text) for c in read(name, lenient=lenient).cues]


# (file, what a browser reads: id, start, end, our plain text)
W3C_CASES = {
    # "-->" on a block's third line or later starts the next block; garbage arrows fail.
    "arrows.vtt": [
        ("", 0, 1000, "one"),
        ("", 1000, 2000, "two"),
        ("", 2000, 3000, "three"),
        ("", 3000, 4000, "four"),
        ("", 4000, 5000, "five"),
    ],
    "ids.vtt": [
        (" leading space", 0, 1000, "one"),
        ("trailing space ", 1000, 2000, "two"),
        ("-- >", 2000, 3000, "three"),
        ("->", 3000, 4000, "four"),
    ],
    # CR, LF and CRLF alike; LF then CR is two line ends, so the "lfcr" line is a block alone.
    "newlines.vtt": [
        ("cr", 0, 1000, "one"),
        ("lf", 1000, 2000, "two"),
        ("crlf", 2000, 3000, "three"),
        ("", 3000, 4000, "four"),
    ],
    # NUL becomes U+FFFD: in a header line, an id or text it stays; in a timestamp it fails.
    "nulls.vtt": [
        ("", 0, 1000, "one"),
        ("\ufffd id", 1000, 2000, "two"),
        ("", 2000, 3000, "\ufffdthree\ufffd"),
        ("", 3000, 4000, "four"),
    ],
    "header-timings.vtt": [("", 0, 1000, "right after the header")],
    # The algorithm's timestamp: two-digit minutes and seconds, three-digit milliseconds,
    # hours of any length.
    "timings-short-fields.vtt": [
        ("", 0, 1000, "hours of one digit"),
        ("", 0, 1000, "hours of one digit again"),
    ],
    "timings-long-fields.vtt": [
        ("", 0, 1000, "three-digit hours"),
        ("", 360_000_000, 360_001_000, "four-digit hours"),
    ],
    # Space, tab and form feed separate; a vertical tab does not.
    "whitespace-chars.vtt": [
        ("spaces", 0, 1000, "one"),
        ("tabs", 1000, 2000, "two"),
        ("form feed", 2000, 3000, "three"),
    ],
    # Only an empty line ends a cue: a line of spaces is part of it (we drop it from the text).
    "blank-lines.vtt": [
        ("", 0, 1000, "first line\nafter a line of spaces"),
        ("", 1000, 2000, "two"),
    ],
    "comments-and-style.vtt": [
        ("", 0, 1000, "one"),
        ("NOTE", 1000, 2000, "a NOTE line followed by a timing line is a cue id"),
    ],
    "empty-cues.vtt": [
        ("", 0, 1000, "one"),
        ("", 1000, 2000, ""),
        ("", 2000, 3000, "three"),
        ("id-only", 3000, 4000, ""),
        ("", 4000, 5000, "five"),
    ],
    # Damaged timing lines between cues with no blank lines: a browser keeps four cues (the
    # line with '->' is text of the first); the lenient reading adds the comma-timed one.
    "damaged-timings.vtt": [
        ("", 0, 1000, "one\n00:00:01.000 -> 00:00:02.000\nlost: no arrow"),
        ("", 2000, 3000, "three"),
        ("", 4000, 5000, "five"),
        ("", 5000, 6000, "six"),
    ],
}


@pytest.mark.parametrize("name", W3C_CASES)
def test_strict_reading_matches_the_algorithm(name: str) -> None:
    assert summary(name) == W3C_CASES[name]


@pytest.mark.parametrize("name", W3C_CASES)
def test_lenient_reading_adds_only_reported_cues(name: str) -> None:
    """Every cue a browser reads is read; any extra cue is a lenient one, and warned about."""
    strict, parsed = W3C_CASES[name], read(name, lenient=True)
    lenient = [(c.identifier, c.start_ms, c.end_ms, c.text) for c in parsed.cues]
    extra = [cue for cue in lenient if cue not in strict]
    assert [cue for cue in lenient if cue in strict] == strict
    if extra:
        assert any("read leniently" in w for w in parsed.warnings), parsed.warnings


def test_lenient_extras_are_each_named_in_one_warning() -> None:
    parsed = read("timings-short-fields.vtt", lenient=True)
    assert [c.text for c in parsed.cues].count("lenient") == 4
    (warning,) = [w for w in parsed.warnings if "read leniently" in w]
    assert "4 timing line(s)" in warning and "6, 9, 15, 18" in warning
    assert "browsers skip these cues" in warning
    assert any(w.startswith("line 12: malformed timing line") for w in parsed.warnings)


def test_a_damaged_file_keeps_the_cues_a_browser_keeps() -> None:
    parsed = read("damaged-timings.vtt", lenient=True)
    assert [c.text.split("\n")[0] for c in parsed.cues] == [
        "one",
        "three",
        "lenient end",
        "five",
        "six",
    ]


def test_empty_cues_hold_their_place_and_are_counted() -> None:
    parsed = read("empty-cues.vtt", lenient=True)
    assert [c.line for c in parsed.cues] == [3, 6, 8, 12, 14]
    assert any("2 cue(s) with no text kept" in w for w in parsed.warnings)


def test_voice_spans_name_the_speaker_even_without_their_closing_bracket() -> None:
    cues = read("voices.vtt").cues
    assert [(c.speaker, c.text) for c in cues] == [
        ("Ruth Alon", "Shalom"),
        ("Lev", "Да"),
        ("Natan", "We waited nine years."),
        ("Avital", ""),
    ]


def test_a_timing_on_the_signature_line_is_no_cue_and_the_file_is_refused() -> None:
    with pytest.raises(CueError, match="no cues found") as info:
        read("signature-timings.vtt")
    assert info.value.line is None


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        ("WEBVTT", 0),
        ("WEBVTT\t\n\n00:00.000 --> 00:01.000\nx", 1),
        ("WEBVTT header text\n\n00:00.000 --> 00:01.000\nx", 1),
        ("\ufeffWEBVTT\n\n00:00.000 --> 00:01.000\nx", 1),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\n00:01.000 --> 00:02.000\ny", 2),
    ],
)
def test_signatures_the_algorithm_accepts(text: str, cues: int) -> None:
    if cues == 0:
        with pytest.raises(CueError, match="no cues found"):
            parse_cues(text, "vtt", lenient=False)
    else:
        assert len(parse_cues(text, "vtt", lenient=False).cues) == cues


@pytest.mark.parametrize("text", ["WEBVTTX\n\n", "webvtt\n\n", " WEBVTT\n\n", "WEBVT"])
def test_signatures_the_algorithm_refuses(text: str) -> None:
    with pytest.raises(CueError, match="first line must be WEBVTT") as info:
        parse_cues(text + "00:00.000 --> 00:01.000\nx\n", "vtt")
    assert info.value.line == 1
