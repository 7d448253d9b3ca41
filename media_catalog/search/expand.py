"""What else a query's words stand for: the other names of an entity a word names (in every
spelling and script the authority knows), the other forms of a word (inflection, Hebrew prefix
letters, plurals), and, for a word the index does not hold, the close spellings it does. A
quoted phrase means its words exactly. What was searched instead of what was typed is reported,
never done silently."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import names, typos
from .engine import Alternative
from .forms import forms_in, variants
from .query import Query, Term
from .view import View, Vocabulary

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
MAX_ALTERNATIVES = 64  # per term: each is another lookup


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


def expand(index: names.NameIndex, view: View, query: Query, may_see_restricted: bool) -> Expansion:
    """`query` should have been through join_names."""
    vocabulary = view.vocabulary
    other_names, linked = names.expansions(index, query, may_see_restricted)
    expansion = Expansion(linked=linked)
    whole = len(query.groups) == 1 and len(query.groups[0]) == 1
    for term in query.terms:
        options = [Alternative(t, NAME_WEIGHT) for t in other_names.get(term, [])]
        if term.kind == "word":
            options += _word_options(index, view, term, expansion, may_see_restricted)
            named = _names_of(index, options, may_see_restricted)
            options += named
            if whole and not linked:  # Щаранского, לשרנסקי, Sharanksy: the person, linked too
                expansion.linked |= _named(index, [a.term for a in options], may_see_restricted)
        options += _forms_of_names(index, vocabulary, options, may_see_restricted)
        if options:
            expansion.alternatives[term] = _distinct(term, options)
    return expansion


def _word_options(
    index: names.NameIndex,
    view: View,
    term: Term,
    expansion: Expansion,
    may_see_restricted: bool,
) -> list[Alternative]:
    """The word's other forms; for a word no moment holds, the close spellings that are held
    (and their forms, and the other names of a name among them), reported as corrections; for
    a word held far more rarely than a close spelling, a "did you mean"."""
    word, vocabulary = term.words[0], view.vocabulary
    forms = forms_in(word, vocabulary)
    options = [Alternative(Term("word", (f,)), FORM_WEIGHT) for f in forms]
    # A form the catalog's text may lack but the authority knows (Щаранского: Щаранский).
    options += [
        Alternative(t, FORM_WEIGHT)
        for v in sorted(variants(word))
        if names.named_entities(index, t := Term("word", (v,)), may_see_restricted)
    ]
    if forms or not typos.needs_correction(word, vocabulary):
        return options
    spellings = typos.close_spellings(word, view.spellings)
    if not spellings:
        return options
    if vocabulary.frequency(word) > 0:
        expansion.suggestions.append((word, spellings[0]))
        return options
    expansion.corrections.append((word, spellings))
    for spelling in spellings:
        corrected = Term("word", (spelling,))
        options.append(Alternative(corrected, TYPO_WEIGHT))
        options += [
            Alternative(Term("word", (f,)), TYPO_WEIGHT * FORM_WEIGHT)
            for f in forms_in(spelling, vocabulary)
        ]
    return options


def _names_of(
    index: names.NameIndex, options: list[Alternative], may_see_restricted: bool
) -> list[Alternative]:
    """The other names of an entity that a form or a corrected spelling names (Щаранского is
    a form of Щаранский: Sharansky and שרנסקי too), at that alternative's weight."""
    found = []
    for option in options:
        if option.weight < NAME_WEIGHT:
            query = Query(((option.term,),), ())
            other, _ = names.expansions(index, query, may_see_restricted)
            found += [Alternative(t, option.weight) for t in other.get(option.term, [])]
    return found


def _forms_of_names(
    index: names.NameIndex,
    vocabulary: Vocabulary,
    options: list[Alternative],
    may_see_restricted: bool,
) -> list[Alternative]:
    """A one-word name among the alternatives in its other forms too (Щаранский: Щаранского,
    Щаранским), however it was reached."""
    return [
        Alternative(Term("word", (f,)), option.weight * FORM_WEIGHT)
        for option in options
        if len(option.term.words) == 1
        and names.named_entities(index, option.term, may_see_restricted)
        for f in forms_in(option.term.words[0], vocabulary)
    ]


def _named(index: names.NameIndex, terms: list[Term], may_see_restricted: bool) -> frozenset[int]:
    found: frozenset[int] = frozenset()
    for term in terms:
        found |= names.named_entities(index, term, may_see_restricted)
    return found


def _distinct(term: Term, options: list[Alternative]) -> list[Alternative]:
    """Each alternative once, at its highest weight, never the term itself; at most
    MAX_ALTERNATIVES, the surest first."""
    best: dict[Term, float] = {}
    for option in options:
        if option.term != term:
            best[option.term] = max(best.get(option.term, 0.0), option.weight)
    ranked = sorted(best.items(), key=lambda item: -item[1])[:MAX_ALTERNATIVES]
    return [Alternative(t, w) for t, w in ranked]
