"""The editor's panel on the media page: tag a time range or a span of transcript text, and edit
the item's record. The panel is a partial the player page includes; its data comes from
`editor_panel(item)`, so the player view itself knows nothing of editing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import access, audit, catalog
from ..editing import corrections, tagging
from ..errors import CatalogError, NotFound
from ..models import Entity, MediaItem
from ..timecode import ms_from_seconds
from .auth import role_required
from .context import db

bp = Blueprint("tagging", __name__, url_prefix="/media")


def editor_panel(item: MediaItem) -> dict[str, Any] | None:
    """What the panel shows, for editors and admins; None for everyone else."""
    if not access.has_role(g.get("user"), "editor"):
        return None
    entities = db().scalars(
        select(Entity).where(access.entity_visible(g.user)).order_by(Entity.name)
    )
    return {"entities": list(entities), "state": tagging.metadata_state(item)}


def _ms(field: str) -> int:
    try:
        return ms_from_seconds(request.form.get(field, ""))
    except ValueError:
        raise tagging.EditError(field, "give a time in seconds, e.g. 83.5") from None


@bp.post("/<slug>/tags")
@role_required("editor")
def add_tag(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    form = request.form
    try:
        span = None
        if form.get("span_start", "").isdigit() and form.get("span_end", "").isdigit():
            span = (int(form["span_start"]), int(form["span_end"]))
        tagging.add_tag(
            session,
            g.user,
            item,
            start_ms=_ms("in"),
            end_ms=_ms("out"),
            entity_slug=form.get("entity", ""),
            tag=form.get("tag", ""),
            note=form.get("note", ""),
            segment_ref=form.get("segment", ""),
            span=span,
        )
    except NotFound:
        raise
    except CatalogError as exc:
        session.rollback()
        flash(f"Tag not saved: {exc}", "error")
    else:
        session.commit()
        flash("Tag saved.")
    return redirect(url_for("player.show", slug=slug) + "#editor-panel")


@bp.post("/<slug>/metadata")
@role_required("editor")
def update_metadata(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    try:
        version = int(request.form.get("version", ""))
        tagging.update_metadata(session, g.user, item, version, request.form.to_dict())
    except ValueError:
        flash("The form had no version: reload the page and try again.", "error")
    except audit.StaleEdit as exc:
        session.rollback()
        flash(str(exc), "error")
    except NotFound:
        raise
    except CatalogError as exc:
        session.rollback()
        flash(f"Not saved: {exc}", "error")
    else:
        session.commit()
        flash("Record saved.")
    return redirect(url_for("player.show", slug=slug) + "#editor-panel")


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["editor_panel"] = editor_panel


@bp.route("/<slug>/segments/<ref>", methods=["GET", "POST"])
@role_required("editor")
def segment(slug: str, ref: str):  # type: ignore[no-untyped-def]
    """One segment's correction form (text, speaker, restriction) and its history."""
    session = db()
    item = catalog.media_item(session, g.user, slug)
    try:
        found = tagging.segment_by_ref(session, item, ref)
    except tagging.EditError:
        raise NotFound(ref) from None
    if request.method == "POST":
        try:
            version = int(request.form.get("version", ""))
            corrections.correct_segment(session, g.user, found, version, request.form.to_dict())
        except ValueError:
            flash("The form had no version: reload the page and try again.", "error")
        except audit.StaleEdit as exc:
            session.rollback()
            flash(str(exc), "error")
        except CatalogError as exc:
            session.rollback()
            flash(f"Not saved: {exc}", "error")
        else:
            session.commit()
            flash("Segment saved.")
            return redirect(url_for("player.show", slug=slug) + f"#{ref}")
        session.refresh(found)
    return render_template(
        "player/segment.html",
        item=item,
        segment=found,
        ref=ref,
        history=audit.history(session, "segment", found.id),
    )
