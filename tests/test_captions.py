"""Caption and transcript writers: SRT blocks, WebVTT voices, Markdown that stays text."""

from types import SimpleNamespace

from media_catalog.formats.captions import to_markdown, to_srt, to_webvtt


def seg(start: int, end: int, text: str, speaker: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(start_ms=start, end_ms=end, text=text, speaker=speaker)


SEGMENTS = [
    seg(2154, 8485, "In 1969 I was a freshman,\n\nand a friend dragged me along.", "RUTH"),
    seg(3_723_004, 3_725_000, "Щаранский <b> & שרנסקי"),
]


def test_srt_numbers_blocks_with_comma_times_and_speaker_prefix() -> None:
    assert to_srt(SEGMENTS) == (
        "1\n00:00:02,154 --> 00:00:08,485\nRUTH: In 1969 I was a freshman,\n"
        "and a friend dragged me along.\n\n"
        "2\n01:02:03,004 --> 01:02:05,000\nЩаранский <b> & שרנסקי\n"
    )


def test_webvtt_carries_the_speaker_as_a_voice_and_escapes_text() -> None:
    text = to_webvtt(SEGMENTS)
    assert "00:00:02.154 --> 00:00:08.485\n<v RUTH>In 1969" in text
    assert "Щаранский &lt;b&gt; &amp; שרנסקי" in text


def test_markdown_links_timestamps_names_speakers_once_and_escapes_markup() -> None:
    segments = [*SEGMENTS[:1], seg(9000, 9500, "Then *we* met.", "RUTH"), SEGMENTS[1]]
    text = to_markdown(
        segments, title="Talk #1", heading="EN transcript", link_for=lambda ms: f"/m?t={ms}"
    )
    assert text.splitlines() == [
        "# Talk \\#1",
        "",
        "EN transcript",
        "",
        "[0:02](/m?t=2154) **RUTH:** In 1969 I was a freshman, and a friend dragged me along.",
        "",
        "[0:09](/m?t=9000) Then \\*we\\* met.",
        "",
        "[1:02:03](/m?t=3723004) Щаранский \\<b\\> & שרנסקי",
    ]
