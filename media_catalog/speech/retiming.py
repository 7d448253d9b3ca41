"""Measured word times that survive an editor's correction: the words the correction kept keep
their times (and confidence), matched in order; words typed in get times spread between their
kept neighbours and no confidence (a person wrote them). Pure: no database."""

from __future__ import annotations

import difflib

from ..words import Word, decode, tokens
from . import Heard
from .aligning import fill_gaps


def carry_words(
    old_text: str, stored: str | None, new_text: str, start_ms: int, end_ms: int
) -> list[Word] | None:
    """The corrected text's words, or None when there were no measured times to carry."""
    if not stored:
        return None
    old = decode(stored)
    spans = tokens(new_text)
    new_names = [new_text[a:b].lower() for a, b in spans]
    matcher = difflib.SequenceMatcher(
        None, [w.text_in(old_text).lower() for w in old], new_names, autojunk=False
    )
    heard: list[Heard | None] = [None] * len(spans)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            w = old[block.a + k]
            heard[block.b + k] = Heard(new_names[block.b + k], w.start_ms, w.end_ms, w.confidence)
    if not any(heard):
        return None  # nothing kept: the cue's time is spread when read
    return fill_gaps(heard, spans, new_text, 0, start_ms, end_ms)
