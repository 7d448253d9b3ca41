"""Snippets: the words around a match with the matched words marked, built from the original
text (not the folded index), so ё, accents and case show as written. Escaping happens here,
once, so a transcript's < and & can never become markup."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..linking.normalise import fold
from .query import Term

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Snippet:
    """Text pieces, each marked or not; `text` is the plain snippet, `html` the escaped one."""

    pieces: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(piece for piece, _ in self.pieces)

    @property
    def html(self) -> Markup:
        return Markup("").join(
            Markup("<mark>{}</mark>").format(p) if marked else escape(p)
            for p, marked in self.pieces
        )

    @property
    def highlights(self) -> list[tuple[int, int]]:
        spans, position = [], 0
        for piece, marked in self.pieces:
            if marked:
                spans.append((position, position + len(piece)))
            position += len(piece)
        return spans


def _term_pattern(term: Term) -> str:
    words = [re.escape(fold(word)[0]) for word in term.words]
    tail = r"\w*" if term.kind == "prefix" else ""
    return r"[\W_]+".join(words) + tail


@functools.lru_cache(maxsize=256)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    """The terms over folded text: each term's words in order with anything but letters
    between them, whole words only (the last word of a prefix term may go on). Longest first,
    so a full name wins over the surname inside it."""
    alternatives = sorted({_term_pattern(t) for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in text (folded: case, accents, ё/е do not matter)."""
    if not terms:
        return []
    folded, mapping = fold(text)
    spans = [m.span() for m in _pattern(tuple(terms)).finditer(folded) if m.end() > m.start()]
    if mapping is not None:  # combining marks were dropped: map back to the original text
        spans = [(mapping[s], mapping[e - 1] + 1) for s, e in spans]
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """The text (trimmed to about `width` characters around the first mark) with marks."""
    spans = _merge(spans)
    begin, finish = 0, len(text)
    if len(text) > width:
        centre = spans[0][0] if spans else 0
        begin = max(0, min(centre - width // 3, len(text) - width))
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        finish = min(len(text), begin + width)
        while finish < len(text) and not text[finish].isspace():
            finish += 1
    pieces: list[tuple[str, bool]] = [("…", False)] if begin else []
    position = begin
    for start, end in spans:
        start, end = max(start, begin), min(end, finish)
        if start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < finish:
        pieces.append((text[position:finish], False))
    if finish < len(text):
        pieces.append(("…", False))
    return Snippet(tuple(pieces))
