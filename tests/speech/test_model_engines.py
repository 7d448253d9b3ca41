"""faster-whisper and Vosk: the model folder's kind detected (a missing or wrong folder named
with ASR_MODEL_DIR), their outputs mapped to words, and alignment by matching recognised words.
Their outputs here are in each library's documented shape (faster-whisper's Segment/Word fields,
Vosk's Result() JSON); a real run needs TEST_ASR_MODEL_DIR."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from media_catalog.speech import Heard, SpeechError, audio_of, engine_for
from media_catalog.speech.model_engines import (
    VoskEngine,
    WhisperEngine,
    align_by_recognition,
    engine_of_folder,
    vosk_words,
    whisper_words,
)

OUTPUT = Path(__file__).parent / "engine_output"


def _load(name: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads((OUTPUT / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_whisper_output_maps_to_words_with_times_and_confidence() -> None:
    words = whisper_words(_load("faster_whisper.json"))
    assert [w.text for w in words][:6] == ["They", "flew", "from", "Moscow", "to", "Vienna."]
    assert words[3] == Heard("Moscow", 800, 1360, 0.99)
    assert words[-1] == Heard("весной.", 3600, 4100, 0.7)


def test_vosk_output_maps_to_words_skipping_empty_results() -> None:
    words = vosk_words(_load("vosk.json"))
    assert [w.text for w in words] == ["they", "flew", "from", "moscow", "to", "vienna"]
    assert words[-1] == Heard("vienna", 1500, 2370, 0.58)


def test_alignment_by_recognition_places_matching_words_only() -> None:
    heard = vosk_words(_load("vosk.json"))
    placed = align_by_recognition(heard, ["They", "flew", "out", "from", "Moscow", "to", "Vienna"])
    assert [None if p is None else (p.text, p.start_ms) for p in placed] == [
        ("They", 0),
        ("flew", 330),
        None,
        ("from", 600),
        ("Moscow", 810),
        ("to", 1350),
        ("Vienna", 1500),
    ]


def test_the_model_folder_kind_is_detected(tmp_path: Path) -> None:
    whisper, vosk = tmp_path / "whisper", tmp_path / "vosk"
    for path in (whisper / "model.bin", whisper / "config.json", vosk / "am" / "final.mdl"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    assert isinstance(engine_of_folder(whisper), WhisperEngine)
    assert isinstance(engine_for({"ASR_MODEL_DIR": str(vosk)}), VoskEngine)


@pytest.mark.parametrize("name", ["missing", "empty"])
def test_a_missing_or_wrong_folder_names_the_setting(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SpeechError, match=r"ASR_MODEL_DIR .*(no such folder|neither)"):
        engine_for({"ASR_MODEL_DIR": str(tmp_path / name)})


@pytest.mark.skipif(
    not os.environ.get("TEST_ASR_MODEL_DIR"),
    reason="set TEST_ASR_MODEL_DIR to a faster-whisper or Vosk model folder to run it for real",
)
def test_a_real_model_recognises_flite_speech(tmp_path: Path) -> None:
    from speechkit import sentence

    sentence("the refugees arrived in the city", tmp_path / "s.wav")
    engine = engine_for({"ASR_MODEL_DIR": os.environ["TEST_ASR_MODEL_DIR"]})
    heard = [
        w.text.lower().strip(".,") for w in engine.recognise(audio_of(tmp_path / "s.wav"), "en")
    ]
    assert {"refugees", "arrived", "city"} <= set(heard)
