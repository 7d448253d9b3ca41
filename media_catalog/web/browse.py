"""Home, film pages and the lists of people, events, places and organisations; the site's icon."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext

from .. import catalog, rights, timeline
from . import forms
from .auth import role_required
from .context import db

bp = Blueprint("browse", __name__)

KIND_PAGES = {
    "people": "person",
    "events": "event",
    "places": "place",
    "organizations": "organization",
    "topics": "topic",
}


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    session = db()
    return render_template(
        "browse/home.html",
        films=catalog.films(session),
        people=catalog.mention_counts(session, g.user, "person", limit=24),
        events=catalog.events_in_order(session, g.user),
    )


@bp.get("/films/<slug>")
def film(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    film = catalog.film_by_slug(session, slug) or abort(404)
    items = catalog.film_media_items(session, g.user, film)
    return render_template(
        "browse/film.html",
        film=film,
        interviews=[i for i in items if i.kind == "interview"],
        archival=[i for i in items if i.kind != "interview"],
        people=timeline.film_entities(session, g.user, film, "person"),
        events=timeline.film_entities(session, g.user, film, "event"),
    )


@bp.post("/films/<slug>/rights")
@role_required("editor")
def film_rights(slug: str):  # type: ignore[no-untyped-def]
    film = catalog.film_by_slug(db(), slug) or abort(404)
    return forms.save(
        lambda session: rights.update_film(session, g.user, film, request.form.to_dict()),
        done=gettext("Rights saved."),
        failed=gettext("Rights not saved"),
        target=url_for("browse.film", slug=slug) + "#rights-heading",
    )


@bp.get("/<any(people, events, places, organizations, topics):kind_page>")
def entities(kind_page: str):  # type: ignore[no-untyped-def]
    kind = KIND_PAGES[kind_page]
    rows = catalog.mention_counts(db(), g.user, kind)
    if kind == "event":
        rows.sort(key=lambda row: (row[0].date_start is None, row[0].date_start or "", row[0].name))
    else:
        rows.sort(key=lambda row: row[0].name)
    return render_template("browse/entities.html", kind=kind, kind_page=kind_page, rows=rows)


@bp.get("/timeline")
def timeline_page():  # type: ignore[no-untyped-def]
    return render_template("browse/timeline.html", events=timeline.timeline(db(), g.user))


@bp.get("/favicon.ico")
def favicon():  # type: ignore[no-untyped-def]
    """Where browsers look for the icon whatever the page links; the pages link it here too."""
    return send_from_directory(
        current_app.static_folder or "static",
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=86400,
    )
