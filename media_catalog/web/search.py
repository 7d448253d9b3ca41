"""The search page: a query box, filters, results grouped per media item, facets to narrow by
clicking. A query that cannot be searched shows what to fix, never an error page."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request

from .. import search as catalog_search
from ..search.cache import cached_search
from ..search.filters import Filters, filters_from_args, filters_to_args
from . import forms
from .context import db

bp = Blueprint("search", __name__)


def search_url(query: str, filters: Filters, page: int = 1) -> str:
    args = [("q", query), *filters_to_args(filters)]
    if page > 1:
        args.append(("page", str(page)))
    return "/search?" + urlencode(args)


@bp.get("/search")
def show():  # type: ignore[no-untyped-def]
    query = request.args.get("q", "")
    error, results, filters = None, None, Filters()
    try:
        filters = filters_from_args(request.args)
        page_number = forms.page_number()
        if query.strip():
            results = cached_search(
                db(), g.user, query, filters, page_number, catalog_search.PER_PAGE
            )
    except catalog_search.QueryError as exc:
        error = str(exc)
    # A query that cannot be searched is answered with the search page and what to fix.
    return render_template(
        "search/show.html",
        query=query,
        filters=filters,
        results=results,
        error=error,
        search_url=search_url,
    )
