"""The search query language, the same on both databases: words (all must appear), "exact
phrases", prefixes (refus*), exclusions (-Moscow, -"Red Square"), and OR between two terms.
Terms are folded the way both full-text indexes fold text (case, accents, ё as е), so a parsed
query means the same thing to SQLite and to PostgreSQL. Bad input raises QueryError with a
message for people, never a stack trace."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import CatalogError

MAX_QUERY_LENGTH = 500
MAX_TERMS = 24
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: both indexes split at "_" too
_PIECE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_LONE_OR = "OR needs a word or phrase on each side, as in: Moscow OR Leningrad."


class QueryError(CatalogError):
    """A query that cannot be searched, with what to do about it."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several tokens in a row); `prefix`: its last token is a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False
    text: str = ""  # as typed, for naming entities and for messages

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass
class Query:
    """All clauses must hold; a clause is one term or several joined by OR; none of the
    excluded terms may appear."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    text: str = ""

    @property
    def terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]


def search_tokens(text: str) -> list[str]:
    """Words as the full-text indexes see them: case and accents folded, ё as е, й kept
    (FTS5 and unaccent both leave й alone: it is a letter of its own, not и with a mark)."""
    plain = "".join(char if char in "йЙ" else unicodedata.normalize("NFKD", char) for char in text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _TOKEN.findall(plain.casefold())


def parse(text: str) -> Query:
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"That query is {len(text):,} characters long; searches are limited to "
            f"{MAX_QUERY_LENGTH}. Try the few words that matter most."
        )
    if text.count('"') % 2:
        raise QueryError('A closing quote is missing: phrases go between two " marks.')
    query = Query(text=text)
    pending_or = False
    for match in _PIECE.finditer(text):
        negative, phrase, word = match.group(1), match.group(2), match.group(3)
        if word == "OR":
            if not query.clauses or pending_or:
                raise QueryError(_LONE_OR)
            pending_or = True
            continue
        if word is not None and word.startswith("-"):
            negative, word = "-", word[1:]
            if not word:
                raise QueryError('A lone "-" excludes nothing: write -Moscow, not - Moscow.')
        typed = phrase if phrase is not None else word
        term = _term(typed or "")
        if term is None:
            continue  # punctuation only: nothing to search for
        if negative:
            if pending_or:
                raise QueryError("OR cannot join an excluded term; exclude it on its own.")
            query.excluded.append(term)
        elif pending_or:
            query.clauses[-1].append(term)
            pending_or = False
        else:
            query.clauses.append([term])
    if pending_or:
        raise QueryError(_LONE_OR)
    if not query.clauses:
        if query.excluded:
            raise QueryError("Add a word to search for: exclusions only narrow a search down.")
        raise QueryError("Type a word, a name or a phrase to search for.")
    if len(query.terms) + len(query.excluded) > MAX_TERMS:
        raise QueryError(f"Searches are limited to {MAX_TERMS} words and phrases.")
    return query


def _term(typed: str) -> Term | None:
    prefix = typed.endswith("*")
    tokens = search_tokens(typed.rstrip("*"))
    if not tokens:
        if prefix:
            raise QueryError('A "*" needs the start of a word before it, as in refus*.')
        return None
    if prefix and len(tokens[-1]) < 2:
        raise QueryError("A prefix search needs at least two letters before the *.")
    return Term(tuple(tokens), prefix, typed)
