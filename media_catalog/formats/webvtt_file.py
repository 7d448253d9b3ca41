"""The W3C WebVTT file parsing algorithm (https://w3c.github.io/webvtt/#file-parsing) over a
file's lines: the signature, the header, then blocks, each a cue when its first or second line
is a timing line a browser accepts. A line holding "-->" further into a block starts the next
block, as in browsers. Where we part from the algorithm on purpose, see docs/webvtt.md."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cue_timings import Timing, TimingError, parse_timing

_LOOKS_TIMED = re.compile(r"\d+:\d+[.,:]\d+")
_COMMENT_OR_HEADER_BLOCK = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)")


class SignatureError(ValueError):
    pass


@dataclass
class RawCue:
    """A cue as the algorithm collects it, before its text is cleaned."""

    identifier: str
    timing: Timing
    payload: list[str]
    line: int  # of the timing line, 1-based


@dataclass
class Skipped:
    line: int
    reason: str  # "malformed", "impossible" (a timing line) or "untimed" (no timing line)
    text: str


def check_signature(lines: list[str]) -> None:
    """`WEBVTT` alone or followed by a space, tab or the end of the line."""
    first = lines[0] if lines else ""
    if not re.match(r"^WEBVTT(?:[ \t]|$)", first):
        raise SignatureError("not a WebVTT file: the first line must be WEBVTT")


def collect_blocks(lines: list[str], *, lenient: bool) -> tuple[list[RawCue], list[Skipped]]:
    """Every cue of a WebVTT file whose signature was checked, and what was skipped."""
    cues: list[RawCue] = []
    skipped: list[Skipped] = []
    index = 1
    if index < len(lines) and lines[index] != "":
        index = _collect_block(lines, index, True, lenient, cues, skipped)
    while index < len(lines):
        if lines[index] == "":  # only an empty line separates blocks, not a line of spaces
            index += 1
            continue
        index = _collect_block(lines, index, False, lenient, cues, skipped)
    return cues, skipped


def _collect_block(
    lines: list[str],
    index: int,
    in_header: bool,
    lenient: bool,
    cues: list[RawCue],
    skipped: list[Skipped],
) -> int:
    """The "collect a WebVTT block" steps from lines[index]; returns where the next block
    starts. A cue goes to `cues`; a timing line that fails, or text with none, to `skipped`."""
    start, buffer, cue = index, [], None
    timing_tried = False
    while index < len(lines):
        line = lines[index]
        index += 1
        if "-->" in line:
            line_count = index - start
            if in_header or not (line_count == 1 or (line_count == 2 and not timing_tried)):
                index -= 1  # this line starts the next block
                break
            timing_tried = True
            try:
                timing = parse_timing(line, "vtt", lenient=lenient)
            except TimingError as exc:
                skipped.append(Skipped(index, str(exc), line))
                cue = None
            else:
                cue = RawCue("\n".join(buffer), timing, [], index)
                buffer = []
        elif line == "":
            break
        else:
            buffer.append(line)
    if cue is not None:
        cue.payload = buffer
        cues.append(cue)
    elif not timing_tried and not in_header:
        note_untimed(lines[start:index], start, skipped)
    return index


def note_untimed(block: list[str], start: int, skipped: list[Skipped]) -> None:
    """Text with no timing line: comments and header blocks are meant; anything else hints at
    damage (a timing line typed wrong, as `00:01.000 -> 00:02.000`)."""
    if not block or _COMMENT_OR_HEADER_BLOCK.match(block[0]):
        return
    looks_timed = next((i for i, line in enumerate(block[:2]) if _LOOKS_TIMED.search(line)), None)
    if looks_timed is not None:
        skipped.append(Skipped(start + looks_timed + 1, "malformed", block[looks_timed]))
    else:
        skipped.append(Skipped(start + 1, "untimed", block[0]))
