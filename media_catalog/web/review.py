"""The review queue for editors: suggested mentions grouped by entity or by media item, decided
one by one (forms, or the keyboard through the JSON endpoint) or in bulk, and the matcher's
name candidates made into entities or aliases, or dismissed."""

from __future__ import annotations

import math

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from .. import audit, edits
from ..editing import candidates, review_queue
from ..errors import CatalogError, NotFound
from ..linking.relink import link
from ..models import ENTITY_KINDS
from ..wording import N_
from . import forms, locale_formats
from .auth import role_required
from .context import db
from .error_text import describe

bp = Blueprint("review", __name__)


def highlighted(text: str, start: int | None, end: int | None) -> Markup:
    """Segment text with the matched words in <mark>; everything escaped."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return Markup(escape(text))
    return Markup("{}<mark>{}</mark>{}").format(text[:start], text[start:end], text[end:])


def _back() -> str:
    target = request.form.get("back", "")
    return target if target.startswith("/review") else url_for("review.queue")


PER_PAGE = 50


@bp.get("/review")
@role_required("editor")
def queue():  # type: ignore[no-untyped-def]
    """A page of the queue (PER_PAGE suggestions, by media item and time), grouped by entity or
    by media item; the counts are the whole queue's, which review.js keeps as items are decided."""
    session = db()
    by = "media" if request.args.get("by") == "media" else "entity"
    media_slug = request.args.get("media") or None
    counts = review_queue.counts_by_media(session, g.user, media_slug)
    total = sum(counts.values())
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(forms.page_number(), pages)
    rows = review_queue.suggestions(
        session, g.user, media_slug, PER_PAGE, (page - 1) * PER_PAGE, counts
    )
    groups = (
        review_queue.group_by_media(rows) if by == "media" else review_queue.group_by_entity(rows)
    )
    return render_template(
        "review/queue.html",
        by=by,
        groups=groups,
        shown=len(rows),
        total=total,
        everywhere=review_queue.suggestion_count(session, g.user) if media_slug else total,
        pair_counts=review_queue.counts_by_pair(session, g.user, rows),
        page=page,
        pages=pages,
        page_window=forms.page_window,
        first=(page - 1) * PER_PAGE + 1,
        media_slug=media_slug,
        highlighted=highlighted,
    )


@bp.post("/review/annotations/<int:annotation_id>")
@role_required("editor")
def decide(annotation_id: int):  # type: ignore[no-untyped-def]
    return forms.save(
        lambda session: review_queue.decide(
            session,
            g.user,
            annotation_id,
            forms.version(),
            request.form.get("action", ""),
            request.form.get("entity") or None,
        ),
        done="",
        failed="",
        target=_back(),
    )


@bp.post("/api/review/annotations/<int:annotation_id>")
@role_required("editor")
def decide_json(annotation_id: int):  # type: ignore[no-untyped-def]
    """JSON: {"action", "version", "entity"?} -> the annotation's new state; 409 when stale."""
    session = db()
    body = request.get_json(silent=True) or {}
    if not isinstance(body.get("version"), int):
        return jsonify(error={"code": 400, "message": "version (an integer) is required"}), 400
    try:
        annotation = review_queue.decide(
            session,
            g.user,
            annotation_id,
            body["version"],
            str(body.get("action", "")),
            body.get("entity"),
        )
    except audit.StaleEdit as exc:
        session.rollback()
        return jsonify(error=exc.as_json()), 409
    except NotFound:
        raise  # answered as 404 by the one error handler
    except CatalogError as exc:
        session.rollback()
        return jsonify(error={"code": 400, "message": describe(exc)}), 400
    state = review_queue.state(annotation)
    session.commit()
    return jsonify(id=annotation.id, **state)


@bp.post("/review/confirm-all")
@role_required("editor")
def confirm_all():  # type: ignore[no-untyped-def]
    session = db()
    media, entity = request.form.get("media", ""), request.form.get("entity", "")
    count = review_queue.confirm_all(session, g.user, media, entity)
    session.commit()
    flash(ngettext("Confirmed %(num)d mention.", "Confirmed %(num)d mentions.", count))
    return redirect(_back())


@bp.get("/review/edits")
@role_required("editor")
def edit_list():  # type: ignore[no-untyped-def]
    """Editors' edits a re-import found the source changed under, to keep or let go."""
    return render_template("review/edits.html", pending=edits.awaiting_review(db()))


@bp.post("/review/edits/<int:edit_id>")
@role_required("editor")
def decide_edit(edit_id: int):  # type: ignore[no-untyped-def]
    action = request.form.get("action", "")
    return forms.save(
        lambda session: edits.decide(session, g.user, edit_id, action),
        done=gettext("Kept the editor's value.")
        if action == "keep"
        else gettext("Took the source's value."),
        target=url_for("review.edit_list"),
    )


@bp.get("/review/candidates")
@role_required("editor")
def candidate_list():  # type: ignore[no-untyped-def]
    session = db()
    media_slug = request.args.get("media") or None
    grouped: dict[int, tuple[object, list[object]]] = {}
    for item, candidate in candidates.open_candidates(session, g.user, media_slug):
        grouped.setdefault(item.id, (item, []))[1].append(candidate)
    return render_template(
        "review/candidates.html",
        groups=list(grouped.values()),
        kinds=ENTITY_KINDS,
        media_slug=media_slug,
    )


@bp.post("/review/candidates")
@role_required("editor")
def resolve_candidate():  # type: ignore[no-untyped-def]
    media, text, action = (request.form.get(k, "") for k in ("media", "text", "action"))

    say = locale_formats.translate()  # a Hebrew name keeps its place in the sentence

    def resolve(session: Session) -> str:
        if action == "dismiss":
            candidates.dismiss_candidate(session, media, text, actor=g.user.email)
            return say(N_("Dismissed “%(text)s”."), text=text)
        if action == "alias":
            entity = request.form.get("entity", "")
            candidates.candidate_to_alias(session, media, text, entity, actor=g.user.email)
            message = say(N_("“%(text)s” is now a name of %(entity)s."), text=text, entity=entity)
        elif action == "entity":
            kind = request.form.get("kind", "")
            slug = candidates.candidate_to_entity(session, media, text, kind, actor=g.user.email)
            message = say(N_("Created %(entity)s."), entity=slug)
        else:
            raise CatalogError(N_("unknown action '%(action)s'"), action=action)
        link(session)  # the new name is found everywhere it occurs
        return message

    return forms.save(
        resolve,
        done=lambda message: message,
        failed="",
        target=url_for("review.candidate_list", media=request.args.get("media")),
    )
