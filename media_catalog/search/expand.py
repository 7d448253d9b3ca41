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


MAX_NAME_WORDS = 4


def join_names(index: names.NameIndex, query: Query, may_see_restricted: bool) -> Query:
    """Words typed side by side that together are a name the authority knows (Ida Nudel,
    Anatoly Shcharansky) become that name, so its other spellings join in; longest first."""
    groups = list(query.groups)
    joined: list[tuple[Term, ...]] = []
    i = 0
    while i < len(groups):
        for n in range(min(MAX_NAME_WORDS, len(groups) - i), 1, -1):
            run = groups[i : i + n]
            if all(len(g) == 1 and g[0].kind == "word" for g in run):
                name = Term("phrase", tuple(g[0].words[0] for g in run))
                if names.named_entities(index, name, may_see_restricted):
                    joined.append((name,))
                    i += n
                    break
        else:
            joined.append(groups[i])
            i += 1
    return Query(tuple(joined), query.excluded)


def expand(
    index: names.NameIndex, vocabulary: Vocabulary, query: Query, may_see_restricted: bool
) -> Expansion:
    """`query` should have been through join_names."""
    other_names, linked = names.expansions(index, query, may_see_restricted)
    expansion = Expansion(linked=linked)
    for term in query.terms:
        options = [Alternative(t, NAME_WEIGHT) for t in other_names.get(term, [])]
        if options:
            expansion.alternatives[term] = options
    return expansion
