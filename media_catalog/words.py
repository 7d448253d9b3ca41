"""Word-level timing of a segment: where each word of its text starts and ends in the media.

Stored compactly on the segment (`segments.word_timings`, one JSON array per segment, not one
row per word, so an import keeps its speed): `[[start_ms, end_ms, char_start, char_end,
confidence_or_null], ...]`, offsets into the segment's text. A segment without stored timings
gets words spread over its cue by character count, marked `placed=False`, so every caller has
words to work with and can tell measured times from estimates. Pure: no database."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# A word: letters, digits and the apostrophes and hyphens inside names (O'Brien, Бегун-Иванов).
WORD = re.compile(r"\w+(?:['’\-]\w+)*")


@dataclass(frozen=True)
class Word:
    start_ms: int
    end_ms: int
    char_start: int
    char_end: int
    confidence: float | None = None
    placed: bool = True  # False: estimated from the cue by characters, not measured

    def text_in(self, text: str) -> str:
        return text[self.char_start : self.char_end]


def tokens(text: str) -> list[tuple[int, int]]:
    """The (char_start, char_end) of every word of `text`, in order."""
    return [(match.start(), match.end()) for match in WORD.finditer(text)]


def encode(words: Sequence[Word]) -> str:
    rows = [
        [
            w.start_ms,
            w.end_ms,
            w.char_start,
            w.char_end,
            None if w.confidence is None else round(w.confidence, 3),
        ]
        for w in words
    ]
    return json.dumps(rows, separators=(",", ":"))


def decode(stored: str) -> list[Word]:
    rows: list[list[Any]] = json.loads(stored)
    return [
        Word(int(s), int(e), int(cs), int(ce), None if c is None else float(c))
        for s, e, cs, ce, c in rows
    ]


def spread(text: str, start_ms: int, end_ms: int) -> list[Word]:
    """Words of a cue without measured timing: its time shared out by character count."""
    spans = tokens(text)
    total = sum(end - start for start, end in spans)
    if not spans or total == 0:
        return []
    length = max(0, end_ms - start_ms)
    words, done = [], 0
    for char_start, char_end in spans:
        word_start = start_ms + length * done // total
        done += char_end - char_start
        words.append(
            Word(word_start, start_ms + length * done // total, char_start, char_end, placed=False)
        )
    return words


def words_of(segment: Any) -> list[Word]:
    """A segment's words: measured ones when stored, else spread over the cue."""
    stored = getattr(segment, "word_timings", None)
    if stored:
        return decode(stored)
    return spread(segment.text, segment.start_ms, segment.end_ms)


def set_words(segment: Any, words: Sequence[Word] | None) -> None:
    """Store measured words on a segment (None or empty clears them)."""
    segment.word_timings = encode(words) if words else None


def snap(words: Sequence[Word], ms: int, *, edge: str) -> int:
    """The word boundary nearest `ms`: a word's start for an in point (`edge="start"`), a word's
    end for an out point (`edge="end"`). Without words, `ms` unchanged."""
    if not words:
        return ms
    points = [w.start_ms for w in words] if edge == "start" else [w.end_ms for w in words]
    return min(points, key=lambda point: (abs(point - ms), point))
