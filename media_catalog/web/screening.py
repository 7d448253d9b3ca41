"""Screening mode: the host's cue list of the guide's scenes against the film's running time,
and the audience's second screen (short link and QR code) that follows the scene the host is
on. The host moves the current stop with a CSRF-protected POST; phones poll a small JSON."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext

from .. import guides
from ..errors import CatalogError
from ..guides import outputs, views
from ..models import Guide, GuideSection
from ..timecode import format_short
from .auth import role_required
from .context import db

bp = Blueprint("screening", __name__)


def _stop_state(guide: Guide) -> dict[str, Any]:
    """Where the screening is, as the audience's page shows it (questions naming someone
    restricted from this visitor left out)."""
    stops = guides.scenes(guide)
    withheld = views.withheld_names(db(), g.user, guide)
    current: GuideSection | None = None
    if guide.current_stop is not None and guide.current_stop < len(stops):
        current = stops[guide.current_stop]
    return {
        "guide": guide.title,
        "stop": guide.current_stop,
        "stops": len(stops),
        "scene": None
        if current is None
        else {
            "title": current.title,
            "start_ms": current.start_ms,
            "clock": format_short(current.start_ms or 0),
            "questions": views.visible_questions(current.questions, withheld),
        },
    }


@bp.get("/guides/<token>/screen")
@role_required("host")
def screen(token: str):  # type: ignore[no-untyped-def]
    guide = guides.editable_guide(db(), g.user, token)
    short_url = url_for("screening.short", token=guide.token, _external=True)
    stops = guides.scenes(guide)
    # The film's running time, or (when the catalog does not know it) where its last scene ends.
    ends = [s.end_ms or s.start_ms or 0 for s in stops]
    return render_template(
        "guides/screen.html",
        guide=guide,
        stops=stops,
        running_ms=guide.film.running_time_ms or max(ends, default=0) or None,
        short_url=short_url,
        short_qr=outputs.qr_data_uri(short_url),
    )


@bp.post("/guides/<token>/screen/stop")
@role_required("host")
def set_stop(token: str):  # type: ignore[no-untyped-def]
    session = db()
    guide = guides.editable_guide(session, g.user, token)
    raw = (request.get_json(silent=True) or {}).get("stop") if request.is_json else None
    if raw is None:
        raw = request.form.get("stop", "")
    try:
        stop = None if raw in ("", "none") else int(raw)
        guides.set_current_stop(session, g.user, guide, stop)
    except (ValueError, TypeError, CatalogError) as exc:
        session.rollback()
        if request.is_json:
            abort(400, f"stop: {exc}" if isinstance(exc, CatalogError) else "stop: not a number")
        flash(gettext("Not moved: %(reason)s", reason=exc), "error")
        return redirect(url_for("screening.screen", token=token))
    session.commit()
    if request.is_json:
        return jsonify(_stop_state(guide))
    return redirect(url_for("screening.screen", token=token) + f"#cue-{stop}")


@bp.get("/s/<token>")
def short(token: str):  # type: ignore[no-untyped-def]
    """The short link the audience types or scans."""
    guides.guide_by_token(db(), g.user, token)
    return redirect(url_for("screening.follow", token=token))


@bp.get("/guides/<token>/follow")
def follow(token: str):  # type: ignore[no-untyped-def]
    guide = guides.guide_by_token(db(), g.user, token)
    return render_template("guides/follow.html", guide=guide, state=_stop_state(guide))


@bp.get("/guides/<token>/follow.json")
def follow_state(token: str):  # type: ignore[no-untyped-def]
    guide = guides.guide_by_token(db(), g.user, token)
    response = jsonify(_stop_state(guide))
    response.headers["Cache-Control"] = "no-store"
    return response
