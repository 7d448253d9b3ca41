"""Speech on these cores: each engine's real-time factor (seconds of work per second of audio),
its word error rate on English synthesised by flite (voice slt), and the PocketSphinx aligner's
word-boundary error against true boundaries (words synthesised one by one, joined with known
silences: tests/speechkit.py). Target: median boundary error under 80 ms.

    .venv/bin/python benchmarks/speech.py            # all sentences
    .venv/bin/python benchmarks/speech.py --quick    # the first four

faster-whisper and Vosk are measured when ASR_MODEL_DIR names a model folder of theirs."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from speechkit import synthesise  # noqa: E402

from media_catalog.speech import audio_of, duration_ms, engine_for  # noqa: E402
from media_catalog.speech.sphinx import SphinxEngine  # noqa: E402

SENTENCES = [
    "the refugees arrived in the city during a cold winter",
    "my father worked at the factory for twenty years",
    "we applied for an exit visa in the spring",
    "the letters came from friends in the west",
    "nobody would tell us why the answer was no",
    "she taught children to read and write at home",
    "the police came to the apartment early in the morning",
    "after many years we were finally allowed to leave",
]


def word_errors(heard: list[str], said: list[str]) -> int:
    """Levenshtein distance over words: substitutions, insertions and deletions."""
    row = list(range(len(said) + 1))
    for i, h in enumerate(heard, start=1):
        previous, row[0] = row[0], i
        for j, s in enumerate(said, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (h != s))
    return row[-1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(engines: list, sentences: list[str], folder: Path) -> None:  # type: ignore[type-arg]
    clips = []
    for n, text in enumerate(sentences):
        path = folder / f"s{n}.wav"
        truth = synthesise(text.split(), path)
        clips.append((text.split(), truth, audio_of(path)))
    audio_s = sum(duration_ms(pcm) for *_, pcm in clips) / 1000
    print(f"{len(clips)} sentences, {sum(len(w) for w, *_ in clips)} words, {audio_s:.1f} s audio")
    for engine in engines:
        started, errors, words = time.perf_counter(), 0, 0
        for said, _truth, pcm in clips:
            heard = [h.text.lower() for h in engine.recognise(pcm, "en")]
            errors += word_errors(heard, said)
            words += len(said)
        took = time.perf_counter() - started
        print(f"{engine.name}: real-time factor {took / audio_s:.3f}, WER {errors / words:.1%}")
    aligner, boundary = SphinxEngine(), []
    started = time.perf_counter()
    for said, truth, pcm in clips:
        for heard, (_, start, end) in zip(aligner.align(pcm, said, "en"), truth, strict=True):
            if heard is not None:
                boundary += [abs(heard.start_ms - start), abs(heard.end_ms - end)]
    took = time.perf_counter() - started
    print(
        f"aligner: real-time factor {took / audio_s:.3f}, {len(boundary)} boundaries, "
        f"median error {statistics.median(boundary):.0f} ms, "
        f"p95 {percentile(boundary, 0.95):.0f} ms, max {max(boundary):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    engines = [SphinxEngine()]
    if os.environ.get("ASR_MODEL_DIR"):
        engines.append(engine_for({"ASR_MODEL_DIR": os.environ["ASR_MODEL_DIR"]}))
    print(f"{os.cpu_count()} CPU cores")
    with tempfile.TemporaryDirectory() as folder:
        measure(engines, SENTENCES[:4] if args.quick else SENTENCES, Path(folder))


if __name__ == "__main__":
    main()
