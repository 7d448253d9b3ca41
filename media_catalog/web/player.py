"""The media item page (player and transcript), its caption tracks and its media files."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, render_template, request, send_file

from .. import captions, catalog
from ..timecode import ms_from_seconds
from . import db

bp = Blueprint("player", __name__, url_prefix="/media")

FILE_VARIANTS = {
    "original": "media_path",
    "proxy": "proxy_path",
    "poster": "poster_path",
    "thumbnails": "thumbnails_path",
}


@bp.get("/<slug>")
def show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    try:
        start_ms = ms_from_seconds(request.args["t"]) if "t" in request.args else None
    except ValueError:
        start_ms = None  # a bad ?t= opens the start, as players do
    tracks = [
        (t, catalog.visible_segments(session, g.user, t))
        for t in catalog.transcripts_of(session, g.user, item)
    ]
    moments = catalog.media_annotations(session, g.user, item)
    return render_template(
        "player/show.html",
        item=item,
        tracks=tracks,
        moments=moments,
        by_entity=catalog.moments_by_entity(moments),
        spans=catalog.spans_by_segment(moments),
        start_ms=start_ms,
        playable=item.media_status == "ok",
    )


@bp.get("/<slug>/captions/<language>.vtt")
def captions_track(slug: str, language: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    transcript = catalog.transcript_in(session, g.user, item, language)
    text = captions.to_webvtt(catalog.visible_segments(session, g.user, transcript))
    return Response(text, mimetype="text/vtt", headers={"Cache-Control": "no-cache"})


@bp.get("/<slug>/file/<any(original, proxy, poster, thumbnails):variant>")
def media_file(slug: str, variant: str):  # type: ignore[no-untyped-def]
    item = catalog.media_item(db(), g.user, slug)
    relative = getattr(item, FILE_VARIANTS[variant]) or abort(404)
    root = Path(current_app.config["MEDIA_ROOT"])
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        abort(404)
    # conditional=True answers Range requests with 206 Partial Content, so players can seek.
    return send_file(path, conditional=True, max_age=3600)
