"""The search page: a query box, filters, results grouped per media item, facets to narrow by
clicking. A query that cannot be searched shows what to fix, never an error page."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Blueprint, g, render_template, request, url_for

from .. import search as catalog_search
from .. import timeline
from ..search.cache import cached_search
from ..search.filters import Filters, filters_from_args, filters_to_args
from ..timecode import seconds
from . import forms, metrics
from .context import db
from .error_text import describe

bp = Blueprint("search", __name__)


def search_url(query: str, filters: Filters, page: int = 1) -> str:
    args = [("q", query), *filters_to_args(filters)]
    if page > 1:
        args.append(("page", str(page)))
    return "/search?" + urlencode(args)


def result_url(media_slug: str, start_ms: int | None, query: str, back: str) -> str:
    """A hit opens the player at its moment (a point, not a shared range: playing goes on past
    it) with the query to mark and the way back to this page of results."""
    args = [] if start_ms is None else [("t", f"{seconds(start_ms):g}")]
    args += [("q", query.strip()), ("back", back)]
    return url_for("player.show", slug=media_slug) + "?" + urlencode(args)


def back_to_results(value: str | None) -> str | None:
    """The search page a player was opened from, when `value` is one (never another site's
    address or another page: the link is only ever back to the results)."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path != url_for("search.show"):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


@bp.get("/search")
def show():  # type: ignore[no-untyped-def]
    query = request.args.get("q", "")
    error, results, filters = None, None, Filters()
    try:
        filters = filters_from_args(request.args)
        page_number = forms.page_number()
        if query.strip():
            with metrics.SEARCH.labels("web").time():
                results = cached_search(
                    db(), g.user, query, filters, page_number, catalog_search.PER_PAGE
                )
    except catalog_search.QueryError as exc:
        error = describe(exc)
    # Filters without words rank nothing: the page says so (never a blank page) and, for a
    # period, lists what happened then.
    needs_words = not error and not query.strip() and not filters.is_empty
    period_events = (
        timeline.events_in_period(db(), g.user, filters.year_from, filters.year_to)
        if needs_words and (filters.year_from or filters.year_to)
        else []
    )
    # A query that cannot be searched is answered with the search page and what to fix.
    return render_template(
        "search/show.html",
        query=query,
        filters=filters,
        results=results,
        error=error,
        search_url=search_url,
        result_url=result_url,
        needs_words=needs_words,
        period_events=period_events,
    )
