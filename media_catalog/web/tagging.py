"""The editor's panel on the media page: tag a time range or a span of transcript text, and edit
the item's record. The panel is a partial the player page includes; its data comes from
`editor_panel(item)`, so the player view itself knows nothing of editing."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, audit, catalog
from ..audit import StaleEdit
from ..editing import corrections, tagging
from ..errors import NotFound
from ..models import ROLES, Entity, MediaItem
from . import forms
from .auth import role_required
from .conflicts import conflict_page
from .context import db

bp = Blueprint("tagging", __name__, url_prefix="/media")


def editor_panel(item: MediaItem) -> dict[str, Any] | None:
    """What the panel shows, for editors and admins; None for everyone else."""
    if not access.has_role(g.get("user"), "editor"):
        return None
    entities = db().scalars(
        select(Entity).where(access.entity_visible(g.user)).order_by(Entity.name)
    )
    return {
        "entities": list(entities),
        "state": tagging.metadata_state(item),
        "roles": ROLES,
        "default_role": tagging.default_role(item),
        "tags": tagging.editor_tags(db(), g.user, item),
        "duration_ms": item.duration_ms,
    }


@bp.post("/<slug>/tags")
@role_required("editor")
def add_tag(slug: str):  # type: ignore[no-untyped-def]
    item = catalog.media_item(db(), g.user, slug)
    form = request.form

    def tag(session: Session) -> None:
        span = None
        if form.get("span_start", "").isdecimal() and form.get("span_end", "").isdecimal():
            span = (int(form["span_start"]), int(form["span_end"]))
        tagging.add_tag(
            session,
            g.user,
            item,
            start_ms=forms.seconds_ms("in"),
            end_ms=forms.seconds_ms("out"),
            entity_slug=form.get("entity", ""),
            tag=form.get("tag", ""),
            note=form.get("note", ""),
            role=form.get("role", ""),
            segment_ref=form.get("segment", ""),
            span=span,
        )

    return forms.save(
        tag,
        done=gettext("Tag saved."),
        failed=gettext("Tag not saved"),
        target=url_for("player.show", slug=slug) + "#editor-panel",
    )


@bp.post("/<slug>/tags/<int:tag_id>")
@role_required("editor")
def update_tag(slug: str, tag_id: int):  # type: ignore[no-untyped-def]
    """A tag's range (typed, or dragged and nudged on the seek bar), role, keyword and note."""
    item = catalog.media_item(db(), g.user, slug)
    form = request.form
    return forms.save(
        lambda session: tagging.update_tag(
            session,
            g.user,
            item,
            tag_id,
            forms.version(),
            start_ms=forms.seconds_ms("in"),
            end_ms=forms.seconds_ms("out"),
            role=form.get("role", ""),
            tag=form.get("tag", ""),
            note=form.get("note", ""),
        ),
        done=gettext("Tag saved."),
        failed=gettext("Tag not saved"),
        target=url_for("player.show", slug=slug) + f"#tag-{tag_id}",
        keep_on_conflict=True,
    )


@bp.post("/<slug>/metadata")
@role_required("editor")
def update_metadata(slug: str):  # type: ignore[no-untyped-def]
    item = catalog.media_item(db(), g.user, slug)
    return forms.save(
        lambda session: tagging.update_metadata(
            session, g.user, item, forms.version(), request.form.to_dict()
        ),
        done=gettext("Record saved."),
        target=url_for("player.show", slug=slug) + "#editor-panel",
        then=lambda saved: url_for("player.show", slug=saved.slug) + "#editor-panel",
        keep_on_conflict=True,
    )


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
            saved, _ = forms.attempt(
                lambda session: corrections.correct_segment(
                    session, g.user, found, forms.version(), request.form.to_dict()
                ),
                keep=True,
            )
        except StaleEdit as exc:
            return conflict_page(exc, request.path)
        if saved:
            flash(gettext("Segment saved."))
            return redirect(url_for("player.show", slug=slug) + f"#{ref}")
        session.refresh(found)
    return render_template(
        "player/segment.html",
        item=item,
        segment=found,
        ref=ref,
        history=audit.history(session, "segment", found.id),
    )
