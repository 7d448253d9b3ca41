"""Cues of a WebVTT or SRT file, as the catalog stores them: millisecond times, plain text, the
speaker. WebVTT follows the W3C parsing algorithm as browsers apply it (webvtt_file.py), SRT the
rules players agree on (srt_file.py); lenient extras are read and reported. Every cue with a
valid timing is kept, empty ones too, so later cues never shift against other tracks. We parse
ourselves rather than through webvtt-py for line numbers, milliseconds, hours past 99 and
these recoveries."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..timecode import format_clock
from .cue_text import clean_text
from .cue_timings import LENIENT_TIMESTAMP, lenient_ms
from .srt_file import collect_items
from .webvtt_file import RawCue, SignatureError, Skipped, check_signature, collect_blocks

# Times are stored in INTEGER columns (32-bit on PostgreSQL): about 596 hours, far past any
# recording. A later time is a damaged file, refused at its line rather than by the database.
MAX_TIME_MS = 2**31 - 1
_SHOWN_LINES = 5


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
    text: str  # "" for a cue with no text: kept, it holds its place in time
    speaker: str | None
    line: int  # of the timing line, 1-based
    identifier: str = ""


@dataclass
class ParsedCues:
    format: str  # "vtt" | "srt"
    cues: list[Cue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    """CRLF, CR and LF line ends alike; a leading BOM character dropped; NUL made U+FFFD (the
    algorithm's first step)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return re.split(r"\r\n|\r|\n", text.replace("\0", "\ufffd"))


def parse_timestamp(text: str) -> int | None:
    """One timestamp as people type it (`00:04:10.000`, `4:10,5`) in milliseconds, or None."""
    match = re.fullmatch(rf"\s*{LENIENT_TIMESTAMP}\s*", text)
    ms = lenient_ms(match.groups()) if match else None
    return ms if ms is not None and ms <= MAX_TIME_MS else None


def parse_cues(text: str, fmt: str, *, lenient: bool = True) -> ParsedCues:
    """Parse WebVTT (`fmt="vtt"`) or SRT (`fmt="srt"`) text. Raises CueError for what refuses
    the whole file (no WEBVTT signature, a cue that ends before it starts or past what the
    catalog stores, no cue at all). `lenient=False` reads WebVTT exactly as a browser does."""
    lines = split_lines(text)
    if fmt == "vtt":
        try:
            check_signature(lines)
        except SignatureError as exc:
            raise CueError(1, str(exc)) from None
        raw_cues, skipped = collect_blocks(lines, lenient=lenient)
    else:
        raw_cues, skipped = collect_items(lines)
    result = ParsedCues(format=fmt, warnings=[_skipped_warning(s) for s in skipped])
    result.cues = [_cue(raw, fmt) for raw in raw_cues]
    if not result.cues:
        raise CueError(None, "no cues found (a cue is a 'start --> end' line followed by text)")
    _inherit_speakers(result.cues)
    result.warnings += _lenient_warnings(raw_cues, fmt) + _empty_warnings(result.cues)
    _warn_order(result)
    return result


def _cue(raw: RawCue, fmt: str) -> Cue:
    start, end = raw.timing.start_ms, raw.timing.end_ms
    if max(start, end) > MAX_TIME_MS:
        raise CueError(
            raw.line,
            f"time {format_clock(max(start, end))} is later than the longest "
            f"track this catalog stores ({format_clock(MAX_TIME_MS)})",
        )
    if end < start:
        raise CueError(
            raw.line, f"cue end {format_clock(end)} is before its start {format_clock(start)}"
        )
    text, speaker = clean_text(raw.payload, fmt)
    return Cue(start, end, text, speaker, raw.line, raw.identifier)


def _skipped_warning(skipped: Skipped) -> str:
    shown = skipped.text.strip()
    if skipped.reason == "impossible":
        return f"line {skipped.line}: impossible time in {shown!r}; cue skipped"
    if skipped.reason == "malformed":
        return (
            f"line {skipped.line}: malformed timing line {shown!r} "
            "(expected 'start --> end'); cue skipped"
        )
    return f"line {skipped.line}: no timing line; block skipped"


def _lines_note(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_SHOWN_LINES])
    return shown + (
        f" and {len(numbers) - _SHOWN_LINES} more" if len(numbers) > _SHOWN_LINES else ""
    )


def _lenient_warnings(raw_cues: list[RawCue], fmt: str) -> list[str]:
    """One warning for all timings read by the lenient rules, naming where."""
    lines = [raw.line for raw in raw_cues if not raw.timing.is_standard]
    if not lines:
        return []
    standard = "HH:MM:SS.mmm" if fmt == "vtt" else "HH:MM:SS,mmm"
    browsers = "; browsers skip these cues" if fmt == "vtt" else ""
    return [
        f"line {lines[0]}: {len(lines)} timing line(s) not in the standard {standard} form "
        f"(short fields, a comma or period before the milliseconds) read leniently on "
        f"line(s) {_lines_note(lines)}{browsers}"
    ]


def _empty_warnings(cues: list[Cue]) -> list[str]:
    lines = [cue.line for cue in cues if not cue.text]
    if not lines:
        return []
    return [
        f"line {lines[0]}: {len(lines)} cue(s) with no text kept as timed segments, so later "
        f"cues keep their places (line(s) {_lines_note(lines)})"
    ]


def _inherit_speakers(cues: list[Cue]) -> None:
    """Speakers are named when they change; later cues with text inherit them."""
    speaker: str | None = None
    for cue in cues:
        if cue.speaker:
            speaker = cue.speaker
        elif cue.text:
            cue.speaker = speaker


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
