"""Who read restricted material, on every route: the access gate (access.require_visible) tells
this module of each media item it lets through; once the answer has gone out (a 200 or 206 to
a GET), a restricted item, or one whose restricted or redacted passages reached this reader
unedited, is noted in the audit trail (audit.note_access: once per person and record in a
quarter hour). Pages count as viewing, everything else (API, IIIF, OHMS, captions, exports,
media bytes) as downloading. A view that notes a finer record itself says so (`noted`)."""

from __future__ import annotations

from flask import Flask, Response, g, has_request_context, request

from .. import access, audit, redactions, restrictions
from ..models import MediaItem
from .context import db


def _shown(item: MediaItem) -> None:
    if has_request_context():
        g.setdefault("shown_items", {})[item.id] = item


def noted() -> None:
    """The view audited this request's reading itself, with a finer record (a track)."""
    g.access_noted = True


def _reaches_unedited(item: MediaItem) -> bool:
    if item.restricted:
        return True
    user = g.get("user")
    editor, original = access.can_see_restricted(user), redactions.may_have_original(user)
    if not (editor or original):  # the public's copy has every passage cut: nothing to note
        return False
    session = db()
    if editor and restrictions.ranges_of(session, item):
        return True
    return original and bool(redactions.ranges_in_force(session, item))


def _note(response: Response) -> Response:
    items = g.get("shown_items")
    if not items or request.method != "GET" or response.status_code not in (200, 206):
        return response
    if g.get("access_noted"):
        return response
    action = "view_restricted" if response.mimetype == "text/html" else "download_restricted"
    session = db()
    for item in items.values():
        if _reaches_unedited(item):
            audit.note_access(session, g.get("user"), action, "media_item", item.slug)
    session.commit()
    return response


def register(app: Flask) -> None:
    if _shown not in access.SHOWN_OBSERVERS:  # one per process, however many apps it makes
        access.SHOWN_OBSERVERS.append(_shown)
    app.after_request(_note)
