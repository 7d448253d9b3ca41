"""The importer reads at least every file webvtt-py reads correctly: on each fixture webvtt-py
reads, every cue it finds (times and text) is among ours, in order. Where webvtt-py departs from
the W3C algorithm the file is listed with what it gets wrong, and the W3C cases decide."""

from pathlib import Path

import pytest
import webvtt

from media_catalog.formats.cues import parse_cues
from media_catalog.formats.encodings import decode

FILES = Path(__file__).parent / "files"
WEBVTT_PY_WRONG = {
    "nulls.vtt": "keeps NUL characters the algorithm replaces with U+FFFD",
    "timings-short-fields.vtt": "reads one-digit fields browsers skip, without a word",
    "whitespace-chars.vtt": "takes a vertical tab as space, which the algorithm does not",
    "voices.vtt": "keeps an unterminated '<v Name' as text instead of a voice",
}
# Files webvtt-py cannot read at all: legacy code pages, empty SRT items.
WEBVTT_PY_FAILS = (UnicodeDecodeError, webvtt.errors.MalformedFileError)


def plain(text: str) -> str:
    """webvtt-py keeps leading spaces and lines of spaces; we drop both."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def fixtures() -> list[Path]:
    return sorted(p for p in FILES.iterdir() if p.suffix in (".vtt", ".srt"))


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: p.name)
def test_every_cue_webvtt_py_reads_is_read(path: Path) -> None:
    try:
        theirs = webvtt.read(str(path)) if path.suffix == ".vtt" else webvtt.from_srt(str(path))
    except WEBVTT_PY_FAILS:
        return
    if path.name in WEBVTT_PY_WRONG or not theirs.captions:
        return
    ours = parse_cues(decode(path.read_bytes()).text, path.suffix[1:]).cues
    remaining = iter((c.start_ms, c.end_ms, c.text) for c in ours)
    for caption in theirs:
        wanted = (
            caption.start_time.in_milliseconds(),
            caption.end_time.in_milliseconds(),
            plain(caption.text),
        )
        assert wanted in remaining, f"{path.name}: {wanted} not read"


def test_the_parity_set_is_not_empty() -> None:
    """Most fixtures are files webvtt-py reads and agrees on; the check above must see them."""
    compared = []
    for path in fixtures():
        try:
            read = webvtt.read if path.suffix == ".vtt" else webvtt.from_srt
            if read(str(path)).captions and path.name not in WEBVTT_PY_WRONG:
                compared.append(path.name)
        except WEBVTT_PY_FAILS:
            continue
    assert len(compared) >= 10, compared
