"""Speech recognition and forced alignment behind one interface: an engine turns 16 kHz mono PCM
into recognised words with times and confidence, or times the words of a known text. The
embedded engine is PocketSphinx (English, shipped in its wheel); a site's own model folder
(ASR_MODEL_DIR) selects faster-whisper or Vosk. Storing the results is `speech/machine.py`
and `speech/aligning.py`; nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import CatalogError
from ..formats.media import SPEECH_RATE, MediaError, read_speech_audio

FRAME_MS = 10  # PocketSphinx's frame
SILENCE_RMS = 60  # s16 samples' root mean square below this: nothing audible to recognise


class SpeechError(CatalogError):
    """Speech work that cannot be done: names the item, file or setting and why."""


@dataclass(frozen=True)
class Heard:
    """One recognised or aligned word: its text as the engine wrote it, times, confidence."""

    text: str
    start_ms: int
    end_ms: int
    confidence: float | None = None


class Engine(Protocol):
    name: str
    languages: tuple[str, ...] | None  # None: any language the model knows

    def recognise(self, pcm: bytes, language: str) -> list[Heard]: ...

    def align(self, pcm: bytes, words: list[str], language: str) -> list[Heard | None]: ...


def engine_for(settings: dict[str, Any]) -> Engine:
    """The engine the settings choose: ASR_MODEL_DIR's kind, else embedded PocketSphinx."""
    folder = str(settings.get("ASR_MODEL_DIR") or "")
    if not folder:
        from .sphinx import SphinxEngine

        return SphinxEngine()
    from .model_engines import engine_of_folder

    return engine_of_folder(Path(folder))


def check_language(engine: Engine, language: str) -> None:
    if engine.languages is not None and language.split("-")[0] not in engine.languages:
        raise SpeechError(
            f"language {language!r}: the {engine.name} engine recognises only "
            f"{', '.join(engine.languages)}; set ASR_MODEL_DIR to a model for {language!r}"
        )


def audio_of(path: Path) -> bytes:
    """The speech engines' PCM of a media file; refuses files with no usable sound."""
    if not path.is_file():
        raise SpeechError(f"{path}: media file not found")
    if path.stat().st_size == 0:
        raise SpeechError(f"{path}: the file is empty (0 bytes)")
    try:
        pcm = read_speech_audio(path)
    except MediaError as exc:
        reason = str(exc)
        if "matches no streams" in reason or "does not contain any stream" in reason:
            reason = "no audio stream"
        raise SpeechError(f"{path}: cannot read its audio ({reason})") from None
    if not pcm:
        raise SpeechError(f"{path}: no audio stream")
    if is_silent(pcm):
        raise SpeechError(f"{path}: the audio is silent; there is no speech to recognise")
    return pcm


def is_silent(pcm: bytes) -> bool:
    import array
    import math

    samples = array.array("h", pcm[: len(pcm) // 2 * 2])
    if not samples:
        return True
    return math.sqrt(sum(s * s for s in samples) / len(samples)) < SILENCE_RMS


def duration_ms(pcm: bytes) -> int:
    return len(pcm) // 2 * 1000 // SPEECH_RATE
