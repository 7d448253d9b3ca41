"""The cue parser against the cases subtitle files present in the wild."""

import pytest

from media_catalog.formats.cues import CueError, parse_cues


def cues(text: str, fmt: str = "vtt") -> list[tuple[int, int, str | None, str]]:
    return [(c.start_ms, c.end_ms, c.speaker, c.text) for c in parse_cues(text, fmt).cues]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "plain",
            "WEBVTT\n\n00:00:01.500 --> 00:00:03.250\nHello\n",
            [(1500, 3250, None, "Hello")],
        ),
        (
            "BOM and CRLF",
            "\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nHi\r\n",
            [(1000, 2000, None, "Hi")],
        ),
        ("CR line ends", "WEBVTT\r\r00:01.000 --> 00:02.000\rHi\r", [(1000, 2000, None, "Hi")]),
        (
            "voice tag kept as speaker",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Dana Weiss>Shalom</v>\n",
            [(1000, 2000, "Dana Weiss", "Shalom")],
        ),
        (
            "voice with class",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Lev>Да\n",
            [(1000, 2000, "Lev", "Да")],
        ),
        (
            "NAME: prefix",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nDR. HALPERN: In 1977\n",
            [(1000, 2000, "DR. HALPERN", "In 1977")],
        ),
        (
            "Note: is not a speaker",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nNote: nothing\n",
            [(1000, 2000, None, "Note: nothing")],
        ),
        (
            "inline timestamps and styling",
            "WEBVTT\n\n00:01.000 --> 00:04.000\n"
            "<c.yellow>one</c> <00:00:02.000><b>two</b> <i>three</i> <u>&amp;</u> &lt;4&gt;\n",
            [(1000, 4000, None, "one two three & <4>")],
        ),
        (
            "NOTE STYLE REGION skipped",
            "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\n"
            "NOTE a comment\nover two lines\n\n00:01.000 --> 00:02.000\nx\n",
            [(1000, 2000, None, "x")],
        ),
        (
            "header metadata",
            "WEBVTT - Interview\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nx\n",
            [(1000, 2000, None, "x")],
        ),
        (
            "hours beyond 99",
            "WEBVTT\n\n123:00:00.000 --> 123:00:01.000\nlate\n",
            [(442_800_000, 442_801_000, None, "late")],
        ),
        (
            "cue settings and id",
            "WEBVTT\n\nintro-1\n00:01.000 --> 00:02.000 align:start line:0 position:10%\nx\n",
            [(1000, 2000, None, "x")],
        ),
        (
            "multi-line cue",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\nsecond\n",
            [(1000, 2000, None, "first\nsecond")],
        ),
        (
            "meeting-tool short times",
            "WEBVTT\n\n0:0:0.0 --> 0:0:2.5\nhi\n",
            [(0, 2500, None, "hi")],
        ),
        (
            "missing blank line recovers",
            "WEBVTT\n\n00:01.000 --> 00:02.000\na\n00:03.000 --> 00:04.000\nb\n",
            [(1000, 2000, None, "a"), (3000, 4000, None, "b")],
        ),
        (
            "Hebrew and Cyrillic",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nשרנסקי\n\n00:02.000 --> 00:03.000\nЩаранский\n",
            [(1000, 2000, None, "שרנסקי"), (2000, 3000, None, "Щаранский")],
        ),
        (
            "speaker carries to later cues",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ruth>a\n\n00:02.000 --> 00:03.000\nb\n",
            [(1000, 2000, "Ruth", "a"), (2000, 3000, "Ruth", "b")],
        ),
    ],
)
def test_webvtt(name: str, text: str, expected: list) -> None:
    assert cues(text) == expected, name


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "numbered",
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03,000 --> 00:00:04,000\nYo\n",
            [(1000, 2000, None, "Hi"), (3000, 4000, None, "Yo")],
        ),
        (
            "no index numbers",
            "00:00:01,000 --> 00:00:02,000\nHi\n\n00:00:03,000 --> 00:00:04,000\nYo\n",
            [(1000, 2000, None, "Hi"), (3000, 4000, None, "Yo")],
        ),
        (
            "dot instead of comma",
            "1\n00:00:01.000 --> 00:00:02.000\nHi\n",
            [(1000, 2000, None, "Hi")],
        ),
        (
            "leading blank lines",
            "\n\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n",
            [(1000, 2000, None, "Hi")],
        ),
        (
            "font tags and ASS overrides",
            '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ff0">{\\pos(10,20)}Hi</font>\n',
            [(1000, 2000, None, "Hi")],
        ),
        (
            "empty item kept in its place",
            "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nYo\n",
            [(1000, 2000, None, ""), (3000, 4000, None, "Yo")],
        ),
        (
            "NAME: prefix then inherited",
            "1\n00:00:01,000 --> 00:00:02,000\nRUTH: Hi\n\n2\n00:00:03,000 --> 00:00:04,000\nagain\n",
            [(1000, 2000, "RUTH", "Hi"), (3000, 4000, "RUTH", "again")],
        ),
        (
            "missing blank line with index",
            "1\n00:00:01,000 --> 00:00:02,000\na\n2\n00:00:03,000 --> 00:00:04,000\nb\n",
            [(1000, 2000, None, "a"), (3000, 4000, None, "b")],
        ),
    ],
)
def test_srt(name: str, text: str, expected: list) -> None:
    assert cues(text, "srt") == expected, name


@pytest.mark.parametrize(
    ("timing", "why"),
    [
        ("00:01.000 -> 00:02.000", "malformed timing line"),
        ("00:01.000 -- > 00:02.000", "malformed timing line"),
        ("00:00:61.000 --> 00:01:02.000", "impossible time"),
        ("00:61:00.000 --> 01:02:00.000", "impossible time"),
        ("00:01.000 --> ", "malformed timing line"),
        ("00:01.000 --> later", "malformed timing line"),
        ("00:01:000 --> 00:02:000", "malformed timing line"),
    ],
)
def test_malformed_timing_is_skipped_with_warning(timing: str, why: str) -> None:
    parsed = parse_cues(f"WEBVTT\n\n{timing}\nbad\n\n00:05.000 --> 00:06.000\ngood\n", "vtt")
    assert [c.text for c in parsed.cues] == ["good"]
    assert any(w.startswith("line 3:") and why in w for w in parsed.warnings), parsed.warnings


def test_an_arrow_without_spaces_is_a_timing_line_as_in_browsers() -> None:
    parsed = parse_cues("WEBVTT\n\n00:01.000-->00:02.000 \nok\n", "vtt")
    assert [(c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [(1000, 2000, "ok")]
    assert parsed.warnings == []


def test_end_before_start_refuses_the_file_naming_the_line() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:01:05.000 --> 00:01:02.000\nbad\n"
    with pytest.raises(CueError) as info:
        parse_cues(text, "vtt")
    assert info.value.line == 6
    assert info.value.reason == "cue end 00:01:02.000 is before its start 00:01:05.000"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("00:01.000 --> 00:02.000\nno header\n", 1, "first line must be WEBVTT"),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", 1, "first line must be WEBVTT"),
        ("WEBVTT\n\nNOTE only a note\n", None, "no cues found"),
        ("", 1, "first line must be WEBVTT"),
    ],
)
def test_refused_files(text: str, line: int | None, reason: str) -> None:
    with pytest.raises(CueError, match=reason) as info:
        parse_cues(text, "vtt")
    assert info.value.line == line


def test_out_of_order_and_overlapping_cues_import_with_warnings() -> None:
    parsed = parse_cues(
        "WEBVTT\n\n00:05.000 --> 00:07.000\na\n\n00:06.000 --> 00:08.000\nb\n\n"
        "00:01.000 --> 00:02.000\nc\n",
        "vtt",
    )
    assert [c.text for c in parsed.cues] == ["a", "b", "c"]
    assert any("line 6:" in w and "overlaps" in w for w in parsed.warnings)
    assert any("line 9:" in w and "out of order" in w for w in parsed.warnings)
