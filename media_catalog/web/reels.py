"""Editors' reels: the list, one reel (reorder, rename, duplicate, delete, share), "add to reel"
from search results, entity pages and the player, timeline downloads, and sub-clip exports with
their progress. A reel is its owner's alone: anyone else's answers 404."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, audit, redactions, reels, snapping
from ..errors import CatalogError
from ..models import MediaItem
from ..reels import subclips, timelines
from ..timecode import MAX_RATE, parse_rate
from ..wording import N_
from . import consents, delivery, forms
from .auth import _safe_next, role_required
from .context import db
from .error_text import describe

bp = Blueprint("reels", __name__, url_prefix="/reels")
DOWNLOADS = {**{f: timelines.FORMATS[f] for f in timelines.FORMATS}, "csv": ("", "csv", "text/csv")}
# The export formats as the reel page offers them: the editing tools' own names, and the
# shot list in the reader's language.
EXPORT_LABELS = {
    "edl": "CMX 3600 EDL",
    "fcp7": "Final Cut Pro 7 XML",
    "fcpxml": "FCPXML",
    "otio": "OpenTimelineIO (.otio)",
    "csv": lazy_gettext("Shot list (CSV)"),
}
SUBCLIP_MODES = {
    "copy": lazy_gettext("fast"),
    "accurate": lazy_gettext("frame-accurate"),
    "review": lazy_gettext("review copy"),
}
MAX_SHARE_DAYS = 365


def reel_choices() -> list[Any] | None:
    """The signed-in editor's reels for "add to reel" forms; None for everyone else."""
    if not access.has_role(g.get("user"), "editor"):
        return None
    if "reel_choices" not in g:  # asked once per moment on a page: one query per request
        g.reel_choices = [reel for reel, _count, _total in reels.reels_of(db(), g.user)]
    return g.reel_choices  # type: ignore[no-any-return]


def _reel(slug: str) -> reels.Reel:
    return reels.reel_of(db(), g.user, slug)


@bp.get("")
@role_required("editor")
def index():  # type: ignore[no-untyped-def]
    return render_template(
        "reels/index.html", rows=reels.reels_of(db(), g.user), is_share_live=reels.is_share_live
    )


@bp.post("")
@role_required("editor")
def create():  # type: ignore[no-untyped-def]
    return forms.save(
        lambda session: reels.create_reel(session, g.user, request.form.get("name", "")),
        done=lambda reel: gettext("Reel “%(name)s” made.", name=reel.name),
        target=url_for("reels.index"),
        then=lambda reel: url_for("reels.show", slug=reel.slug),
    )


def _snapped_note() -> str:
    """Said after a save when the form's in and out points moved onto word boundaries."""
    if not g.get("snapped"):
        return ""
    return " " + gettext("In and out points were snapped to word boundaries.")


def _on_words(session: Session, media_slug: str, in_field: str, out_field: str) -> tuple[int, int]:
    """The form's in and out points, snapped to measured word boundaries (g.snapped says so)."""
    in_ms, out_ms = forms.seconds_ms(in_field), forms.seconds_ms(out_field)
    media_id = session.scalar(select(MediaItem.id).where(MediaItem.slug == media_slug))
    if media_id is None:  # add_entry names the missing item
        return in_ms, out_ms
    in_ms, snapped_out, g.snapped = snapping.snap_range(session, media_id, in_ms, out_ms)
    return in_ms, snapped_out if snapped_out is not None else out_ms


@bp.post("/add")
@role_required("editor")
def add():  # type: ignore[no-untyped-def]
    """Add a moment to a reel (or to a new one named in the form), then go back."""
    form = request.form

    def add_moment(session: Session) -> reels.Reel:
        if form.get("reel"):
            reel = reels.reel_of(session, g.user, form["reel"])
        else:
            reel = reels.create_reel(session, g.user, form.get("new_name", ""))
        in_ms, out_ms = _on_words(session, form.get("media", ""), "in", "out")
        reels.add_entry(
            session,
            g.user,
            reel,
            form.get("media", ""),
            in_ms,
            out_ms,
            handle_before_ms=forms.seconds_ms("handle_before", default="0"),
            handle_after_ms=forms.seconds_ms("handle_after", default="0"),
            note=form.get("note", ""),
        )
        return reel

    return forms.save(
        add_moment,
        done=lambda reel: gettext("Added to “%(name)s”.", name=reel.name) + _snapped_note(),
        target=_safe_next(form.get("next")),
    )


@bp.get("/<slug>")
@role_required("editor")
def show(slug: str):  # type: ignore[no-untyped-def]
    reel = _reel(slug)
    views = reels.visible_entries(db(), g.user, reel)
    job = subclips.latest_export(db(), reel)
    return render_template(
        "reels/show.html",
        reel=reel,
        views=views,
        total_ms=reels.total_ms(views),
        shared=reels.is_share_live(reel),
        job=job,
        exports=EXPORT_LABELS,
        subclip_modes=SUBCLIP_MODES,
    )


@bp.post("/<slug>/rename")
@role_required("editor")
def rename(slug: str):  # type: ignore[no-untyped-def]
    reel = _reel(slug)
    return forms.save(
        lambda session: reels.rename_reel(session, reel, request.form.get("name", "")),
        done=gettext("Renamed."),
        target=url_for("reels.show", slug=slug),
        then=lambda _: url_for("reels.show", slug=reel.slug),
    )


@bp.post("/<slug>/duplicate")
@role_required("editor")
def duplicate(slug: str):  # type: ignore[no-untyped-def]
    return forms.save(
        lambda session: reels.duplicate_reel(session, _reel(slug)),
        done=lambda copy: gettext("Made “%(name)s”.", name=copy.name),
        target=url_for("reels.show", slug=slug),
        then=lambda copy: url_for("reels.show", slug=copy.slug),
    )


@bp.post("/<slug>/delete")
@role_required("editor")
def delete(slug: str):  # type: ignore[no-untyped-def]
    reel = _reel(slug)
    name = reel.name
    return forms.save(
        lambda session: reels.delete_reel(session, reel),
        done=gettext("Reel “%(name)s” deleted.", name=name),
        target=url_for("reels.index"),
    )


@bp.post("/<slug>/entries")
@role_required("editor")
def change_entry(slug: str):  # type: ignore[no-untyped-def]
    """One entry: move it up or down, remove it, or save its in, out, handles and note."""
    reel, form = _reel(slug), request.form
    target = url_for("reels.show", slug=slug)
    action, entry = form.get("action", ""), form.get("entry", "")

    def change(session: Session) -> None:
        if action in ("up", "down"):
            reels.move_entry(session, reel, entry, -1 if action == "up" else 1)
        elif action == "remove":
            reels.remove_entry(session, reel, entry)
        elif action == "save":
            chosen = reels.entry_in(reel, entry)
            in_ms, out_ms = _on_words(session, chosen.media_item.slug, "in", "out")
            reels.update_entry(
                session,
                chosen,
                in_ms=in_ms,
                out_ms=out_ms,
                handle_before_ms=forms.seconds_ms("handle_before", default="0"),
                handle_after_ms=forms.seconds_ms("handle_after", default="0"),
                note=form.get("note", ""),
            )
        else:
            raise reels.ReelError("action", N_("unknown action '%(action)s'"), action=action)

    return forms.save(
        change,
        done=lambda _: gettext("Saved.") + _snapped_note(),
        target=target,
        then=lambda _: target + (f"#entry-{entry}" if action != "remove" else ""),
    )


@bp.post("/<slug>/order")
@role_required("editor")
def reorder(slug: str):  # type: ignore[no-untyped-def]
    """The order after a drag or a keyboard move, as JSON: {"entries": [id, ...]}."""
    reel, session = _reel(slug), db()
    payload = request.get_json(silent=True) or {}
    try:
        reels.reorder(session, reel, list(payload.get("entries") or []))
    except CatalogError as exc:
        session.rollback()
        return jsonify(error={"code": 400, "message": describe(exc)}), 400
    session.commit()
    return jsonify(entries=[e.id for e in reel.entries])


@bp.post("/<slug>/share")
@role_required("editor")
def share(slug: str):  # type: ignore[no-untyped-def]
    reel = _reel(slug)
    target = url_for("reels.show", slug=slug) + "#share"
    if request.form.get("action") == "stop":
        token = reel.share_token

        def stop(session: Session) -> None:
            reels.unshare(session, reel)
            if token:  # the clips cut for the link go with it
                shutil.rmtree(_cache_dir() / "shared" / token, ignore_errors=True)

        return forms.save(stop, done=gettext("The share link no longer works."), target=target)
    days = request.form.get("days", "").strip()

    def start(session: Session) -> None:
        expires = None
        if days:
            if not days.isdecimal() or not 1 <= int(days) <= MAX_SHARE_DAYS:
                raise reels.ReelError(
                    "days", N_("give 1 to %(most)s days, or leave it empty"), most=MAX_SHARE_DAYS
                )
            expires = datetime.now(UTC) + timedelta(days=int(days))
        consents.check(session, _media_of(session, reel), "public_web", ("reel", reel.slug))
        reels.share(session, reel, expires)

    return forms.save(
        start,
        done=gettext("Shared: anyone with the link can play the reel's ranges."),
        target=target,
    )


@bp.get("/<slug>/export.<any(edl, fcp7, fcpxml, otio, csv):fmt>")
@role_required("editor")
def export(slug: str, fmt: str):  # type: ignore[no-untyped-def]
    """A timeline for broadcast: refused when consent does not cover it (an admin overrides
    through the POST form below, with a reason)."""
    reel, session = _reel(slug), db()
    views = reels.visible_entries(session, g.user, reel)
    _adapter, suffix, mimetype = DOWNLOADS[fmt]
    try:
        consents.check(session, [v.media for v in views], "broadcast", ("reel", reel.slug))
        if any(view.media.restricted for view in views):
            audit.note_access(session, g.user, "download_restricted", "reel", reel.slug)
        session.commit()  # an override (and a restricted download) is audited before it leaves
        rate = _sequence_rate()
        if fmt == "csv":
            text = timelines.write_csv(views, rate)
        else:
            text = timelines.write_timeline(fmt, reel.name, views, rate=rate)
    except CatalogError as exc:
        session.rollback()
        flash(gettext("Not exported: %(reason)s", reason=describe(exc)), "error")
        return redirect(url_for("reels.show", slug=slug) + "#export-h")
    filename = f"{reel.slug}.{suffix}".encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        text,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-cache",
        },
    )


@bp.get("/<slug>/export")
@role_required("editor")
def export_with_rate(slug: str):  # type: ignore[no-untyped-def]
    """The export form: a format and a sequence rate chosen together."""
    fmt = request.args.get("fmt", "edl")
    if fmt not in DOWNLOADS:
        abort(404)
    return export(slug, fmt)


@bp.post("/<slug>/export")
@role_required("admin")
def export_overriding(slug: str):  # type: ignore[no-untyped-def]
    """An admin's export past missing consent: the form's reason goes to the audit trail."""
    fmt = request.form.get("fmt", "edl")
    if fmt not in DOWNLOADS:
        abort(404)
    return export(slug, fmt)


def _media_of(session: Session, reel: reels.Reel) -> list[Any]:
    return [view.media for view in reels.visible_entries(session, g.user, reel)]


def _sequence_rate() -> Fraction | None:
    """The form's sequence rate (`29.97`, `25`, `30000/1001`); None (the reel's own) when empty."""
    text = (request.values.get("rate") or "").strip()
    if not text:
        return None
    try:
        return parse_rate(text)
    except ValueError:
        raise reels.ReelError(
            "rate",
            N_(
                "'%(text)s' is not a frame rate to use: give a whole number from 1 to %(most)s,"
                " or 23.976, 29.97, 59.94 (24000/1001, 30000/1001, 60000/1001)"
            ),
            text=text,
            most=MAX_RATE,
        ) from None


@bp.get("/<slug>/shot-list")
@role_required("editor")
def shot_list(slug: str):  # type: ignore[no-untyped-def]
    """A printable shot list: the same numbers as the CSV, laid out for paper."""
    reel = _reel(slug)
    views = reels.visible_entries(db(), g.user, reel)
    return render_template(
        "reels/shot_list.html",
        reel=reel,
        shots=timelines.shots(views),
        total_ms=reels.total_ms(views),
    )


@bp.get("/<slug>/thumbnail/<int:position>.jpg")
@role_required("editor")
def thumbnail(slug: str, position: int):  # type: ignore[no-untyped-def]
    """The frame at an entry's in point, cut once and kept."""
    views = reels.visible_entries(db(), g.user, _reel(slug))
    view = next((v for v in views if v.entry.position == position), None) or abort(404)
    if access.in_ranges(redactions.hidden_from(db(), g.user, view.media), view.entry.in_ms):
        abort(404)  # a frame inside a redacted passage is never shown but to an admin
    path = subclips.thumbnail_for(_media_root(), _cache_dir(), view.media, view.entry.in_ms)
    if path is None:
        abort(404)
    response = delivery.send(path, "image/jpeg")
    response.cache_control.private = True
    return response


@bp.post("/<slug>/subclips")
@role_required("editor")
def start_subclips(slug: str):  # type: ignore[no-untyped-def]
    reel = _reel(slug)
    here = url_for("reels.show", slug=slug)

    def start(session: Session) -> Any:
        consents.check(session, _media_of(session, reel), "broadcast", ("reel", reel.slug))
        return subclips.start_export(
            session,
            current_app.extensions["media_catalog"]["queue"],
            g.user,
            reel,
            mode=request.form.get("mode", "copy"),
            media_root=_media_root(),
        )

    return forms.save(
        start,
        done=gettext("Cutting sub-clips: progress shows below."),
        target=here + "#subclips",
        then=lambda job: here + f"?job={job.token}#subclips",
    )


@bp.get("/<slug>/subclips/<token>")
@role_required("editor")
def subclip_status(slug: str, token: str):  # type: ignore[no-untyped-def]
    job = subclips.export_of(db(), _reel(slug), token)
    return jsonify(
        status=job.state,
        done=job.done,
        total=job.total,
        error=job.error,
        download=url_for("reels.subclip_download", slug=slug, token=token)
        if job.state == "done"
        else None,
    )


@bp.get("/<slug>/subclips/<token>/download")
@role_required("editor")
def subclip_download(slug: str, token: str):  # type: ignore[no-untyped-def]
    job = subclips.export_of(db(), _reel(slug), token)
    if job.state != "done" or not job.result_path or not Path(job.result_path).is_file():
        abort(404)
    response = delivery.send(
        job.result_path, "application/zip", as_attachment=True, download_name=f"{slug}.zip"
    )
    response.cache_control.private = True
    return response


def _media_root() -> Path:
    return Path(current_app.config["MEDIA_ROOT"])


def _cache_dir() -> Path:
    return Path(current_app.config["CACHE_DIR"])


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["reel_choices"] = reel_choices
