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
        return Markup(  # every piece escaped; plain joins (Markup.format is slow per piece)
            "".join(
                f"<mark>{escape(p)}</mark>" if marked else escape(p) for p, marked in self.pieces
            )
        )

    @property
    def highlights(self) -> list[tuple[int, int]]:
        spans, position = [], 0
        for piece, marked in self.pieces:
            if marked:
                spans.append((position, position + len(piece)))
            position += len(piece)
        return spans


_WORD = re.compile(r"[^\W_]+")  # a run of letters or digits: the unit terms match whole


@dataclass(frozen=True)
class _Matcher:
    exact: dict[str, list[tuple[str, ...]]]  # first word -> the terms' word sequences
    prefixes: list[tuple[str, ...]]  # sequences whose last word may go on


@functools.lru_cache(maxsize=256)
def _matcher(terms: tuple[Term, ...]) -> _Matcher:
    """The terms as sequences of folded words. A dictionary lookup per word of the text
    instead of one regular expression per query: a query's forms make alternations that
    cost longer to compile than the whole search takes."""
    exact: dict[str, list[tuple[str, ...]]] = {}
    prefixes = []
    for term in terms:
        words = tuple(w for word in term.words for w in _WORD.findall(fold(word)[0]))
        if not words:
            continue
        if term.kind == "prefix":
            prefixes.append(words)
        else:
            exact.setdefault(words[0], []).append(words)
    return _Matcher(exact, prefixes)


def _longest(matcher: _Matcher, tokens: list[re.Match[str]], at: int) -> int:
    """How many words from `at` the longest term covers (a full name wins over its surname)."""
    best = 0
    for words in matcher.exact.get(tokens[at].group(), ()):
        if len(words) > best and _follows(tokens, at, words, False):
            best = len(words)
    for words in matcher.prefixes:
        if len(words) > best and _follows(tokens, at, words, True):
            best = len(words)
    return best


def _follows(tokens: list[re.Match[str]], at: int, words: tuple[str, ...], prefix: bool) -> bool:
    if at + len(words) > len(tokens):
        return False
    last = len(words) - 1
    return all(
        tokens[at + i].group().startswith(w)
        if prefix and i == last
        else tokens[at + i].group() == w
        for i, w in enumerate(words)
    )


def match_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in text, whole words (folded: case, accents, ё/е do not matter;
    anything but letters between a phrase's words)."""
    if not terms:
        return []
    folded, mapping = fold(text)
    matcher = _matcher(tuple(terms))
    tokens = list(_WORD.finditer(folded))
    spans, at = [], 0
    while at < len(tokens):
        covered = _longest(matcher, tokens, at)
        if covered:
            spans.append((tokens[at].start(), tokens[at + covered - 1].end()))
            at += covered
        else:
            at += 1
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
