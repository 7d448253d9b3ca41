"""Editors manage entities: create, edit, add and remove names, merge two, delete. Each change
re-links the transcripts (a new name is found wherever it is spoken); the forms show what a merge
or deletion will touch before the editor confirms it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import access, audit, catalog
from ..editing import entities as entity_editing
from ..errors import NotFound
from ..linking.relink import link
from ..models import ENTITY_KINDS, Entity
from . import forms
from .auth import role_required
from .context import db

bp = Blueprint("entity_editor", __name__, url_prefix="/entities")


def _entity(slug: str) -> Entity:
    return catalog.entity_by_slug(db(), g.user, slug)


def _relinked(change: Callable[[Session], Any]) -> Callable[[Session], Any]:
    """The change, then the transcripts re-linked: a new spelling is found wherever it is
    spoken before the editor sees the page again."""

    def run(session: Session) -> Any:
        result = change(session)
        link(session)
        return result

    return run


def _save(
    change: Callable[[Session], Any],
    done: str | Callable[[Any], str],
    target: str,
    then: Callable[[Any], str] | None = None,
    relink: bool = True,
    keep_on_conflict: bool = False,
) -> Any:
    return forms.save(
        _relinked(change) if relink else change,
        done=done,
        target=target,
        then=then,
        keep_on_conflict=keep_on_conflict,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required("editor")
def create():  # type: ignore[no-untyped-def]
    form = request.form.to_dict()
    if request.method == "POST":
        saved, entity = forms.attempt(
            _relinked(lambda session: entity_editing.create_entity(session, g.user, form))
        )
        if saved:
            flash(gettext("Created %(name)s.", name=entity.name))
            return redirect(url_for("entity_editor.edit", slug=entity.slug))
    kind = request.args.get("kind", "person")
    return render_template(
        "entities/new.html", kinds=ENTITY_KINDS, state=form or {"kind": kind, "name": ""}
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@role_required("editor")
def edit(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    entity = _entity(slug)
    here = url_for("entity_editor.edit", slug=slug)
    if request.method == "POST":
        return _save(
            lambda session: entity_editing.update_entity(
                session, g.user, entity, forms.version(), request.form.to_dict()
            ),
            gettext("Saved %(name)s.", name=entity.name),
            here,
            keep_on_conflict=True,  # typed text: a stale save shows both versions, yours kept
            then=lambda saved: url_for("entity_editor.edit", slug=saved.slug),
        )
    others = session.scalars(
        select(Entity)
        .where(Entity.kind == entity.kind, Entity.id != entity.id, access.entity_visible(g.user))
        .order_by(Entity.name)
    )
    return render_template(
        "entities/edit.html",
        entity=entity,
        state=entity_editing.state(entity),
        kinds=ENTITY_KINDS,
        others=list(others),
        history=audit.history(session, "entity", entity.id)[:20],
    )


@bp.post("/<slug>/aliases")
@role_required("editor")
def add_alias(slug: str):  # type: ignore[no-untyped-def]
    entity = _entity(slug)
    here = url_for("entity_editor.edit", slug=slug) + "#names"
    form = request.form
    return _save(
        lambda session: entity_editing.add_alias(
            session,
            g.user,
            entity,
            form.get("text", ""),
            form.get("language", ""),
            ambiguous=bool(form.get("ambiguous")),
        ),
        gettext(
            "%(name)s also goes by %(alias)s now.",
            name=entity.name,
            alias=repr(form.get("text", "").strip()),
        ),
        here,
    )


@bp.post("/<slug>/aliases/<int:alias_id>/delete")
@role_required("editor")
def remove_alias(slug: str, alias_id: int):  # type: ignore[no-untyped-def]
    entity = _entity(slug)
    here = url_for("entity_editor.edit", slug=slug) + "#names"
    return _save(
        lambda session: entity_editing.remove_alias(session, g.user, entity, alias_id),
        gettext("Name removed."),
        here,
    )


@bp.route("/<slug>/merge", methods=["GET", "POST"])
@role_required("editor")
def merge(slug: str):  # type: ignore[no-untyped-def]
    """`slug` is folded into the entity chosen as `into`; GET shows what moves, POST does it."""
    session = db()
    absorb = _entity(slug)
    into = request.values.get("into", "")
    try:
        keep = _entity(into)
    except NotFound:
        flash(gettext("Choose the entity to merge into."), "error")
        return redirect(url_for("entity_editor.edit", slug=slug) + "#merge")
    if request.method == "GET":
        return render_template(
            "entities/merge.html",
            absorb=absorb,
            keep=keep,
            impact=entity_editing.impact(session, absorb),
        )
    return _save(
        lambda session: entity_editing.merge_entities(session, g.user, keep, absorb),
        lambda summary: gettext(
            "Merged into %(name)s: moments moved: %(moved)s, duplicates folded: "
            "%(duplicates)s, names added: %(aliases)s.",
            name=keep.name,
            moved=summary["moved"],
            duplicates=summary["duplicates"],
            aliases=summary["aliases"],
        ),
        url_for("entity_editor.edit", slug=slug),
        then=lambda _: url_for("entities.show", slug=keep.slug),
    )


@bp.route("/<slug>/delete", methods=["GET", "POST"])
@role_required("editor")
def delete(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    entity = session.scalar(
        select(Entity).where(Entity.slug == slug).options(selectinload(Entity.aliases))
    )
    access.require_visible(g.user, entity)
    if request.method == "GET":
        return render_template(
            "entities/delete.html", entity=entity, impact=entity_editing.impact(session, entity)
        )
    name = entity.name
    return _save(
        lambda session: entity_editing.delete_entity(
            session, g.user, entity, request.form.get("confirm", "")
        ),
        lambda what: ngettext(
            "Deleted %(name)s and its %(num)d annotation.",
            "Deleted %(name)s and its %(num)d annotations.",
            what.annotations,
            name=name,
        ),
        url_for("entity_editor.delete", slug=slug),
        then=lambda _: url_for("browse.home"),
        relink=False,
    )


def redirect_if_merged(slug: str) -> Any:
    """A merged entity's old address leads to the entity it became."""
    entity = entity_editing.redirect_for(db(), slug)
    if entity is None:
        abort(404)
    return redirect(url_for("entities.show", slug=entity.slug), 301)
