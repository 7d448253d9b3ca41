"""SRT as players read it (there is no standard, only what VLC, ffmpeg and the subtitle
libraries agree on): items of an optional index number, a timing line and text, separated by
blank lines (spaces alone count as blank); an item with no text is still an item; a timing line
where a blank line was forgotten starts the next item, taking the index number before it."""

from __future__ import annotations

from .cue_timings import TimingError, parse_timing
from .webvtt_file import RawCue, Skipped, note_untimed


def _is_index(line: str) -> bool:
    return line.strip().isdigit()


def _starts_item(lines: list[str], index: int) -> bool:
    """A timing line, or an index number right above one."""
    line = lines[index]
    if "-->" in line:
        return True
    return _is_index(line) and index + 1 < len(lines) and "-->" in lines[index + 1]


def collect_items(lines: list[str]) -> tuple[list[RawCue], list[Skipped]]:
    cues: list[RawCue] = []
    skipped: list[Skipped] = []
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        if not _starts_item(lines, index):
            index = _skip_untimed(lines, index, skipped)
            continue
        identifier = ""
        if "-->" not in lines[index]:
            identifier = lines[index].strip()
            index += 1
        timing_line, index = index, index + 1
        payload = []
        while index < len(lines) and lines[index].strip() and not _starts_item(lines, index):
            payload.append(lines[index])
            index += 1
        try:
            timing = parse_timing(lines[timing_line], "srt")
        except TimingError as exc:
            skipped.append(Skipped(timing_line + 1, str(exc), lines[timing_line]))
            continue
        cues.append(RawCue(identifier, timing, payload, timing_line + 1))
    return cues, skipped


def _skip_untimed(lines: list[str], index: int, skipped: list[Skipped]) -> int:
    """Text with no timing line, up to the next blank line or item; a lone index number (an
    item cut short) passes without a word."""
    start = index
    while index < len(lines) and lines[index].strip() and not _starts_item(lines, index):
        index += 1
    block = lines[start:index]
    if not all(_is_index(line) for line in block):
        note_untimed(block, start, skipped)
    return index
