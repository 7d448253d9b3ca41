"""SRT as players read it: optional index numbers, blank lines of spaces, empty items kept in
their place, a forgotten blank line recovered, lenient timings reported."""

from pathlib import Path

from media_catalog.formats.cues import parse_cues

FILES = Path(__file__).parent / "files"


def test_srt_quirks_are_read_like_players_read_them() -> None:
    parsed = parse_cues((FILES / "srt-quirks.srt").read_text(encoding="utf-8"), "srt")
    assert [(c.identifier, c.start_ms, c.end_ms, c.text) for c in parsed.cues] == [
        ("1", 1000, 2000, "Top line"),
        ("2", 2000, 3000, ""),
        ("3", 3000, 4000, "with coordinates"),
        ("4", 4000, 5000, "no blank line before"),
        ("5", 5000, 6000, "period before milliseconds"),
    ]
    assert any("1 cue(s) with no text kept" in w and "(line(s) 8)" in w for w in parsed.warnings)
    assert any("read leniently on line(s) 18" in w for w in parsed.warnings)


def test_a_malformed_srt_timing_skips_only_its_item() -> None:
    text = "1\n00:00:01,000 --> 00:00:0x,000\nbad\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n"
    parsed = parse_cues(text, "srt")
    assert [c.text for c in parsed.cues] == ["ok"]
    assert parsed.warnings == [
        "line 2: malformed timing line '00:00:01,000 --> 00:00:0x,000' "
        "(expected 'start --> end'); cue skipped"
    ]
