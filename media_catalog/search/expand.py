"""What else a query's words stand for: the other names of an entity a word names (in every
spelling and script the authority knows), the other forms of a word (inflection, Hebrew prefix
letters, plurals), and, for a word the index does not hold, the close spellings it does. A
quoted phrase means its words exactly. What was searched instead of what was typed is reported,
never done silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import names
from .engine import Alternative
from .index import Vocabulary
from .query import Query, Term

NAME_WEIGHT = 1.0  # another spelling of the same name is the same person
FORM_WEIGHT = 0.8
TYPO_WEIGHT = 0.6


@dataclass
class Expansion:
    alternatives: dict[Term, list[Alternative]] = field(default_factory=dict)
    linked: frozenset[int] = frozenset()  # entities the query names as a whole
    corrections: list[tuple[str, list[str]]] = field(default_factory=list)  # typed, searched
    suggestions: list[tuple[str, str]] = field(default_factory=list)  # typed, did you mean

    def terms(self, query: Query) -> list[Term]:
        """Every term searched for, to mark in snippets and transcripts."""
        return [t for term in query.terms for t in (term, *self.words_for(term))]

    def words_for(self, term: Term) -> list[Term]:
        return [a.term for a in self.alternatives.get(term, [])]


def expand(
    index: names.NameIndex, vocabulary: Vocabulary, query: Query, may_see_restricted: bool
) -> Expansion:
    other_names, linked = names.expansions(index, query, may_see_restricted)
    expansion = Expansion(linked=linked)
    for term in query.terms:
        options = [Alternative(t, NAME_WEIGHT) for t in other_names.get(term, [])]
        if options:
            expansion.alternatives[term] = options
    return expansion
