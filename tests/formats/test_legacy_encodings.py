"""Legacy Hebrew, Russian and French subtitle files decoded right, with and without the
sidecar's language, never by whichever code page decodes first."""

import codecs
from pathlib import Path

import pytest

from media_catalog.formats.encodings import UndecodableError, decode
from media_catalog.formats.legacy_encodings import rank_readings
from media_catalog.ingest.transcripts import read_transcript

FILES = Path(__file__).parent / "files"

# (file, the same text in UTF-8, codec, sidecar language)
LEGACY_FILES = [
    ("hebrew-cp1255.srt", "hebrew.utf8.txt", "cp1255", "he"),
    ("russian-cp1251.srt", "russian.utf8.txt", "cp1251", "ru"),
    ("russian-koi8r.srt", "russian.utf8.txt", "koi8-r", "ru"),
    ("french-cp1252.vtt", "french.utf8.txt", "cp1252", "fr"),
]


@pytest.mark.parametrize(("name", "expected", "codec", "language"), LEGACY_FILES)
@pytest.mark.parametrize("with_language", [False, True])
def test_legacy_files_decode_right(
    name: str, expected: str, codec: str, language: str, with_language: bool
) -> None:
    decoded = decode((FILES / name).read_bytes(), language=language if with_language else None)
    assert decoded.text == (FILES / expected).read_text(encoding="utf-8")
    assert decoded.encoding == codec
    assert decoded.warnings == [f"decoded as legacy encoding {codec} (detected)"]


def test_hebrew_is_not_read_as_cyrillic() -> None:
    """The issue's case: "מים עד הים" in Windows-1255 came out as "ющэ Ґу фщэ"."""
    decoded = decode("מים עד הים".encode("cp1255"), language="he")
    assert decoded.text == "מים עד הים" and decoded.encoding == "cp1255"


def test_two_plausible_readings_import_the_best_and_warn_naming_both() -> None:
    decoded = decode("מים עד הים".encode("cp1255"))
    assert decoded.text == "מים עד הים"
    (warning,) = [w for w in decoded.warnings if "uncertain" in w]
    assert "read as cp1255, but koi8-r" in warning


def test_the_sidecar_language_outweighs_a_close_call() -> None:
    data = "Да".encode("cp1251")
    assert rank_readings(data, "ru")[0].codec == "cp1251"
    assert not [w for w in decode(data, language="ru").warnings if "uncertain" in w]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Мы подали документы в ОВИР весной.", "iso8859-5"),
        ("שלום, אני גרה בירושלים כבר שלושים שנה.", "iso8859-8"),
    ],
)
def test_iso_pages_are_candidates_too(text: str, codec: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text == text
    # ISO 8859-8 Hebrew letters sit where Windows-1255 has them: the same text either way.
    assert decoded.encoding in (codec, "cp1255")


def test_a_declared_encoding_is_obeyed_and_a_wrong_one_refused() -> None:
    data = (FILES / "russian-koi8r.srt").read_bytes()
    assert decode(data, declared="KOI8-R").encoding == "koi8-r (declared)"
    with pytest.raises(UndecodableError, match="is not cp1255 as declared: byte 0x"):
        decode(data, declared="cp1255")


def test_a_bom_wins_over_a_declared_encoding_as_in_browsers() -> None:
    decoded = decode(codecs.BOM_UTF8 + "Щаранский".encode(), declared="cp1251")
    assert (decoded.text, decoded.encoding) == ("Щаранский", "utf-8 (BOM)")


def test_utf16_without_a_bom_is_recognised() -> None:
    decoded = decode("WEBVTT\n\n00:01.000 --> 00:02.000\nשלום\n".encode("utf-16-le"))
    assert decoded.encoding == "utf-16-le" and "שלום" in decoded.text


def test_a_code_page_we_do_not_know_is_refused_not_garbled() -> None:
    with pytest.raises(UndecodableError, match="name its encoding with --encoding"):
        decode("日本語の字幕ファイルです。".encode("shift_jis"))


def write_track(tmp_path: Path, name: str, sidecar: str) -> Path:
    path = tmp_path / name
    path.write_bytes((FILES / name).read_bytes())
    path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    return path


SIDECAR = "media: legacy-interview\nfilm: test-film\nlanguage: {language}\nkind: original\n"


@pytest.mark.parametrize(("name", "expected", "codec", "language"), LEGACY_FILES)
def test_the_importer_reads_legacy_files_with_their_sidecar(
    tmp_path: Path, name: str, expected: str, codec: str, language: str
) -> None:
    parsed = read_transcript(write_track(tmp_path, name, SIDECAR.format(language=language)))
    assert parsed.encoding == codec
    text = (FILES / expected).read_text(encoding="utf-8")
    assert all(cue.text in text for cue in parsed.cues) and len(parsed.cues) >= 2


def test_the_sidecar_encoding_field_and_the_import_option_override_detection(
    tmp_path: Path,
) -> None:
    sidecar = SIDECAR.format(language="ru") + "encoding: koi8-r\n"
    path = write_track(tmp_path, "russian-cp1251.srt", sidecar)
    assert read_transcript(path).encoding == "koi8-r (declared)"
    assert read_transcript(path, encoding="cp1251").encoding == "cp1251 (declared)"


def test_an_unknown_sidecar_encoding_is_refused_at_its_line(tmp_path: Path) -> None:
    sidecar = SIDECAR.format(language="ru") + "encoding: cp9999\n"
    path = write_track(tmp_path, "russian-cp1251.srt", sidecar)
    with pytest.raises(Exception, match="field 'encoding': unknown encoding 'cp9999'") as info:
        read_transcript(path)
    assert info.value.line == 5  # type: ignore[attr-defined]
