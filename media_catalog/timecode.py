"""Time values: integer milliseconds inside, text at the edges (WebVTT/SRT clock times, SMPTE
timecode, W3C media fragments, `?t=` seconds). Pure functions, no I/O."""

from __future__ import annotations

import math
import re
from fractions import Fraction

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


# SMPTE timecode counts frames. NTSC rates are really n*1000/1001 frames per second: the
# catalog stores them rounded (29.97), the arithmetic below uses the exact fractions. Every
# integer rate 1-120 is a rate too: silent film runs at 16-18, home movies at 12-18, stills-based
# interviews at 5. Rates are compared as fractions, never as floats typed by hand.
NTSC_RATES = {
    23.976: Fraction(24000, 1001),
    29.97: Fraction(30000, 1001),
    59.94: Fraction(60000, 1001),
}
MAX_RATE = 120
_SMPTE_RE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})")
_RATE_TEXT_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:\s*/\s*(\d+))?\s*(?:fps)?\s*$", re.I)

RateLike = float | int | Fraction | str


def exact_rate(fps: RateLike) -> Fraction:
    """29.97 (or "29.97", "23.98", "30000/1001") -> 30000/1001; 25 -> 25. Raises ValueError
    for rates that are not positive numbers."""
    if isinstance(fps, str):
        return parse_rate(fps)
    if isinstance(fps, Fraction):
        if fps <= 0:
            raise ValueError(f"not a frame rate: {fps}")
        return _snap_ntsc(fps)
    if not fps > 0 or fps == float("inf"):
        raise ValueError(f"not a frame rate: {fps!r}")
    return _snap_ntsc(Fraction(fps).limit_denominator(1001))


def _snap_ntsc(rate: Fraction) -> Fraction:
    """A rate within 0.005 of an NTSC rate is that rate (23.98, 29.97, 59.94 as typed)."""
    for rounded, exact in NTSC_RATES.items():
        if abs(rate - Fraction(str(rounded))) < Fraction(1, 200) or abs(rate - exact) < 1e-6:
            return exact
    return rate


def parse_rate(text: str) -> Fraction:
    """A rate as people type it: `25`, `29.97`, `23.976`, `23.98`, `59.94`, `30000/1001`.
    ValueError (naming what is accepted) for anything else, or a rate outside 1-120."""
    match = _RATE_TEXT_RE.match(str(text))
    if not match:
        raise ValueError(f"not a frame rate: {text!r} (e.g. 25, 29.97 or 30000/1001)")
    number, denominator = match.groups()
    if denominator is not None and int(denominator) == 0:
        raise ValueError(f"not a frame rate: {text!r} (a zero denominator)")
    rate = _snap_ntsc(Fraction(number) / Fraction(int(denominator or 1)))
    if not is_supported_rate(rate):
        raise ValueError(
            f"unsupported frame rate {text!r}: use a whole number from 1 to {MAX_RATE}, "
            "or 23.976, 29.97, 59.94 (24000/1001, 30000/1001, 60000/1001)"
        )
    return rate


def is_supported_rate(rate: Fraction) -> bool:
    return rate in NTSC_RATES.values() or (rate.denominator == 1 and 1 <= rate <= MAX_RATE)


def rate_label(fps: RateLike) -> str:
    """30000/1001 -> `29.97`, 24000/1001 -> `23.976`, 25 -> `25`: how people write rates."""
    rate = exact_rate(fps)
    for rounded, exact in NTSC_RATES.items():
        if rate == exact:
            return f"{rounded:g}"
    return f"{float(rate):g}"


def convert_frame(frame: int, from_fps: RateLike, to_fps: RateLike) -> int:
    """The frame at `to_fps` nearest in time to `frame` at `from_fps` (halves up). Positions are
    converted, never lengths, so a run of conversions cannot drift."""
    ratio = exact_rate(to_fps) / exact_rate(from_fps)
    return math.floor(frame * ratio + Fraction(1, 2))


def most_common_rate(rates: list[RateLike], default: RateLike = 25) -> Fraction:
    """The rate most items have (the earliest one on a tie): a reel's default sequence rate."""
    exact = [exact_rate(r) for r in rates]
    if not exact:
        return exact_rate(default)
    return max(exact, key=lambda r: (exact.count(r), -exact.index(r)))


def is_drop_frame_rate(fps: RateLike) -> bool:
    """Drop-frame timecode exists for 29.97 and 59.94 (it keeps the clock with real time)."""
    return exact_rate(fps) in (NTSC_RATES[29.97], NTSC_RATES[59.94])


def _nominal(fps: RateLike) -> int:
    return round(exact_rate(fps))


def frames_from_ms(ms: int, fps: RateLike) -> int:
    """The nearest frame to a time, halves up (editing tools snap to whole frames)."""
    return math.floor(Fraction(ms, MS_PER_SECOND) * exact_rate(fps) + Fraction(1, 2))


def ms_from_frames(frames: int, fps: RateLike) -> int:
    return round(Fraction(frames) / exact_rate(fps) * MS_PER_SECOND)


def smpte_to_frames(timecode: str, fps: RateLike) -> int:
    """`01:00:10:12` at 25 fps -> 90262. A `;` (or `,`) before the frames means drop-frame,
    where frame numbers 0 and 1 (0-3 at 59.94) are skipped each minute but every tenth."""
    match = _SMPTE_RE.fullmatch(timecode.strip())
    if not match:
        raise ValueError(f"not a SMPTE timecode: {timecode!r}")
    hours, minutes, secs, sep, frames = match.groups()
    h, m, s, f = int(hours), int(minutes), int(secs), int(frames)
    nominal = _nominal(fps)
    drop = sep in ";," and is_drop_frame_rate(fps)
    dropped = nominal // 15 if drop else 0  # 2 frames at 29.97, 4 at 59.94
    if m > 59 or s > 59 or f >= nominal or (dropped and s == 0 and m % 10 and f < dropped):
        raise ValueError(f"not a SMPTE timecode: {timecode!r}")
    total_minutes = h * 60 + m
    total = (total_minutes * 60 + s) * nominal + f
    return total - dropped * (total_minutes - total_minutes // 10)


def frames_to_smpte(frames: int, fps: RateLike, drop_frame: bool | None = None) -> str:
    """90262 at 25 fps -> `01:00:10:12`; at 29.97 drop-frame by default (`;` before frames).
    Counts past 24 hours wrap around, as timecode does."""
    if frames < 0:
        raise ValueError(f"negative frame count {frames}")
    nominal = _nominal(fps)
    drop = is_drop_frame_rate(fps) if drop_frame is None else drop_frame
    if drop and not is_drop_frame_rate(fps):
        raise ValueError(f"drop-frame timecode needs 29.97 or 59.94 fps, not {fps}")
    frames %= nominal * 86_400 - (nominal // 15 * 9 * 144 if drop else 0)
    if drop:
        dropped = nominal // 15
        per_minute = nominal * 60 - dropped
        per_ten = nominal * 600 - dropped * 9
        tens, rest = divmod(frames, per_ten)
        frames += dropped * 9 * tens
        if rest > dropped:
            frames += dropped * ((rest - dropped) // per_minute)
    total_seconds, f = divmod(frames, nominal)
    total_minutes, s = divmod(total_seconds, 60)
    h, m = divmod(total_minutes, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{';' if drop else ':'}{f:02d}"


def parse_smpte(timecode: str, fps: RateLike) -> int:
    """`01:00:10:12` at 25 fps -> ms. A `;` before the frames means drop-frame (29.97, 59.94)."""
    return ms_from_frames(smpte_to_frames(timecode, fps), fps)


def counts_drop_frame(fps: RateLike, start_timecode: str | None) -> bool:
    """A 29.97 file whose start timecode is written `01:00:00:00` counts non-drop; `;` (or no
    start timecode at all) means drop-frame, the broadcast norm."""
    if not is_drop_frame_rate(fps):
        return False
    return start_timecode is None or bool(re.search(r"[;,]\d+$", start_timecode.strip()))


def source_timecode(ms: int, fps: RateLike, start_timecode: str | None = None) -> str:
    """The timecode a media file shows at `ms` from its start, counting from its own start
    timecode (`01:00:00:00` on many camera files), in its own rate and drop-frame mode."""
    start = smpte_to_frames(start_timecode, fps) if start_timecode else 0
    drop = counts_drop_frame(fps, start_timecode)
    return frames_to_smpte(start + frames_from_ms(ms, fps), fps, drop)


def offset_in_source_ms(timecode: str, fps: RateLike, start_timecode: str | None = None) -> int:
    """The reverse of source_timecode: how far into a media file the frame with timecode
    `timecode` lies, counting from the file's own start timecode (negative when before it)."""
    start = smpte_to_frames(start_timecode, fps) if start_timecode else 0
    return ms_from_frames(smpte_to_frames(timecode, fps) - start, fps)
