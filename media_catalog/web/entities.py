"""Entity pages: who or what it is, its names, and every moment that mentions or shows it."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from .. import catalog
from . import db

bp = Blueprint("entities", __name__, url_prefix="/entities")


@bp.get("/<slug>")
def show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    entity = catalog.entity_by_slug(session, g.user, slug)
    return render_template(
        "entities/show.html",
        page=catalog.entity_page(session, g.user, entity),
        alongside=catalog.mentioned_alongside(session, g.user, entity),
    )
