"""Turning subtitle bytes into text: BOMs, UTF-8 with the odd stray byte, and legacy code pages
(Windows-1251 Russian, Windows-1255 Hebrew) detected with charset-normalizer."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import charset_normalizer

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


@dataclass
class DecodedText:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)


class UndecodableError(ValueError):
    pass


def decode(data: bytes) -> DecodedText:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(name), f"{name} (BOM)")
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"starts with a {name} byte-order mark but is not {name}: {exc.reason}"
                ) from None
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if good and bad <= max(STRAY_BYTES_MAX, good * STRAY_BYTES_RATIO):
        lines = _lines_with_replacements(lenient)
        shown = ", ".join(str(n) for n in lines[:10]) + (" ..." if len(lines) > 10 else "")
        return DecodedText(
            lenient,
            "utf-8",
            [f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD on line(s) {shown}"],
            lines,
        )
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError("is neither UTF-8 nor a recognisable legacy encoding")
    name = codecs.lookup(best.encoding).name
    return DecodedText(str(best), name, [f"decoded as legacy encoding {name} (detected)"])


def _lines_with_replacements(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if "\ufffd" in line]
