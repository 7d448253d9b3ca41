"""An editor's cut file read before OpenTimelineIO sees it: its rate (given, or told by the file:
our own rate note, a FRAME RATE comment, drop-frame, the highest frame number; else a refusal
naming the candidates), source/record length mismatches read leniently with a warning per event,
and .otio files checked (JSON, nesting depth, bare clips, rates) so a bad file is one line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..errors import IngestError
from ..timecode import RateLike, exact_rate, frames_to_smpte, parse_rate, smpte_to_frames

MAX_CUT_BYTES = 50_000_000
MAX_NESTING = 64  # OTIO's JSON reader recurses: a deep file would end in RecursionError
_TC = r"\d{2}:\d{2}:\d{2}[:;.,]\d{2}"
EVENT_RE = re.compile(
    rf"^(?P<head>\d{{3,6}}\s+\S+\s+\S+\s+\S+(?:\s+\d+)?\s+)"
    rf"(?P<src_in>{_TC})\s+(?P<src_out>{_TC})\s+(?P<rec_in>{_TC})\s+(?P<rec_out>{_TC})\s*$"
)
_OWN_NOTE_RE = re.compile(r"SEQUENCE RATE (\d+(?:\.\d+)?) FPS", re.I)
_RATE_COMMENT_RE = re.compile(r"^\*\s*(?:FRAME RATE|FPS|RATE)\s*:\s*(\S+)", re.I | re.M)
_TIMECODE_RE = re.compile(_TC)
COMMON_EDL_RATES = ("23.976", "24", "25", "29.97", "30")
KINDS = "a cut is an .edl (CMX 3600) or .otio file, or FCP 7 XML (.xml)"


@dataclass
class CutText:
    """A cut file's text as OTIO should read it, the rate it is read at and what was mended."""

    text: str
    rate: Fraction | None  # None for .otio files, which carry their own rates
    warnings: list[str] = field(default_factory=list)


def read_cut_text(path: Path) -> str:
    """The file's text; IngestError when missing, empty, too big or not text."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(str(path), "cannot be read: no such file") from None
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read: {exc.strerror or exc}") from None
    if not data.strip():
        raise IngestError(str(path), "the file is empty")
    if len(data) > MAX_CUT_BYTES or b"\x00" in data:
        raise IngestError(str(path), "not a cut file (binary, or larger than 50 MB)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # EDLs from older systems: 8-bit reel and clip names


def detect_edl_rate(path: Path, text: str) -> Fraction:
    """The rate an EDL tells by itself, or IngestError naming the rates it could be."""
    if match := _OWN_NOTE_RE.search(text):
        return parse_rate(match[1])
    if match := _RATE_COMMENT_RE.search(text):
        try:
            return parse_rate(match[1])
        except ValueError:
            pass
    events = [line for line in text.splitlines() if EVENT_RE.match(line.strip())]
    timecodes = [tc for line in events for tc in _TIMECODE_RE.findall(line)]
    if re.search(r"^FCM:\s*DROP", text, re.M | re.I) or any(tc[8] in ";," for tc in timecodes):
        return parse_rate("29.97")
    if not timecodes:  # nothing is counted: any rate reads it (and OTIO says what is wrong)
        return Fraction(25)
    highest = max(int(tc[9:]) for tc in timecodes)
    if highest == 24:  # frame 24 exists at 25 fps, and a 30 fps count would show 25-29
        return Fraction(25)
    candidates = [r for r in COMMON_EDL_RATES if round(float(parse_rate(r))) > highest]
    raise IngestError(
        str(path),
        f"cannot tell the frame rate (highest frame number {highest:02d}): "
        f"it may be {', '.join(candidates)} fps; give --fps",
    )


def mend_lengths(text: str, rate: Fraction) -> tuple[str, list[str]]:
    """Warnings for events whose source and record lengths differ; OTIO then reads the source
    length (`ignore_timecode_mismatch`), and the record out is rewritten to agree with it."""
    warnings, lines = [], text.splitlines()
    for index, line in enumerate(lines):
        match = EVENT_RE.match(line.strip())
        if not match:
            continue
        try:
            frames = [smpte_to_frames(match[k], rate) for k in ("src_in", "src_out", "rec_in")]
            frames.append(smpte_to_frames(match["rec_out"], rate))
        except ValueError as exc:
            raise IngestError("", f"event {line.split()[0]}: {exc}") from None
        source_length, record_length = frames[1] - frames[0], frames[3] - frames[2]
        if source_length != record_length:
            number = line.split()[0]
            warnings.append(
                f"event {number}: source is {source_length} frames, record {record_length}; "
                "read the source length"
            )
            drop = match["rec_in"][8] in ";,"
            record_out = frames_to_smpte(frames[2] + source_length, rate, drop)
            lines[index] = line.replace(match["rec_out"], record_out, 1)
    return "\n".join(lines) + "\n", warnings


def prepare_edl(path: Path, text: str, rate: RateLike | None) -> CutText:
    exact = exact_rate(rate) if rate is not None else detect_edl_rate(path, text)
    try:
        mended, warnings = mend_lengths(text, exact)
    except IngestError as exc:
        raise IngestError(str(path), exc.reason) from None
    return CutText(mended, exact, warnings)


def check_otio_json(path: Path, text: str) -> None:
    """One clear line for the .otio files OTIO would answer with a traceback."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise IngestError(str(path), f"nested more than {MAX_NESTING} levels deep") from None
    except ValueError:
        raise IngestError(str(path), "not an OTIO file: not valid JSON") from None
    if not isinstance(document, dict) or "OTIO_SCHEMA" not in document:
        raise IngestError(str(path), "not an OTIO file: no OTIO_SCHEMA at its top")
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise IngestError(str(path), f"nested more than {MAX_NESTING} levels deep")
        if isinstance(node, dict):
            schema = str(node.get("OTIO_SCHEMA", ""))
            if schema.startswith("RationalTime") and not _positive_number(node.get("rate")):
                raise IngestError(str(path), f"a rate of {node.get('rate')!r}: rates are positive")
            if depth == 1 and schema.startswith("Clip"):
                raise IngestError(str(path), "a bare Clip: a cut is a Timeline of tracks")
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)


def check_fcp7_xml(path: Path, text: str) -> None:
    if "<xmeml" not in text[:4096]:
        raise IngestError(str(path), f"not FCP 7 XML (no <xmeml>): {KINDS}")


def _positive_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 10_000
