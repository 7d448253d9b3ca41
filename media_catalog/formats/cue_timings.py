"""Cue timing lines (`start --> end [settings]`): the W3C "collect WebVTT cue timings and
settings" rules first, then, where a browser would skip the cue, the lenient forms real files
use (meeting tools' `0:0:0.0`, a comma before the milliseconds), which we read and report."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The algorithm's ASCII whitespace: space, tab, line feed, form feed, carriage return. Not
# Python's isspace(), which also takes a vertical tab the algorithm refuses.
_WHITESPACE = " \t\n\f\r"
_DIGITS = re.compile(r"[0-9]+")
# The form nearly every file uses, `HH:MM:SS.mmm --> HH:MM:SS.mmm`, in one match: what the
# timestamp steps below would read for it, ten times faster (a digit after the milliseconds
# makes it fail, as the steps do, so the steps decide every other line).
_COMMON_TIMING = re.compile(
    r"[ \t\n\f\r]*([0-9]{1,10}):([0-9]{2}):([0-9]{2})\.([0-9]{3})(?![0-9])[ \t\n\f\r]*-->"
    r"[ \t\n\f\r]*([0-9]{1,10}):([0-9]{2}):([0-9]{2})\.([0-9]{3})(?![0-9])"
)
# Lenient on digit counts and on `,`/`.`; strict on structure: minutes and seconds are checked
# under 60 by the caller, and the arrow must be there.
LENIENT_TIMESTAMP = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_LENIENT_TIMING = re.compile(
    rf"^[ \t\f]*{LENIENT_TIMESTAMP}[ \t\f]*-->[ \t\f]*{LENIENT_TIMESTAMP}(?:[ \t\f]+.*)?$"
)
# SRT's own form: `00:00:01,000`, hours of two digits or more, a comma.
_SRT_STANDARD = re.compile(r"^\s*\d{2,}:\d{2}:\d{2},\d{3}\s*-->\s*\d{2,}:\d{2}:\d{2},\d{3}(\s|$)")


TOO_LATE_HOURS = 10**10


@dataclass
class Timing:
    start_ms: int
    end_ms: int
    is_standard: bool  # False: read by the lenient rules, which browsers do not apply


class TimingError(ValueError):
    """Why a timing line was not read: "malformed" or "impossible" (a minute of 61 seconds)."""


def _timestamp(line: str, pos: int) -> tuple[int, int] | None:
    """The W3C "collect a WebVTT timestamp" steps: (milliseconds, position after) or None."""
    first = _DIGITS.match(line, pos)
    if not first:
        return None
    # int() refuses thousands of digits; any hour count past ten digits is too late anyway.
    value1 = int(first.group()) if len(first.group()) <= 10 else TOO_LATE_HOURS
    pos = first.end()
    in_hours = len(first.group()) != 2 or value1 > 59
    if pos >= len(line) or line[pos] != ":":
        return None
    second = _DIGITS.match(line, pos + 1)
    if not second or len(second.group()) != 2:
        return None
    value2, pos = int(second.group()), second.end()
    if in_hours or (pos < len(line) and line[pos] == ":"):
        if pos >= len(line) or line[pos] != ":":
            return None
        third = _DIGITS.match(line, pos + 1)
        if not third or len(third.group()) != 2:
            return None
        value3, pos = int(third.group()), third.end()
    else:
        value1, value2, value3 = 0, value1, value2
    if pos >= len(line) or line[pos] != ".":
        return None
    fraction = _DIGITS.match(line, pos + 1)
    if not fraction or len(fraction.group()) != 3:
        return None
    if value2 > 59 or value3 > 59:
        return None
    return ((value1 * 60 + value2) * 60 + value3) * 1000 + int(fraction.group()), fraction.end()


def _clock_ms(hours: int, minutes: int, seconds: int, millis: int) -> int:
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _skip_whitespace(line: str, pos: int) -> int:
    while pos < len(line) and line[pos] in _WHITESPACE:
        pos += 1
    return pos


def parse_w3c_timing(line: str) -> tuple[int, int] | None:
    """(start_ms, end_ms) as a browser reads the line, or None where it would skip the cue.
    Whatever follows the end time is cue settings, which never invalidate a cue."""
    if (common := _COMMON_TIMING.match(line)) is not None:
        values = [int(v) for v in common.groups()]
        if max(values[1], values[2], values[5], values[6]) <= 59:
            return _clock_ms(*values[:4]), _clock_ms(*values[4:])
    start = _timestamp(line, _skip_whitespace(line, 0))
    if start is None:
        return None
    pos = _skip_whitespace(line, start[1])
    if line[pos : pos + 3] != "-->":
        return None
    end = _timestamp(line, _skip_whitespace(line, pos + 3))
    return (start[0], end[0]) if end else None


def lenient_ms(groups: tuple[str | None, ...]) -> int | None:
    """Milliseconds from (hours, minutes, seconds, fraction) text; None for minutes or seconds
    past 59. An absurd hour count is returned as is, for the caller to refuse."""
    hours, minutes, secs, fraction = groups
    if len(hours or "") > 10:
        return TOO_LATE_HOURS * 3_600_000
    m, s = int(minutes or 0), int(secs or 0)
    if m > 59 or s > 59:
        return None
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + m) * 60 + s) * 1000 + millis


def parse_timing(line: str, fmt: str, *, lenient: bool = True) -> Timing:
    """Read a timing line of a WebVTT (`fmt="vtt"`) or SRT file. Raises TimingError."""
    if fmt == "vtt" and (strict := parse_w3c_timing(line)) is not None:
        return Timing(*strict, is_standard=True)
    match = _LENIENT_TIMING.match(line) if lenient or fmt == "srt" else None
    if not match:
        raise TimingError("malformed")
    start, end = lenient_ms(match.groups()[0:4]), lenient_ms(match.groups()[4:8])
    if start is None or end is None:
        raise TimingError("impossible")
    return Timing(start, end, is_standard=fmt == "srt" and bool(_SRT_STANDARD.match(line)))
