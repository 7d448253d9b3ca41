"""Entity pages: who or what it is, its names, and every moment that mentions or shows it."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from .. import catalog, timeline
from ..errors import NotFound
from .context import db
from .entity_editor import redirect_if_merged

bp = Blueprint("entities", __name__, url_prefix="/entities")


@bp.get("/<slug>")
def show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    try:
        entity = catalog.entity_by_slug(session, g.user, slug)
    except NotFound:
        return redirect_if_merged(slug)
    page = catalog.entity_page(session, g.user, entity, one_per_moment=True)
    return render_template(
        "entities/show.html",
        page=page,
        by_film=timeline.moments_by_film(session, page.moments_by_media),
        alongside=timeline.mentioned_alongside(session, g.user, entity),
    )
