"""Search results kept in the process until the catalog changes: the same searches come back
(a screening's names, the links people share), and an answer kept is served in a fraction of
the time it takes to find. Kept under the catalog's revision (revision.py), which every
committed change moves on, so nothing is served from before a change: a passage restricted a
moment ago is gone from the next answer. Kept only for what every visitor of one kind sees
alike: the public (anonymous visitors) and editors and admins, who see everything; signed-in
viewers may hold grants of their own, and are answered fresh."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy.orm import Session

from .. import access, revision
from ..models import User
from . import search
from .filters import Filters
from .results import SearchResults

# Answers kept per process (a page of results is a few kilobytes); 0 keeps none.
SIZE = int(os.environ.get("MEDIA_CATALOG_SEARCH_CACHE", "512"))

_answers: OrderedDict[tuple[Any, ...], SearchResults] = OrderedDict()
_lock = threading.Lock()


def cached_search(
    session: Session,
    user: User | None,
    query: str,
    filters: Filters,
    page: int,
    per_page: int,
) -> SearchResults:
    """search() through the cache. The answer is shared: callers must not change it."""
    audience = access.audience_key(user)
    state = revision.current(session) if audience and SIZE else None
    if state is None:
        return search(session, user, query, filters, page, per_page)
    key = (str(session.get_bind().url), *state, audience, query, filters, page, per_page)
    with _lock:
        if (kept := _answers.get(key)) is not None:
            _answers.move_to_end(key)
            return kept
    answer = search(session, user, query, filters, page, per_page)
    with _lock:
        _answers[key] = answer
        while len(_answers) > SIZE:
            _answers.popitem(last=False)
    return answer


def clear() -> None:
    with _lock:
        _answers.clear()
