"""One search interface, the same on SQLite and PostgreSQL: `search(session, user, query,
filters, page)`. The database holds the catalog; the index (index.py, kept beside it and brought
up to the catalog's revision before each search) finds every matching moment, ranks all of
them, and counts them and their facets exactly. Restricted material is left out before anything
is ranked or counted, so it is absent from hits, snippets and counts alike."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..models import AccessGrant, User
from . import clips, engine, expand, index, names, store
from .facets import facets
from .filters import Filters, entity_ids
from .pages import fill_page
from .query import Query, QueryError, parse
from .results import Hit, MediaGroup, SearchResults
from .view import View

__all__ = [
    "Filters",
    "Hit",
    "MediaGroup",
    "QueryError",
    "SearchResults",
    "highlight_terms",
    "index_stats",
    "parse",
    "reindex",
    "search",
]

PER_PAGE = 10


def reindex(session: Session, progress: Callable[[int, int], None] | None = None) -> None:
    """Build the whole index again (after a bulk load), showing progress as segments are read."""
    index.rebuild(session, progress)


def refresh(session: Session, progress: Callable[[int, int], None] | None = None) -> None:
    """Bring the index up to the catalog now (after an import), so the next search need not;
    progress is shown when that means building it again."""
    index.current(session, progress)


def index_stats(session: Session) -> dict[str, int]:
    view = index.current(session)
    return {
        "bytes": store.size_bytes(store.folder(session)),
        "documents": view.size,
        "live_documents": int(view.alive.sum()),
        "words": len(view.vocabulary.words()),
    }


def _audience(session: Session, user: User | None) -> engine.Audience:
    if access.can_see_restricted(user):
        return engine.Audience(True, frozenset())
    if user is None:
        return engine.Audience(False, frozenset())
    granted = session.scalars(
        select(AccessGrant.media_item_id).where(AccessGrant.user_id == user.id)
    )
    return engine.Audience(False, frozenset(granted))


def _expanded(
    session: Session, view: View, query: str, privileged: bool
) -> tuple[Query, expand.Expansion]:
    names_known = names.name_index(session)
    parsed = expand.join_names(names_known, parse(query), privileged)
    return parsed, expand.expand(names_known, view, parsed, privileged)


def search(
    session: Session,
    user: User | None,
    query: str,
    filters: Filters | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Raises QueryError (with a message for a person) for a query that cannot be searched."""
    filters = filters or Filters()
    filters.check()
    audience = _audience(session, user)
    view = index.current(session)
    parsed, found = _expanded(session, view, query, audience.privileged)
    ids = entity_ids(session, user, filters.entities) if filters.entities else []
    docs, scores = engine.match(view, parsed, found.alternatives, found.linked)
    docs, scores = engine.narrow(view, docs, scores, audience, filters, ids)
    clip_hits = clips.match(view, parsed, found.alternatives, found.linked, audience, filters, ids)
    transcript_of, media_of = view.doc_transcript[docs], view.doc_media[docs]

    results = SearchResults(query, filters, max(1, page), per_page)
    results.named_entities = sorted(
        ((view.tables.entities[e].slug, view.tables.entities[e].name) for e in found.linked),
        key=lambda pair: pair[1],
    )
    results.corrections = found.corrections
    results.suggestions = found.suggestions
    results.suggested_query = _suggested_query(query, found.suggestions)
    fill_page(session, view, results, docs, scores, media_of, clip_hits, found.terms(parsed))
    results.facets = facets(view, docs, media_of, transcript_of, clip_hits, audience.privileged)
    return results


def _suggested_query(query: str, suggestions: list[tuple[str, str]]) -> str | None:
    """The query with each word a "did you mean" is about replaced (as typed, any case)."""
    if not suggestions:
        return None
    for typed, suggested in suggestions:
        query = re.sub(rf"(?i)(?<![^\W_]){re.escape(typed)}(?![^\W_])", suggested, query)
    return query


def highlight_terms(session: Session, user: User | None, query: str) -> list[str]:
    """The words a query's hits are found by, as text to mark in a transcript: its words,
    phrases and prefixes (not its exclusions), the other names of a person it names
    (Shcharansky marks Sharansky too) and the other forms of its words. A query that cannot be
    searched marks nothing."""
    try:
        parsed, found = _expanded(
            session, index.current(session), query, access.can_see_restricted(user)
        )
    except QueryError:
        return []
    return list(dict.fromkeys(term.text for term in found.terms(parsed) if term.text))
