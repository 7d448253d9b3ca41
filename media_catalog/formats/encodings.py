"""Turning subtitle bytes into text as a browser would, then past it for legacy files: a
byte-order mark first, then UTF-8 (a stray bad byte replaced, as browsers do), then the 8-bit
code pages an archive of Hebrew and Russian holds, chosen by how the text reads
(legacy_encodings.py). A declared encoding (`--encoding`, the sidecar's `encoding:`) is obeyed."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from .legacy_encodings import AMBIGUOUS_WITHIN, IMPLAUSIBLE_BELOW, rank_readings

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A file is "UTF-8 with stray bytes" when its bad sequences are this rare among its good ones.
STRAY_BYTES_MAX = 3
STRAY_BYTES_RATIO = 0.02
# UTF-16 without a BOM: text in Latin, Cyrillic or Hebrew has a zero in every other byte.
UTF16_ZERO_SHARE = 0.3


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)


class UndecodableError(ValueError):
    pass


def check_encoding_name(name: str) -> str:
    """The codec's canonical name (`CP1255` -> `cp1255`); ValueError for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (e.g. cp1255, cp1251, koi8-r)") from None


def decode(data: bytes, *, declared: str | None = None, language: str | None = None) -> DecodedText:
    """Bytes to text. `declared` names the encoding outright (a BOM still wins, as in browsers);
    `language` (a BCP 47 tag) is a strong hint among the legacy code pages."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(name), f"{name} (BOM)")
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"starts with a {name} byte-order mark but is not {name}: {exc.reason}"
                ) from None
    if declared:
        return _decode_declared(data, declared)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _utf8_with_stray_bytes(data) or _utf16_without_bom(data) or _legacy(data, language)


def _decode_declared(data: bytes, declared: str) -> DecodedText:
    name = check_encoding_name(declared)
    try:
        return DecodedText(data.decode(name), f"{name} (declared)")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UndecodableError(
            f"is not {name} as declared: byte 0x{data[exc.start]:02x} on line {line} ({exc.reason})"
        ) from None


def _utf8_with_stray_bytes(data: bytes) -> DecodedText | None:
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if not good or bad > max(STRAY_BYTES_MAX, good * STRAY_BYTES_RATIO):
        return None
    lines = [n for n, line in enumerate(lenient.splitlines(), 1) if "\ufffd" in line]
    shown = ", ".join(str(n) for n in lines[:10]) + (" ..." if len(lines) > 10 else "")
    return DecodedText(
        lenient,
        "utf-8",
        [f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD on line(s) {shown}"],
        lines,
    )


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    if len(data) < 4 or len(data) % 2:
        return None
    for name, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= UTF16_ZERO_SHARE * len(zeros):
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            return DecodedText(text, name, [f"decoded as {name} (no byte-order mark)"])
    return None


def _legacy(data: bytes, language: str | None) -> DecodedText:
    readings = rank_readings(data, language)
    if not readings or readings[0].score < IMPLAUSIBLE_BELOW:
        raise UndecodableError(
            "is neither UTF-8 nor readable in a code page we recognise (Windows-1255, "
            "Windows-1251, KOI8-R, ISO 8859-5/-8, Windows-1252): name its encoding with "
            "--encoding or the sidecar's encoding: field"
        )
    best = readings[0]
    warnings = [f"decoded as legacy encoding {best.codec} (detected)"]
    close = [r for r in readings[1:] if best.score - r.score < AMBIGUOUS_WITHIN]
    if close:
        others = " or ".join(r.codec for r in close)
        warnings.append(
            f"encoding uncertain: read as {best.codec}, but {others} is also plausible; "
            "check the text and name the encoding (--encoding, or encoding: in the sidecar)"
        )
    return DecodedText(best.text, best.codec, warnings)
