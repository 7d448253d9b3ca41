"""The search page: a query and filters from the URL, results grouped by media item, facets to
narrow down. A query that cannot be searched gets its message on the page, never an error."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request
from werkzeug.datastructures import MultiDict

from .. import catalog
from ..search import Filters, QueryError, search
from ..search.query import MAX_QUERY_LENGTH
from . import db

bp = Blueprint("search", __name__)


def filters_from(args: MultiDict[str, str]) -> Filters:
    """Filters as URL parameters name them; unreadable years are ignored, not errors."""
    return Filters(
        film=args.get("film") or None,
        media=args.get("media") or None,
        kind=args.get("kind") if args.get("kind") in ("interview", "archival") else None,
        language=args.get("language") or None,
        speaker=args.get("speaker") or None,
        entities=[slug for slug in args.getlist("entity") if slug][:5],
        year_from=_year(args.get("year_from")),
        year_to=_year(args.get("year_to")),
    )


def _year(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and len(value.strip()) == 4 else None


def _page(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else 1


@bp.get("/search")
def show():  # type: ignore[no-untyped-def]
    text = request.args.get("q", "")
    filters = filters_from(request.args)
    results, problem = None, None
    if text.strip():
        try:
            results = search(db(), g.user, text, filters, page=_page(request.args.get("page")))
        except QueryError as exc:
            problem = str(exc)
    return render_template(
        "search/show.html",
        q=text[: MAX_QUERY_LENGTH * 2],
        filters=filters,
        results=results,
        problem=problem,
        films=catalog.films(db()),
    )
