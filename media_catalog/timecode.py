"""Time values: integer milliseconds inside, text at the edges (WebVTT/SRT clock times, SMPTE
timecode, W3C media fragments, `?t=` seconds). Pure functions, no I/O."""

from __future__ import annotations

import re

MS_PER_SECOND = 1000

# W3C media fragment temporal dimension, normal play time: t=83.5 | t=83.5,97 | t=,97 | t=npt:1:23.5
_NPT = r"(?:(?:\d+:)?\d{1,2}:\d{1,2}(?:\.\d+)?|\d+(?:\.\d+)?)"
_FRAGMENT_RE = re.compile(rf"^t=(?:npt:)?(?P<start>{_NPT})?(?:,(?P<end>{_NPT}))?$")


def format_clock(ms: int, *, sep: str = ".", always_hours: bool = True) -> str:
    """`83500` -> `00:01:23.500` (WebVTT); `sep=","` gives SRT."""
    if ms < 0:
        raise ValueError(f"negative time {ms} ms")
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours or always_hours:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def format_short(ms: int) -> str:
    """A timestamp for people: `1:23` or `1:02:03` (whole seconds, truncated)."""
    total = ms // 1000
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def seconds(ms: int) -> float:
    """Milliseconds as float seconds, for `?t=` links and JSON."""
    return ms / MS_PER_SECOND


def ms_from_seconds(value: str | float) -> int:
    """`"83.5"` -> 83500. Raises ValueError on anything that is not a non-negative number."""
    number = float(value)
    if not number >= 0 or number == float("inf"):  # also rejects NaN
        raise ValueError(f"not a time in seconds: {value!r}")
    return round(number * MS_PER_SECOND)


def _npt_ms(text: str) -> int:
    parts = text.split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return round(total * MS_PER_SECOND)


def parse_media_fragment(fragment: str) -> tuple[int | None, int | None]:
    """`t=83.5,97` -> (83500, 97000); (None, None) for what browsers would ignore."""
    match = _FRAGMENT_RE.match(fragment.strip().lstrip("#"))
    if not match or not (match["start"] or match["end"]):
        return None, None
    start = _npt_ms(match["start"]) if match["start"] else None
    end = _npt_ms(match["end"]) if match["end"] else None
    if start is not None and end is not None and end <= start:
        return start, None
    return start, end


def media_fragment(start_ms: int, end_ms: int | None = None) -> str:
    """(83500, 97000) -> `t=83.5,97`: seconds without trailing zeros."""

    def fmt(ms: int) -> str:
        return f"{ms / 1000:.3f}".rstrip("0").rstrip(".")

    return f"t={fmt(start_ms)}" + (f",{fmt(end_ms)}" if end_ms is not None else "")


def parse_smpte(timecode: str, fps: float) -> int:
    """`01:00:10:12` at 25 fps -> ms. A `;` before the frames means drop-frame (29.97, 59.94)."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2}):(\d{2})([:;.])(\d{2,3})", timecode.strip())
    if not match:
        raise ValueError(f"not a SMPTE timecode: {timecode!r}")
    hours, minutes, secs, sep, frames = match.groups()
    h, m, s, f = int(hours), int(minutes), int(secs), int(frames)
    nominal = round(fps)
    if m > 59 or s > 59 or f >= nominal:
        raise ValueError(f"not a SMPTE timecode: {timecode!r}")
    total_frames = ((h * 60 + m) * 60 + s) * nominal + f
    if sep == ";":
        drop = 2 if nominal == 30 else 4
        total_minutes = h * 60 + m
        total_frames -= drop * (total_minutes - total_minutes // 10)
    return round(total_frames * 1000 / fps)
