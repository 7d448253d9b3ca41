"""Persistent identifiers on the web: /id/<pid> leads to the current page of what it names;
/cite/<pid> is "Cite this moment" for a segment (Chicago, BibTeX, CSL-JSON); and the old
address of a renamed film, media item or entity answers 301 to its new one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, g, redirect, render_template, request, url_for

from .. import access, citations, permalinks, rights, slugs
from ..errors import NotFound
from ..models import Entity, Film, MediaItem
from .context import db, moment_url

bp = Blueprint("identifiers", __name__)

# Blueprints whose `slug` names a media item, film or entity (reels' slugs are their own).
RENAMED_MODELS: dict[str, type] = {
    "player": MediaItem,
    "tagging": MediaItem,
    "interop": MediaItem,
    "chapters": MediaItem,
    "entities": Entity,
    "entity_editor": Entity,
    "browse.film": Film,
}


@bp.get("/id/<pid>")
def resolve(pid: str):  # type: ignore[no-untyped-def]
    target = permalinks.resolve(db(), g.user, pid)
    return redirect(page_of(target), 302)  # the page may move again; the identifier stays


def page_of(target: permalinks.Target) -> str:
    record: Any = target.record
    if target.kind == "segment":
        return moment_url(target.media.slug, record.start_ms, record.end_ms)  # type: ignore[union-attr]
    if target.kind == "media_item":
        time = request.args.get("t")  # /id/<pid>?t=83.5 opens the item at a moment
        return url_for("player.show", slug=record.slug, **({"t": time} if time else {}))
    endpoints = {"film": "browse.film", "entity": "entities.show", "reel": "reels.show"}
    return url_for(endpoints[target.kind], slug=record.slug)


def _moment(pid: str) -> citations.Moment:
    target = permalinks.resolve(db(), g.user, pid)
    if target.kind != "segment":
        raise NotFound("only a moment of a transcript is cited here")
    segment = target.record
    url = url_for("identifiers.resolve", pid=segment.pid, _external=True)  # type: ignore[union-attr]
    return citations.Moment(target.media, segment, url, datetime.now(UTC).date())  # type: ignore[arg-type]


@bp.get("/cite/<pid>")
def cite(pid: str):  # type: ignore[no-untyped-def]
    moment = _moment(pid)
    return render_template(
        "identifiers/cite.html",
        moment=moment,
        chicago=citations.chicago(moment),
        rights=rights.of_item(moment.item),
        player_url=moment_url(moment.item.slug, moment.segment.start_ms, moment.segment.end_ms),
    )


@bp.get("/cite/<pid>.bib")
def cite_bibtex(pid: str):  # type: ignore[no-untyped-def]
    moment = _moment(pid)
    return _download(citations.bibtex(moment), "application/x-bibtex", f"{pid}.bib")


@bp.get("/cite/<pid>.json")
def cite_csl_json(pid: str):  # type: ignore[no-untyped-def]
    moment = _moment(pid)
    return _download(
        citations.csl_json(moment), "application/vnd.citationstyles.csl+json", f"{pid}.json"
    )


def _download(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"  # what may be cited depends on who asks
    return response


def renamed_url() -> str | None:
    """Where a GET for a renamed record's old address now lives, or None. The record must be
    one the user may see: a restricted item's old address answers 404 like its page."""
    endpoint, args = request.endpoint or "", dict(request.view_args or {})
    model = RENAMED_MODELS.get(endpoint) or RENAMED_MODELS.get(endpoint.partition(".")[0])
    if args.get("owner_kind") == "films":  # chapters of a film: its slug is the film's
        model = Film
    if request.method not in ("GET", "HEAD") or model is None or "slug" not in args:
        return None
    session = db()
    record = slugs.renamed(session, model, args["slug"])
    if record is None or (
        model is Entity and record.restricted and not access.can_see_restricted(g.user)
    ):
        return None
    try:
        access.require_visible(g.user, record)
    except NotFound:
        return None
    query = request.query_string.decode("utf-8", "replace")
    return url_for(endpoint, **{**args, "slug": record.slug}) + (f"?{query}" if query else "")
