"""Snippets: a segment's text with the words a query matched marked, escaped everywhere else.
Made here rather than by either database, so both give the same snippets."""

from __future__ import annotations

import functools
import re

from markupsafe import Markup, escape

from .query import Query, search_tokens

_WORD = re.compile(r"[^\W_]+")
SNIPPET_LENGTH = 280


@functools.lru_cache(maxsize=65_536)
def _folded(word: str) -> str:
    """A word as the index sees it (words recur: folding each once is enough)."""
    tokens = search_tokens(word)
    return tokens[0] if tokens else ""


def highlight(text: str, query: Query) -> Markup:
    """The text (shortened around the first match when long) with matched words in <mark>."""
    words = {token for term in query.terms for token in term.tokens}
    prefixes = tuple(term.tokens[-1] for term in query.terms if term.prefix)
    spans = []
    for match in _WORD.finditer(text):
        folded = _folded(match.group(0))
        if folded in words or (prefixes and folded.startswith(prefixes)):
            spans.append(match.span())
    start, end = 0, len(text)
    if len(text) > SNIPPET_LENGTH:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - SNIPPET_LENGTH // 3, len(text) - SNIPPET_LENGTH))
        end = start + SNIPPET_LENGTH
    parts = ["…" if start else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(Markup("<mark>{}</mark>").format(text[span_start:span_end]))
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return Markup("").join(parts)
