"""Caption tracks and transcripts written from stored segments: WebVTT through webvtt-py (the
speaker travels as a voice span so players can show who is talking), SRT (speaker as a
`NAME:` prefix, as SRT has no voices) and a Markdown transcript with timestamps. The caller
passes only the segments the reader may see."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import webvtt

from .. import words
from ..models import Segment
from ..timecode import format_clock, format_short


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lines(text: str) -> list[str]:
    """A blank line ends a cue in both formats: keep the segment's lines, drop empty ones."""
    return [line for line in text.splitlines() if line.strip()] or [""]


def _word_timed(segment: Segment) -> str:
    """The cue's text with a timestamp tag before each measured word that starts after the cue
    does (WebVTT's cue timestamps, which must lie inside the cue and increase)."""
    measured = [
        w
        for w in words.decode(segment.word_timings)  # type: ignore[arg-type]
        if segment.start_ms < w.start_ms < segment.end_ms
    ]
    parts, done, last = [], 0, segment.start_ms
    for word in measured:
        if word.start_ms <= last:
            continue
        parts += [segment.text[done : word.char_start], f"\0{format_clock(word.start_ms)}\0"]
        done, last = word.char_start, word.start_ms
    parts.append(segment.text[done:])
    # Escape the text, then turn the markers into tags (to_webvtt sends text holding a NUL of
    # its own the plain way).
    text = _escape("\n".join(_lines("".join(parts))))
    pieces = text.split("\0")
    return "".join(f"<{piece}>" if odd % 2 else piece for odd, piece in enumerate(pieces))


def to_webvtt(segments: Iterable[Segment], *, word_timed: bool = False) -> str:
    """Captions, one cue per segment; `word_timed` adds the measured words' start times inside
    each cue, for players that light up words as they are spoken."""
    document = webvtt.WebVTT()
    for segment in segments:
        if word_timed and getattr(segment, "word_timings", None) and "\0" not in segment.text:
            text = _word_timed(segment)
        else:
            text = _escape("\n".join(_lines(segment.text)))
        if segment.speaker:
            text = f"<v {_escape(segment.speaker)}>{text}"
        document.captions.append(
            webvtt.Caption(format_clock(segment.start_ms), format_clock(segment.end_ms), text)
        )
    return document.content


def to_srt(segments: Iterable[Segment]) -> str:
    blocks = []
    for index, segment in enumerate(segments, start=1):
        lines = _lines(segment.text).copy()
        if segment.speaker:
            lines[0] = f"{segment.speaker}: {lines[0]}"
        timing = (
            f"{format_clock(segment.start_ms, sep=',')} --> {format_clock(segment.end_ms, sep=',')}"
        )
        blocks.append("\n".join([str(index), timing, *lines]))
    return "\n\n".join(blocks) + "\n"


def _markdown_escape(text: str) -> str:
    """Keep words from turning into Markdown markup (emphasis, links, headings, lists)."""
    for char in "\\`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(
    segments: Iterable[Segment], *, title: str, heading: str, link_for: Callable[[int], str]
) -> str:
    """A readable transcript: one paragraph per segment, a timestamp linking to the moment, and
    the speaker named only when it changes."""
    lines = [f"# {_markdown_escape(title)}", "", heading, ""]
    previous_speaker = None
    for segment in segments:
        stamp = f"[{format_short(segment.start_ms)}]({link_for(segment.start_ms)})"
        text = " ".join(_markdown_escape(line.strip()) for line in _lines(segment.text))
        if segment.speaker and segment.speaker != previous_speaker:
            text = f"**{_markdown_escape(segment.speaker)}:** {text}"
        previous_speaker = segment.speaker or previous_speaker
        lines += [f"{stamp} {text}", ""]
    return "\n".join(lines)
