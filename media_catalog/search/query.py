"""The search query language, parsed once and compiled for each backend: words, "exact
phrases", prefixes (refus*), exclusions (-Moscow) and OR. Terms side by side must all match;
OR joins the terms on either side of it. A malformed query raises QueryError with a message
a person can act on; nothing here touches the database."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from ..errors import CatalogError
from ..wording import N_

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
# Words as the index sees them: letters and digits (FTS5 unicode61 and PostgreSQL agree here).
_WORD = re.compile(r"[^\W_]+")
_HEBREW = re.compile(r"[\u05d0-\u05ea]")
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’]s\b")  # Begun's is Begun
# Combining marks, except the breve that makes и into й (NFD splits й; NFC joins it again).
_MARKS = re.compile(r"(?<!и)\u0306|[\u0300-\u0305\u0307-\u036f\u0591-\u05c7]")


OR_NEEDS_WORDS = N_("OR needs a word on each side, as in Moscow OR Leningrad.")


class QueryError(CatalogError):
    """A query that cannot be searched as written; the message says how to fix it."""


@dataclass(frozen=True)
class Term:
    kind: Literal["word", "phrase", "prefix"]
    words: tuple[str, ...]  # lower case, ё as е: what the index holds

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Query:
    """All groups must match; a group matches when any of its terms does; no excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def index_words(text: str) -> tuple[str, ...]:
    """Text as the index's words: lower case, ё read as е, possessive 's dropped, accents and
    niqqud dropped; й stays
    й (the matcher folds it to и, but for search войны and воины are different words, and the
    Russian analyser needs the letter)."""
    text = _POSSESSIVE.sub("", text.lower().replace("ё", "е"))
    if not text.isascii():
        text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))
    return tuple(_WORD.findall(text))


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pieces: 'phrase' for quoted text, 'bare' for anything between spaces."""
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif (char == '"' and not _gershayim(text, position)) or (
            char == "-" and text[position + 1 : position + 2] == '"'
        ):
            negated = char == "-"
            opening = position + (1 if negated else 0)
            closing = text.find('"', opening + 1)
            while closing > 0 and _gershayim(text, closing):
                closing = text.find('"', closing + 1)
            if closing < 0:
                raise QueryError(
                    N_(
                        'The quote at character %(at)d is never closed: add a closing " '
                        "to search for an exact phrase, or remove it."
                    ),
                    at=opening + 1,
                )
            tokens.append(("-phrase" if negated else "phrase", text[opening + 1 : closing]))
            position = closing + 1
        else:
            end = position
            while end < len(text) and not text[end].isspace():
                if text[end] == '"' and not _gershayim(text, end):
                    break
                end += 1
            tokens.append(("bare", text[position:end]))
            position = end
    return tokens


def _gershayim(text: str, position: int) -> bool:
    """A " between Hebrew letters marks an acronym (נתב"ג, צה"ל), typed with the keyboard's
    quote: it is part of the word, not the start of a phrase."""
    return (
        0 < position < len(text) - 1
        and _HEBREW.match(text[position - 1]) is not None
        and _HEBREW.match(text[position + 1]) is not None
    )


def _term(kind: str, raw: str) -> Term | None:
    prefix = kind == "bare" and raw.endswith("*")
    words = index_words(raw)
    if not words:
        if prefix:
            raise QueryError(
                N_("A * must follow the start of a word, as in refus* (refused, refusenik).")
            )
        return None
    if prefix:
        return Term("prefix", words)
    return Term("phrase" if len(words) > 1 or kind != "bare" else "word", words)


def parse(text: str) -> Query:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            N_(
                "The query is %(length)s characters long; searches are limited to "
                "%(max)d characters. Try a few distinctive words."
            ),
            length=f"{len(text):,}",
            max=MAX_QUERY_CHARS,
        )
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False  # the previous token was OR
    for kind, raw in _tokens(text):
        if kind == "bare" and raw == "OR":
            if not groups or join_next:
                raise QueryError(OR_NEEDS_WORDS)
            join_next = True
            continue
        negated = kind == "-phrase" or (kind == "bare" and raw.startswith("-"))
        if negated:
            if join_next:
                raise QueryError(
                    N_("OR cannot join an exclusion: write -Moscow -Leningrad instead.")
                )
            if kind == "bare" and raw == "-":
                raise QueryError(
                    N_("A - must be followed by the word to leave out, as in -Moscow.")
                )
            term = _term("phrase" if kind == "-phrase" else "bare", raw.lstrip("-"))
            if term is not None:
                excluded.append(term)
            continue
        term = _term(kind, raw)
        if term is None:
            continue  # punctuation alone searches for nothing, as the index ignores it
        if join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    if join_next:
        raise QueryError(OR_NEEDS_WORDS)
    if not groups:
        if excluded:
            raise QueryError(
                N_("Add a word to search for: exclusions (-word) only narrow a search.")
            )
        raise QueryError(N_('Type a word, a name or a "phrase" to search for.'))
    if sum(map(len, groups)) + len(excluded) > MAX_TERMS:
        raise QueryError(N_("A query may hold at most %(max)d words and phrases."), max=MAX_TERMS)
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))
