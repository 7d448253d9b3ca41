"""Recognised words into cues: a machine transcript needs segments like a typed one, so words
are grouped at pauses and at a length people can read. Pure: no database."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..words import Word
from . import Heard

PAUSE_MS = 700  # a pause this long starts a new cue
MAX_WORDS = 14
MAX_CUE_MS = 7000


@dataclass
class Cue:
    start_ms: int
    end_ms: int
    text: str
    words: list[Word] = field(default_factory=list)


def cues_of(heard: list[Heard]) -> list[Cue]:
    """Consecutive words joined by spaces into cues, each word's offsets into its cue's text."""
    groups: list[list[Heard]] = []
    for word in heard:
        current = groups[-1] if groups else None
        if (
            current is None
            or word.start_ms - current[-1].end_ms >= PAUSE_MS
            or len(current) >= MAX_WORDS
            or word.end_ms - current[0].start_ms > MAX_CUE_MS
        ):
            groups.append([word])
        else:
            current.append(word)
    return [_cue(group) for group in groups]


def _cue(group: list[Heard]) -> Cue:
    text, words = "", []
    for heard in group:
        if text:
            text += " "
        start = len(text)
        text += heard.text
        words.append(Word(heard.start_ms, heard.end_ms, start, len(text), heard.confidence))
    return Cue(group[0].start_ms, group[-1].end_ms, text, words)
