"""A reel shared by link: no account needed, until the link expires. It plays only the reel's
ranges, one after another, each from a file cut to that range alone, so a viewer cannot scrub
outside them or reach the rest of the source. Restricted material is left out (access.py), and
so is what consent for the public web no longer covers (consent.py)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, g, render_template

from .. import consent, reels
from ..reels import subclips
from . import delivery
from .context import db

bp = Blueprint("shared", __name__, url_prefix="/shared")


def _views(token: str) -> tuple[reels.Reel, list[reels.EntryView]]:
    """The entries the link plays: what the visitor may see, and of that, what consent for the
    public web covers today (consent withdrawn after sharing takes its entries out), unless an
    admin overrode it for this share."""
    session = db()
    reel = reels.shared_reel(session, token)
    views = reels.visible_entries(session, g.user, reel)
    if consent.is_overridden(session, ("reel", reel.slug), "public_web"):
        return reel, views
    unrecorded = current_app.config["CONSENT_UNRECORDED"]
    uncovered = consent.uncovered_items(session, [v.media for v in views], "public_web", unrecorded)
    return reel, [view for view in views if view.media.id not in uncovered]


@bp.get("/<token>")
def show(token: str):  # type: ignore[no-untyped-def]
    reel, views = _views(token)
    response = current_app.make_response(
        render_template(
            "reels/shared.html",
            reel=reel,
            token=token,
            views=views,
            playable=[v for v in views if v.media.media_status == "ok"],
            total_ms=reels.total_ms(views),
        )
    )
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the key: do not pass it on
    return response


@bp.get("/<token>/<int:position>.mp4")
def clip(token: str, position: int):  # type: ignore[no-untyped-def]
    reel, views = _views(token)
    view = next((v for v in views if v.entry.position == position), None) or abort(404)
    cache = Path(current_app.config["CACHE_DIR"])
    media_root = Path(current_app.config["MEDIA_ROOT"])
    path = subclips.shared_clip(media_root, cache, token, view, db())
    response = delivery.send(path, "video/mp4")
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response
