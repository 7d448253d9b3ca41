"""WebVTT and SRT cue parsing. What counts as a cue follows the W3C WebVTT parser as browsers
apply it (a block with a malformed timing line is skipped, with a warning); SRT is read as
found in the wild. We parse ourselves rather than through webvtt-py because we need line
numbers for errors, millisecond times, hours past 99 and recovery from missing blank lines."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..timecode import format_clock


class CueError(ValueError):
    """A problem that refuses the whole file, at a line."""

    def __init__(self, line: int | None, reason: str) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}" if line else reason)


@dataclass
class Cue:
    start_ms: int
    end_ms: int
    text: str
    speaker: str | None
    line: int  # of the timing line, 1-based


@dataclass
class ParsedCues:
    format: str  # "vtt" | "srt"
    cues: list[Cue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Lenient on digit counts and on `,`/`.` so that meeting-tool exports (`0:0:0.0`) import;
# strict on structure, minutes and seconds under 60, and the arrow with spaces around it.
_TIMESTAMP = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+(.*))?\s*$")
_SRT_TIMING = re.compile(rf"^\s*{_TIMESTAMP}\s*-->\s*{_TIMESTAMP}(?:\s+(.*))?\s*$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[^>\s][^>]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")
_SPACES = re.compile(r"[ \t\u00a0]+")
# "RUTH:", "DR. KAGAN:", ">> INTERVIEWER:", "ЛЕВ:" — capitals only, so "Note: ..." stays text.
_SPEAKER_PREFIX = re.compile(r"^(?:>>\s*)?([A-ZА-ЯЁ][A-ZА-ЯЁ0-9 .'’\-]{0,38}[A-ZА-ЯЁ0-9.]):\s+")
_LOOKS_TIMED = re.compile(r"\d+:\d+[.,:]\d+")
_NOTE_OR_HEADER_BLOCK = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)")
# Times are stored in INTEGER columns (32-bit on PostgreSQL): about 596 hours, far past any
# recording. A later time is a damaged file, refused at its line rather than by the database.
MAX_TIME_MS = 2**31 - 1


def split_lines(text: str) -> list[str]:
    """CRLF, CR and LF line ends alike; a leading BOM character dropped; NUL made visible."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return re.split(r"\r\n|\r|\n", text.replace("\0", "\ufffd"))


def _ms(groups: tuple[str | None, ...]) -> int | None:
    hours, minutes, secs, fraction = groups
    if len(hours or "") > 10:  # int() refuses thousands of digits; any such time is too late
        return MAX_TIME_MS + 1
    m, s = int(minutes or 0), int(secs or 0)
    if m > 59 or s > 59:
        return None
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + m) * 60 + s) * 1000 + millis


def parse_timestamp(text: str) -> int | None:
    """One cue timestamp (`00:04:10.000`, `4:10,5`) in milliseconds, or None."""
    match = re.fullmatch(rf"\s*{_TIMESTAMP}\s*", text)
    ms = _ms(match.groups()) if match else None
    return ms if ms is not None and ms <= MAX_TIME_MS else None


def _clean_text(lines: list[str], fmt: str) -> tuple[str, str | None]:
    """Markup removed, entities decoded; the speaker from a voice tag or a `NAME:` prefix.
    (Each step is skipped when its trigger character is absent: most cues are plain text.)"""
    raw = "\n".join(lines)
    speaker = None
    if "<" in raw:
        if voice := _VOICE.search(raw):
            speaker = voice.group(1).strip()
        raw = _TAG.sub("", raw)
    if fmt == "srt" and "{" in raw:
        raw = _ASS_OVERRIDE.sub("", raw)
    text = html.unescape(raw) if "&" in raw else raw
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = text.strip("\n ")
    if speaker is None and (prefix := _SPEAKER_PREFIX.match(text)):
        speaker = prefix.group(1).strip()
        text = text[prefix.end() :].lstrip()
    return text, speaker


def parse_cues(text: str, fmt: str) -> ParsedCues:
    """Parse WebVTT (`fmt="vtt"`) or SRT (`fmt="srt"`) text. Raises CueError for what refuses the
    whole file (no WEBVTT header, a cue that ends before it starts, no cues at all)."""
    lines = split_lines(text)
    result = ParsedCues(format=fmt)
    index = 0
    if fmt == "vtt":
        if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0] if lines else ""):
            raise CueError(1, "not a WebVTT file: the first line must be WEBVTT")
        while index < len(lines) and lines[index].strip():  # the header block
            index += 1
    timing_re = _TIMING if fmt == "vtt" else _SRT_TIMING
    speaker: str | None = None
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        block_start = index
        block: list[str] = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        index = _read_block(block, block_start, fmt, timing_re, result, index)
    if not result.cues:
        raise CueError(None, "no cues found (a cue is a 'start --> end' line followed by text)")
    for cue in result.cues:
        if cue.speaker:
            speaker = cue.speaker
        else:
            cue.speaker = speaker  # speakers are named when they change; later cues inherit
    _warn_order(result)
    return result


def _read_block(
    block: list[str],
    block_start: int,
    fmt: str,
    timing_re: re.Pattern[str],
    result: ParsedCues,
    index: int,
) -> int:
    """Read one blank-line-separated block; returns where parsing continues."""
    if fmt == "vtt" and _NOTE_OR_HEADER_BLOCK.match(block[0]):
        return index
    arrow_at = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else None
    if arrow_at is None:
        looks_timed = next(
            (i for i, line in enumerate(block[:2]) if _LOOKS_TIMED.search(line)), None
        )
        if looks_timed is not None:
            result.warnings.append(
                f"line {block_start + looks_timed + 1}: malformed timing line "
                f"{block[looks_timed].strip()!r} (expected 'start --> end'); block skipped"
            )
        elif not (fmt == "srt" and all(line.strip().isdigit() for line in block)):
            result.warnings.append(f"line {block_start + 1}: no timing line; block skipped")
        return index
    timing_line_no = block_start + arrow_at + 1
    match = timing_re.match(block[arrow_at])
    body = block[arrow_at + 1 :]
    # A line with "-->" inside the text means a blank line is missing: it starts the next cue.
    next_arrow = None
    for number, line in enumerate(body):
        if "-->" in line:
            next_arrow = number
            break
    if next_arrow is not None:
        rest_from = next_arrow
        if fmt == "srt" and next_arrow and body[next_arrow - 1].strip().isdigit():
            rest_from -= 1  # that line is the next item's index number
        body = body[:rest_from]
        index = block_start + arrow_at + 1 + rest_from
    if not match:
        result.warnings.append(
            f"line {timing_line_no}: malformed timing line {block[arrow_at].strip()!r}; cue skipped"
        )
        return index
    start, end = _ms(match.groups()[0:4]), _ms(match.groups()[4:8])
    if start is None or end is None:
        result.warnings.append(
            f"line {timing_line_no}: impossible time in {block[arrow_at].strip()!r}; cue skipped"
        )
        return index
    if max(start, end) > MAX_TIME_MS:
        raise CueError(
            timing_line_no,
            f"time {format_clock(max(start, end))} is later than the longest track "
            f"this catalog stores ({format_clock(MAX_TIME_MS)})",
        )
    if end < start:
        raise CueError(
            timing_line_no,
            f"cue end {format_clock(end)} is before its start {format_clock(start)}",
        )
    text, speaker = _clean_text(body, fmt)
    if not text:
        result.warnings.append(f"line {timing_line_no}: empty cue skipped")
        return index
    result.cues.append(Cue(start, end, text, speaker, timing_line_no))
    return index


def _warn_order(result: ParsedCues) -> None:
    previous: Cue | None = None
    for cue in result.cues:
        if previous is not None:
            if cue.start_ms < previous.start_ms:
                result.warnings.append(
                    f"line {cue.line}: cue starts at {format_clock(cue.start_ms)}, before the "
                    f"previous cue ({format_clock(previous.start_ms)}): out of order"
                )
            elif cue.start_ms < previous.end_ms:
                result.warnings.append(
                    f"line {cue.line}: cue overlaps the previous one (starts "
                    f"{format_clock(cue.start_ms)}, previous ends {format_clock(previous.end_ms)})"
                )
        previous = cue
