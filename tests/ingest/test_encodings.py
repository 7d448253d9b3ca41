"""Decoding subtitle bytes: BOMs, stray bytes, legacy Russian and Hebrew code pages."""

import codecs

import pytest

from media_catalog.formats.encodings import UndecodableError, decode

RUSSIAN = (
    "WEBVTT\n\n00:01.000 --> 00:04.000\nМы подали документы в ОВИР весной, и нам отказали.\n\n"
    "00:04.000 --> 00:08.000\nПотом арестовали Щаранского, и все мы поняли, что будет дальше.\n"
)
HEBREW = (
    "WEBVTT\n\n00:01.000 --> 00:04.000\nשלום, אני גרה בירושלים כבר שלושים שנה.\n\n"
    "00:04.000 --> 00:08.000\nכתבנו מכתבים לאסירי ציון בברית המועצות כל שבוע.\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + RUSSIAN.encode(), "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE + HEBREW.encode("utf-16-le"), "utf-16-le (BOM)"),
        (codecs.BOM_UTF16_BE + HEBREW.encode("utf-16-be"), "utf-16-be (BOM)"),
        (codecs.BOM_UTF32_LE + RUSSIAN.encode("utf-32-le"), "utf-32-le (BOM)"),
        (RUSSIAN.encode(), "utf-8"),
    ],
)
def test_unicode_files(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text in (RUSSIAN, HEBREW)
    assert decoded.warnings == []


@pytest.mark.parametrize(
    ("text", "codepage", "word"),
    [
        (RUSSIAN, "cp1251", "Щаранского"),
        (HEBREW, "cp1255", "בירושלים"),
    ],
)
def test_legacy_code_pages_are_detected_and_reported(text: str, codepage: str, word: str) -> None:
    decoded = decode(text.encode(codepage))
    assert word in decoded.text
    assert "legacy encoding" in decoded.warnings[0]


def test_a_stray_byte_does_not_sink_a_utf8_file() -> None:
    data = RUSSIAN.encode().replace("весной".encode(), b"\xff" + "весной".encode())
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert "Щаранского" in decoded.text and "\ufffdвесной" in decoded.text
    assert decoded.bad_lines == [4]
    assert "line(s) 4" in decoded.warnings[0]


def test_a_broken_bom_is_refused() -> None:
    with pytest.raises(UndecodableError, match="utf-16-le"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
