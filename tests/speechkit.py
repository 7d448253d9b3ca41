"""Speech with known word boundaries, for the speech tests and benchmarks/speech.py: each word
synthesised alone by Debian's flite (voice slt), its leading and trailing silence cut by energy,
and the words joined with silences of known length, so every word's true start and end is known
to the sample."""

from __future__ import annotations

import array
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import pytest

from media_catalog.models import MediaItem

RATE = 16000
THRESHOLD = 300  # |sample| above this is speech (flite's silence is near zero)


def flite_available() -> bool:
    return shutil.which("flite") is not None


def _word_samples(word: str, folder: Path) -> array.array:
    target = folder / "word.wav"
    subprocess.run(
        ["flite", "-voice", "slt", "-t", word, "-o", str(target)], check=True, capture_output=True
    )
    with wave.open(str(target)) as reader:
        assert reader.getframerate() == RATE and reader.getnchannels() == 1
        samples = array.array("h", reader.readframes(reader.getnframes()))
    loud = [i for i, s in enumerate(samples) if abs(s) > THRESHOLD]
    return samples[loud[0] : loud[-1] + 1]


def synthesise(words: list[str], target: Path, *, gap_ms: int = 300) -> list[tuple[str, int, int]]:
    """Write `words` spoken one by one with `gap_ms` of silence between them (and around them)
    to a 16 kHz mono WAV; return each word with its true start and end in milliseconds."""
    gap = array.array("h", [0] * (RATE * gap_ms // 1000))
    out, truth = array.array("h", gap), []
    with tempfile.TemporaryDirectory() as folder:
        for word in words:
            samples = _word_samples(word, Path(folder))
            start = len(out)
            out.extend(samples)
            truth.append((word, start * 1000 // RATE, len(out) * 1000 // RATE))
            out.extend(gap)
    with wave.open(str(target), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(out.tobytes())
    return truth


def sentence(text: str, target: Path) -> None:
    """A whole sentence as flite speaks it (natural joins, no known boundaries)."""
    subprocess.run(
        ["flite", "-voice", "slt", "-t", text, "-o", str(target)], check=True, capture_output=True
    )


needs_flite = pytest.mark.skipif(
    not shutil.which("flite") or shutil.which("ffmpeg") is None,
    reason="needs Debian's flite and ffmpeg (scripts/setup.sh installs them)",
)


def add_item(sessions, slug: str, media_path: str | None) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        session.add(MediaItem(slug=slug, kind="archival", title=slug, media_path=media_path))


def item_maker(sessions, media_root: Path):  # type: ignore[no-untyped-def]
    """For a test's `speech_item` fixture: add(slug, file_name) -> the media file's path under
    MEDIA_ROOT, its item recorded."""

    def _add(slug: str, name: str) -> Path:
        add_item(sessions, slug, name)
        return media_root / name

    return _add
