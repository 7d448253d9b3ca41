"""Entity awareness: a query term that is a known name or alias, in any spelling or script, also
stands for the entity's other names (and, for a whole-name query, its annotated moments).
Keys are folded the way the mention matcher folds them (linking/normalise.py)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import revision
from ..linking.normalise import fold_key, latin_spellings
from ..models import Alias, Entity
from .query import Query, Term, index_words

MAX_ALTERNATIVES = 16


@dataclass(frozen=True)
class NameIndex:
    keys: dict[str, frozenset[int]]  # folded name or Latin spelling -> entity ids
    names: dict[int, tuple[str, ...]]  # entity id -> every name it goes by
    restricted: frozenset[int]


_cache: dict[tuple[object, ...], NameIndex] = {}
_lock = threading.Lock()


def name_index(session: Session) -> NameIndex:
    """Built once per revision of the catalog (revision.py: every committed change moves it on,
    an editor's new spelling as much as an import), so a search does not re-read thousands of
    aliases, and every worker process sees a change at its next search."""
    state = revision.current(session)
    fingerprint = (str(session.get_bind().url), state)
    with _lock:
        if state is not None and (cached := _cache.get(fingerprint)) is not None:
            return cached
    keys: dict[str, set[int]] = {}
    names: dict[int, list[str]] = {}
    restricted = set()
    rows = [(e, n, False) for e, n in session.execute(select(Entity.id, Entity.name))]
    rows += list(session.execute(select(Alias.entity_id, Alias.text, Alias.ambiguous)))
    for entity_id, text, ambiguous in rows:
        names.setdefault(entity_id, []).append(text)
        if ambiguous:
            continue  # "Begun" is also a word: searching for the word must not drag the man in
        key = fold_key(text)
        for spelling in {key, *latin_spellings(key)}:
            keys.setdefault(spelling, set()).add(entity_id)
    restricted = set(session.scalars(select(Entity.id).where(Entity.restricted.is_(True))))
    index = NameIndex(
        {k: frozenset(v) for k, v in keys.items()},
        {k: tuple(dict.fromkeys(v)) for k, v in names.items()},
        frozenset(restricted),
    )
    with _lock:
        _cache.clear()  # one authority per database is enough to keep
        _cache[fingerprint] = index
    return index


def named_entities(index: NameIndex, term: Term, may_see_restricted: bool) -> frozenset[int]:
    if term.kind == "prefix":
        return frozenset()
    found = index.keys.get(fold_key(" ".join(term.words)), frozenset())
    return found if may_see_restricted else found - index.restricted


def expansions(
    index: NameIndex, query: Query, may_see_restricted: bool
) -> tuple[dict[Term, list[Term]], frozenset[int]]:
    """Other names for each term that names an entity, and the entities a query names as a
    whole (one term, nothing else to match), whose annotated moments also answer it."""
    alternatives: dict[Term, list[Term]] = {}
    for term in query.terms:
        entity_ids = named_entities(index, term, may_see_restricted)
        spellings = [
            Term("phrase", words)
            for entity_id in sorted(entity_ids)
            for name in index.names.get(entity_id, ())
            if (words := index_words(name)) and words != term.words
        ]
        if spellings:
            alternatives[term] = list(dict.fromkeys(spellings))[:MAX_ALTERNATIVES]
    whole: frozenset[int] = frozenset()
    if len(query.groups) == 1 and len(query.groups[0]) == 1:
        whole = named_entities(index, query.groups[0][0], may_see_restricted)
    return alternatives, whole
