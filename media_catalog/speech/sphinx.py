"""The embedded engine: PocketSphinx 5 with the US English model its wheel ships. Recognition
reads `seg()` (10 ms frames, posterior probability per word); alignment is the two-pass aligner
(align text, decode, set_alignment, decode again, get_alignment)."""

from __future__ import annotations

import re

from . import FRAME_MS, Heard

FILLERS = {"<s>", "</s>", "<sil>", "[NOISE]", "<unk>"}
ALTERNATE = re.compile(r"\(\d+\)$")  # "read(2)": the dictionary's second pronunciation


class SphinxEngine:
    name = "pocketsphinx"
    languages = ("en",)

    def _decoder(self, **options: object):  # type: ignore[no-untyped-def]
        from pocketsphinx import Decoder

        return Decoder(samprate=16000, loglevel="FATAL", **options)

    def recognise(self, pcm: bytes, language: str) -> list[Heard]:
        decoder = self._decoder()
        _decode(decoder, pcm)
        return [
            Heard(
                ALTERNATE.sub("", seg.word),
                seg.start_frame * FRAME_MS,
                (seg.end_frame + 1) * FRAME_MS,
                round(min(1.0, max(0.0, decoder.logmath.exp(seg.prob))), 3),
            )
            for seg in decoder.seg()
            if seg.word not in FILLERS and not seg.word.startswith(("++", "["))
        ]

    def align(self, pcm: bytes, words: list[str], language: str) -> list[Heard | None]:
        """Times for `words` in order, None for those the dictionary lacks or the aligner
        could not place (the caller keeps their cue time)."""
        decoder = self._decoder(bestpath=False)
        spoken = [w.lower().replace("’", "'") for w in words]
        known = [i for i, w in enumerate(spoken) if decoder.lookup_word(w) is not None]
        placed: list[Heard | None] = [None] * len(words)
        if not known:
            return placed
        try:
            decoder.set_align_text(" ".join(spoken[i] for i in known))
            _decode(decoder, pcm)
            decoder.set_alignment()
            _decode(decoder, pcm)
            aligned = [w for w in decoder.get_alignment() if w.name not in FILLERS]
        except RuntimeError:
            return placed  # no path through the audio: nothing placed, coverage says so
        for index, word in zip(known, aligned, strict=False):
            start = word.start * FRAME_MS
            placed[index] = Heard(words[index], start, start + word.duration * FRAME_MS)
        return placed


def _decode(decoder, pcm: bytes) -> None:  # type: ignore[no-untyped-def]
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
