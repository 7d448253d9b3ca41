"""Marking chapters on a film or a media item: a page listing them with inline edit forms
(version conflicts shown, nothing half-saved), an add form, delete buttons and, for editors,
a WebVTT chapters upload. The player and the film page show the chapters (template globals)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from sqlalchemy.orm import Session
from werkzeug.utils import secure_filename

from .. import access, catalog, chapters, snapping
from ..chapters import Owner
from ..errors import CatalogError, IngestError, NotFound
from ..models import Chapter, MediaItem
from . import forms
from .auth import role_required
from .context import db
from .error_text import describe

bp = Blueprint("chapters", __name__, url_prefix="/chapters")

OWNER_KINDS = "any(films, media)"
UPLOAD_MAX = 2 * 1024 * 1024


def _owner(owner_kind: str, slug: str) -> Owner:
    session = db()
    if owner_kind == "films":
        return catalog.film_by_slug(session, slug) or abort(404)
    return catalog.media_item(session, g.user, slug)  # NotFound when restricted from this user


def _saved(message: str) -> str:
    """The flash after a save, saying when the times were moved to word boundaries."""
    if not g.get("snapped"):
        return message
    return message + " " + gettext("Its start and end were snapped to word boundaries.")


def _on_words(session: Session, owner: Owner) -> dict[str, int | None]:
    """The form's start and end; a media item's snapped to measured word boundaries (a
    film's chapters are in the film's time, which no recording's words measure)."""
    start_ms, end_ms = forms.time_ms("start", required=True) or 0, forms.time_ms("end")
    if isinstance(owner, MediaItem):
        start_ms, end_ms, g.snapped = snapping.snap_range(session, owner.id, start_ms, end_ms)
    return {"start_ms": start_ms, "end_ms": end_ms}


def _owner_url(owner: Owner) -> str:
    kind = "media" if isinstance(owner, MediaItem) else "films"
    return url_for("chapters.manage", owner_kind=kind, slug=owner.slug)


@bp.get(f"/<{OWNER_KINDS}:owner_kind>/<slug>")
@role_required("host")
def manage(owner_kind: str, slug: str):  # type: ignore[no-untyped-def]
    owner = _owner(owner_kind, slug)
    duration = owner.duration_ms if isinstance(owner, MediaItem) else owner.running_time_ms
    return render_template(
        "chapters/manage.html",
        owner=owner,
        owner_kind=owner_kind,
        chapters=chapters.with_ends(chapters.chapters_of(db(), owner, g.user), duration),
        duration_ms=duration,
        may_import=access.has_role(g.user, "editor"),
    )


@bp.post(f"/<{OWNER_KINDS}:owner_kind>/<slug>")
@role_required("host")
def add(owner_kind: str, slug: str):  # type: ignore[no-untyped-def]
    owner = _owner(owner_kind, slug)
    return forms.save(
        lambda session: chapters.add_chapter(
            session,
            g.user,
            owner,
            title=request.form.get("title", ""),
            **_on_words(session, owner),
            description=request.form.get("description", ""),
        ),
        done=lambda _: _saved(gettext("Chapter added.")),
        failed=gettext("Chapter not added"),
        target=_owner_url(owner),
    )


def _chapter(chapter_id: int) -> tuple[Chapter, Owner]:
    session = db()
    chapter = session.get(Chapter, chapter_id) or abort(404)
    owner = chapters.chapter_owner(session, chapter)
    if isinstance(owner, MediaItem):
        access.require_visible(g.user, owner)
    return chapter, owner


@bp.post("/<int:chapter_id>")
@role_required("host")
def update(chapter_id: int):  # type: ignore[no-untyped-def]
    chapter, owner = _chapter(chapter_id)
    return forms.save(
        lambda session: chapters.update_chapter(
            session,
            g.user,
            chapter,
            forms.version(),
            title=request.form.get("title", ""),
            **_on_words(session, owner),
            description=request.form.get("description", ""),
        ),
        done=lambda _: _saved(gettext("Chapter saved.")),
        failed=gettext("Chapter not saved"),
        target=_owner_url(owner) + f"#chapter-{chapter_id}",
        keep_on_conflict=True,
    )


@bp.post("/<int:chapter_id>/delete")
@role_required("host")
def delete(chapter_id: int):  # type: ignore[no-untyped-def]
    session = db()
    chapter, owner = _chapter(chapter_id)
    chapters.delete_chapter(session, g.user, chapter)
    session.commit()
    flash(gettext("Chapter deleted."))
    return redirect(_owner_url(owner))


@bp.post(f"/<{OWNER_KINDS}:owner_kind>/<slug>/import")
@role_required("editor")
def upload(owner_kind: str, slug: str):  # type: ignore[no-untyped-def]
    """A WebVTT chapters track replaces the chapters imported before (editors' own stay)."""
    session = db()
    owner = _owner(owner_kind, slug)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash(gettext("Choose a WebVTT chapters file (.vtt) to import."), "error")
        return redirect(_owner_url(owner))
    name = secure_filename(sent.filename) or "chapters.vtt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        data = sent.stream.read(UPLOAD_MAX + 1)
        try:
            if len(data) > UPLOAD_MAX:
                raise IngestError(name, f"larger than {UPLOAD_MAX // (1024 * 1024)} MB")
            path.write_bytes(data)
            imported = chapters.import_webvtt_chapters(session, g.user, owner, path)
        except IngestError as exc:
            session.rollback()
            # Name the file as the editor knows it, not the temporary copy.
            where = f"{sent.filename}:{exc.line}" if exc.line else sent.filename
            flash(
                gettext("Nothing imported: %(where)s: %(reason)s", where=where, reason=exc.reason),
                "error",
            )
            return redirect(_owner_url(owner))
        except CatalogError as exc:
            session.rollback()
            flash(gettext("Nothing imported: %(reason)s", reason=describe(exc)), "error")
            return redirect(_owner_url(owner))
    session.commit()
    flash(
        ngettext(
            "%(num)d chapter imported from %(file)s.",
            "%(num)d chapters imported from %(file)s.",
            len(imported),
            file=sent.filename,
        )
    )
    return redirect(_owner_url(owner))


@bp.app_template_global()
def media_chapters(item: MediaItem) -> list[tuple[Chapter, int | None]]:
    """The player's chapter list (the item is already visible to this visitor)."""
    try:
        found = chapters.chapters_of(db(), item, g.user)
    except NotFound:
        return []
    return chapters.with_ends(found, item.duration_ms)


@bp.app_template_global()
def film_chapters(film):  # type: ignore[no-untyped-def]
    return chapters.with_ends(chapters.chapters_of(db(), film, g.user), film.running_time_ms)


@bp.app_template_global()
def may_mark_chapters() -> bool:
    return access.has_role(g.user, "host")
