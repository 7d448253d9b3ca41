"""Which entities a query names, in any spelling or script: the mention matcher reads each term
(and the whole query), so "Shcharansky", "Щаранского" and "שרנסקי" all name Natan Sharansky.
The matcher is built once per process and rebuilt when the authority changes."""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..linking.matcher import Matcher, TrackContext
from ..linking.normalise import fold_key
from ..linking.relink import build_matcher
from ..models import Alias, Entity
from .query import Query

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int, int, int], Matcher]] = {}


def _matcher(session: Session) -> Matcher:
    """The authority's matcher, rebuilt only when an entity or alias was added or removed."""
    stamp = tuple(
        session.execute(
            select(
                select(func.count(Entity.id)).scalar_subquery(),
                select(func.max(Entity.id)).scalar_subquery(),
                select(func.count(Alias.id)).scalar_subquery(),
                select(func.max(Alias.id)).scalar_subquery(),
            )
        ).one()
    )
    key = str(session.get_bind().url)
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != stamp:
            cached = _cache[key] = (stamp, build_matcher(session))  # type: ignore[assignment]
        return cached[1]


def named_entities(session: Session, query: Query) -> dict[int, set[int]]:
    """Entity ids named by each clause (by clause number); a name spread over several words of
    an unquoted query ("Ida Nudel") names its entity for each of those clauses."""
    matcher = _matcher(session)
    named: dict[int, set[int]] = {}
    for number, clause in enumerate(query.clauses):
        for term in clause:
            if not term.prefix:
                named.setdefault(number, set()).update(_names(matcher, term.text))
    if len(query.clauses) > 1 and not query.excluded:
        whole = " ".join(term.text for clause in query.clauses for term in clause)
        for entity_id in _names(matcher, whole):
            for number in range(len(query.clauses)):
                named.setdefault(number, set()).add(entity_id)
    return {number: ids for number, ids in named.items() if ids}


def _names(matcher: Matcher, text: str) -> set[int]:
    # A query is not a sentence: the words are read as if mid-sentence, so that a capitalised
    # name that is also an ordinary word ("Begun") counts as a name, as it would in a text.
    lead = "and "
    found = matcher.find(lead + text, TrackContext())
    whole = fold_key(text)
    return {m.entity_id for m in found if fold_key(m.quote) == whole}
