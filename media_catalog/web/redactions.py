"""Editors and admins redact stretches of a media item (redactions.py) from the media page's
panel; each change queues the access copy (ingest/access_copies.py) once it is committed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, g, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session

from .. import access, catalog, jobs, redactions
from ..errors import FieldError
from ..ingest import access_copies
from ..models import MediaItem
from . import forms
from .auth import role_required
from .context import db

bp = Blueprint("redactions", __name__, url_prefix="/media")


def cache_dir() -> Path:
    return Path(current_app.config["CACHE_DIR"])


def redaction_panel(item: MediaItem) -> dict[str, Any] | None:
    """The panel's list and state, for editors and admins; None for everyone else."""
    if not access.has_role(g.get("user"), "editor"):
        return None
    session = db()
    found = redactions.redactions_of(session, item)
    served = redactions.served_to(session, cache_dir(), None, item).state
    latest = jobs.latest_for(session, access_copies.JOB, access_copies.subject_of(item))
    return {
        "redactions": [(r, redactions.is_in_force(r)) for r in found],
        "served": served,
        "failed": latest.error if latest and latest.state == "failed" else None,
        "original_role": redactions.ORIGINAL_ROLE,
    }


def _lapses_at() -> datetime | None:
    """The embargo's end as typed (`2031-01-01` or `2031-01-01T09:00`, UTC); empty for none."""
    value = request.form.get("lapses", "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise FieldError(
            "lapses", gettext("give a date as 2031-01-01 (not %(value)s)", value=repr(value))
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rebuilt(item: MediaItem, message: str) -> str:
    """After the commit: queue the access copy for the ranges now in force."""
    queue = current_app.extensions["media_catalog"]["queue"]
    job = access_copies.rebuild(db(), queue, g.user, item, cache_dir())
    if not job:
        return message
    return message + " " + gettext("The access copy is being made.")


@bp.post("/<slug>/redactions")
@role_required("editor")
def add(slug: str):  # type: ignore[no-untyped-def]
    item = catalog.media_item(db(), g.user, slug)

    def change(session: Session) -> None:
        redactions.redact(
            session,
            g.user,
            item,
            forms.seconds_ms("in"),
            forms.seconds_ms("out"),
            request.form.get("note", "").strip(),
            _lapses_at(),
        )

    return forms.save(
        change,
        done=lambda _: _rebuilt(item, gettext("Passage redacted.")),
        failed=gettext("Redaction not saved"),
        target=url_for("player.show", slug=slug) + "#redactions",
    )


@bp.post("/<slug>/redactions/<int:redaction_id>/remove")
@role_required("editor")
def remove(slug: str, redaction_id: int):  # type: ignore[no-untyped-def]
    item = catalog.media_item(db(), g.user, slug)
    return forms.save(
        lambda session: redactions.unredact(session, g.user, item, redaction_id),
        done=lambda _: _rebuilt(item, gettext("Redaction removed.")),
        failed=gettext("Redaction not removed"),
        target=url_for("player.show", slug=slug) + "#redactions",
    )


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["redaction_panel"] = redaction_panel
