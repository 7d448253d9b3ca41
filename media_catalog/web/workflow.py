"""The indexing workflow for editors: every media item by status, with who moved it and when."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import gettext, lazy_gettext

from .. import catalog
from ..editing import workflow
from . import forms
from .auth import role_required
from .context import db

bp = Blueprint("workflow", __name__)


# The statuses as the board shows them, in the reader's language (workflow.STATUSES has the
# same keys, in English, for the CLI and the audit log).
STATUS_LABELS = {
    "not_started": lazy_gettext("Not started"),
    "in_progress": lazy_gettext("In progress"),
    "ready_for_review": lazy_gettext("Ready for review"),
    "complete": lazy_gettext("Complete"),
}


@bp.get("/workflow")
@role_required("editor")
def board():  # type: ignore[no-untyped-def]
    return render_template(
        "workflow/board.html",
        columns=workflow.items_by_status(db(), g.user),
        statuses=STATUS_LABELS,
    )


@bp.post("/workflow/<slug>")
@role_required("editor")
def move(slug: str):  # type: ignore[no-untyped-def]
    item = catalog.media_item(db(), g.user, slug)
    return forms.save(
        lambda session: workflow.set_status(session, g.user, item, request.form.get("status", "")),
        done=lambda _: gettext(
            "%(title)s: %(status)s.", title=item.title, status=STATUS_LABELS[item.indexing_status]
        ),
        target=url_for("workflow.board") + f"#{item.indexing_status}",
        failed="",
        then=lambda _: url_for("workflow.board") + f"#{item.indexing_status}",
    )
