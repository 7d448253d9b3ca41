"""Engines that read a model folder the site already has (ASR_MODEL_DIR): faster-whisper for a
CTranslate2 Whisper model (model.bin + config.json; any language, word timestamps) and Vosk for a
Vosk model (am/final.mdl). Their libraries are imported only when used and nothing is downloaded.
Their output is mapped to `Heard` words by pure functions, tested on outputs in their documented
shapes; alignment with them times the transcript's words by matching them to what was heard."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

from . import Heard, SpeechError

CHUNK_BYTES = 8000  # a quarter second of 16 kHz s16le, fed to Vosk at a time


def engine_of_folder(folder: Path) -> Any:
    if not folder.is_dir():
        raise SpeechError(f"ASR_MODEL_DIR {folder}: no such folder")
    if (folder / "model.bin").is_file() and (folder / "config.json").is_file():
        return WhisperEngine(folder)
    if (folder / "am" / "final.mdl").is_file() or (folder / "conf" / "model.conf").is_file():
        return VoskEngine(folder)
    raise SpeechError(
        f"ASR_MODEL_DIR {folder}: neither a faster-whisper model (model.bin and config.json) "
        "nor a Vosk model (am/final.mdl); point it at the folder that holds them"
    )


def whisper_words(segments: list[dict[str, Any]]) -> list[Heard]:
    """faster-whisper's segments (word_timestamps=True): words with start/end in seconds and a
    probability; a word's text carries its leading space."""
    return [
        Heard(
            w["word"].strip(),
            round(w["start"] * 1000),
            round(w["end"] * 1000),
            round(float(w["probability"]), 3),
        )
        for segment in segments
        for w in segment.get("words") or []
        if w["word"].strip()
    ]


def vosk_words(results: list[dict[str, Any]]) -> list[Heard]:
    """Vosk's results (SetWords(True)): each with "result", words with start/end in seconds and
    "conf"; a result without speech has none."""
    return [
        Heard(
            w["word"], round(w["start"] * 1000), round(w["end"] * 1000), round(float(w["conf"]), 3)
        )
        for result in results
        for w in result.get("result") or []
    ]


def _plain(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower().replace("’", "'"))


def align_by_recognition(heard: list[Heard], words: list[str]) -> list[Heard | None]:
    """The transcript's words given the times of the recognised words they match, in order
    (difflib's longest matching runs); the rest None, for the caller to spread."""
    placed: list[Heard | None] = [None] * len(words)
    matcher = difflib.SequenceMatcher(
        None, [_plain(w) for w in words], [_plain(h.text) for h in heard], autojunk=False
    )
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            h = heard[block.b + k]
            placed[block.a + k] = Heard(words[block.a + k], h.start_ms, h.end_ms, h.confidence)
    return placed


class WhisperEngine:
    name = "faster-whisper"
    languages = None

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def recognise(self, pcm: bytes, language: str) -> list[Heard]:
        try:
            import numpy as np
            from faster_whisper import WhisperModel
        except ImportError:
            raise SpeechError(
                f"ASR_MODEL_DIR {self.folder} is a faster-whisper model, but faster-whisper is "
                "not installed (pip install faster-whisper)"
            ) from None
        model = WhisperModel(str(self.folder), device="cpu", compute_type="int8")
        audio = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        segments, _info = model.transcribe(
            audio, language=language.split("-")[0], word_timestamps=True
        )
        return whisper_words(
            [
                {
                    "words": [
                        {
                            "word": w.word,
                            "start": w.start,
                            "end": w.end,
                            "probability": w.probability,
                        }
                        for w in s.words or []
                    ]
                }
                for s in segments
            ]
        )

    def align(self, pcm: bytes, words: list[str], language: str) -> list[Heard | None]:
        return align_by_recognition(self.recognise(pcm, language), words)


class VoskEngine:
    name = "vosk"
    languages = None  # a Vosk model knows one language; the site chose it

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def recognise(self, pcm: bytes, language: str) -> list[Heard]:
        try:
            from vosk import KaldiRecognizer, Model, SetLogLevel
        except ImportError:
            raise SpeechError(
                f"ASR_MODEL_DIR {self.folder} is a Vosk model, but vosk is not installed "
                "(pip install vosk)"
            ) from None
        SetLogLevel(-1)
        recogniser = KaldiRecognizer(Model(str(self.folder)), 16000)
        recogniser.SetWords(True)
        results = []
        for at in range(0, len(pcm), CHUNK_BYTES):
            if recogniser.AcceptWaveform(pcm[at : at + CHUNK_BYTES]):
                results.append(json.loads(recogniser.Result()))
        results.append(json.loads(recogniser.FinalResult()))
        return vosk_words(results)

    def align(self, pcm: bytes, words: list[str], language: str) -> list[Heard | None]:
        return align_by_recognition(self.recognise(pcm, language), words)
