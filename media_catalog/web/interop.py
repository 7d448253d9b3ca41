"""Exchange formats on the web: IIIF manifests (with CORS, as viewers fetch them from elsewhere),
W3C Web Annotations, WebVTT chapters and metadata tracks, OHMS XML downloads; and the film's
cut: scenes and their sources, and the editors' page for events no source was found for."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, catalog
from ..formats import captions
from ..ingest import filmcut
from ..interop import iiif, tracks, webannotation
from ..interop.ohms_export import VERSIONS, export_ohms
from ..models import Film, FilmCutEvent, MediaItem
from ..wording import N_
from . import forms
from .auth import role_required
from .context import db
from .errors import refuse
from .player import _media_type

bp = Blueprint("interop", __name__)

JSON_LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
IIIF_JSON = 'application/ld+json; profile="http://iiif.io/api/presentation/3/context.json"'


def _links() -> webannotation.Links:
    return webannotation.Links(
        media=lambda slug: url_for("player.show", slug=slug, _external=True),
        entity=lambda slug: url_for("entities.show", slug=slug, _external=True),
        annotation=lambda slug, id_: (
            url_for("interop.media_annotations", slug=slug, _external=True) + f"#annotation-{id_}"
        ),
    )


def _answer(body: str, mimetype: str, item: MediaItem | None = None, **headers: str) -> Response:
    """Readable from any origin: without credentials (CORS `*` never sends cookies), so a
    visitor's sign-in cannot be used by another site to read restricted material."""
    response = Response(body, mimetype=mimetype)
    response.headers["Access-Control-Allow-Origin"] = "*"
    # What is left out depends on the reader: never from a shared cache.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers.update(headers)
    return response


def _json(document: dict[str, Any], mimetype: str) -> Response:
    return _answer(json.dumps(document, ensure_ascii=False, indent=1), mimetype)


@bp.get("/iiif/<slug>/manifest.json")
def manifest(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    playable = item.media_status == "ok" and (item.proxy_path or item.media_path)
    variant = "proxy" if item.proxy_path else "original"
    links = iiif.ManifestLinks(
        manifest=url_for("interop.manifest", slug=slug, _external=True),
        media_file=url_for("player.media_file", slug=slug, variant=variant, _external=True)
        if playable
        else None,
        media_format=_media_type(item.proxy_path or item.media_path or ""),
        captions=lambda language: url_for(
            "interop.iiif_captions", slug=slug, language=language, _external=True
        ),
        homepage=url_for("player.show", slug=slug, _external=True),
        annotations=_links(),
        poster=url_for("player.media_file", slug=slug, variant="poster", _external=True)
        if item.poster_path
        else None,
        permalink=url_for("identifiers.resolve", pid=item.pid, _external=True),
    )
    return _json(iiif.manifest(session, g.user, item, links), IIIF_JSON)


@bp.get("/iiif/films/<film>/collection.json")
def film_collection(film: str):  # type: ignore[no-untyped-def]
    """The film as a IIIF Collection of the manifests of its media the visitor may see."""
    session = db()
    found = catalog.film_by_slug(session, film) or abort(404)
    links = iiif.CollectionLinks(
        collection=url_for("interop.film_collection", film=film, _external=True),
        manifest=lambda slug: url_for("interop.manifest", slug=slug, _external=True),
        homepage=url_for("browse.film", slug=film, _external=True),
        permalink=url_for("identifiers.resolve", pid=found.pid, _external=True),
    )
    return _json(iiif.collection(session, g.user, found, links), IIIF_JSON)


@bp.get("/iiif/<slug>/captions/<language>.vtt")
def iiif_captions(slug: str, language: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    transcript = catalog.transcript_in(session, g.user, item, language)
    segments = catalog.visible_segments(session, g.user, transcript)
    return _answer(captions.to_webvtt(segments), "text/vtt")


@bp.get("/media/<slug>/annotations.jsonld")
def media_annotations(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    id_ = url_for("interop.media_annotations", slug=slug, _external=True)
    return _json(webannotation.media_annotations(session, g.user, item, _links(), id_), JSON_LD)


@bp.get("/entities/<entity>/annotations.jsonld")
def entity_annotations(entity: str):  # type: ignore[no-untyped-def]
    session = db()
    found = catalog.entity_by_slug(session, g.user, entity)
    id_ = url_for("interop.entity_annotations", entity=entity, _external=True)
    return _json(webannotation.entity_annotations(session, g.user, found, _links(), id_), JSON_LD)


@bp.get("/media/<slug>/chapters.vtt")
def media_chapters(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    return _answer(tracks.chapters_track(session, g.user, item), "text/vtt")


@bp.get("/films/<film>/chapters.vtt")
def film_chapters(film: str):  # type: ignore[no-untyped-def]
    session = db()
    owner = catalog.film_by_slug(session, film) or abort(404)
    return _answer(tracks.chapters_track(session, g.user, owner), "text/vtt")


@bp.get("/media/<slug>/metadata.vtt")
def metadata_track(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    return _answer(tracks.metadata_track(session, g.user, item, _links()), "text/vtt")


@bp.get("/media/<slug>/ohms.xml")
def ohms_download(slug: str):  # type: ignore[no-untyped-def]
    """`?version=6.0` for a WebVTT transcript; 5.4 (sync marks) by default."""
    version = request.args.get("version", "5.4")
    if version not in VERSIONS:
        refuse(
            400,
            N_("OHMS version '%(version)s': one of %(versions)s"),
            version=version,
            versions=", ".join(VERSIONS),
        )
    session = db()
    item = catalog.media_item(session, g.user, slug)
    media_url = None
    if item.media_status == "ok" and (item.proxy_path or item.media_path):
        variant = "proxy" if item.proxy_path else "original"
        media_url = url_for("player.media_file", slug=slug, variant=variant, _external=True)
    return _answer(
        export_ohms(
            session,
            g.user,
            item,
            version,
            media_url,
            permalink=url_for("identifiers.resolve", pid=item.pid, _external=True),
        ),
        "application/xml",
        **{"Content-Disposition": f'attachment; filename="{item.slug}.ohms-{version}.xml"'},
    )


# --- the film's cut ----------------------------------------------------------------------


def _film(slug: str) -> Film:
    return catalog.film_by_slug(db(), slug) or abort(404)


@bp.get("/films/<film>/scenes")
def film_scenes(film: str):  # type: ignore[no-untyped-def]
    found = _film(film)
    return render_template(
        "interop/scenes.html", film=found, scenes=filmcut.scenes(db(), g.user, found)
    )


@bp.get("/films/<film>/cut/unmatched")
@role_required("editor")
def unmatched(film: str):  # type: ignore[no-untyped-def]
    session = db()
    found = _film(film)
    items = session.scalars(
        select(MediaItem)
        .where(MediaItem.kind != "film", access.media_visible(g.user))
        .order_by(MediaItem.title)
    )
    return render_template(
        "interop/unmatched.html",
        film=found,
        events=filmcut.unmatched_events(session, found),
        items=list(items),
    )


@bp.post("/films/<film>/cut/events/<int:event_id>")
@role_required("editor")
def resolve(film: str, event_id: int):  # type: ignore[no-untyped-def]
    session = db()
    found = _film(film)
    event = session.get(FilmCutEvent, event_id)
    if event is None or event.film_id != found.id:
        abort(404)
    slug = request.form.get("media", "").strip()
    if not slug:
        flash(gettext("Media item: choose the interview or clip on screen."), "error")
        return redirect(url_for("interop.unmatched", film=film))
    item = catalog.media_item(session, g.user, slug)

    def resolve_event(session: Session) -> None:
        start = request.form.get("source_in", "").strip()
        start_ms = forms.seconds_ms("source_in") if start else None
        filmcut.resolve_event(session, g.user, event, item, start_ms)

    return forms.save(
        resolve_event,
        done=gettext(
            "Event %(event)s is now %(title)s in the film.", event=event.event, title=item.title
        ),
        failed="",
        target=url_for("interop.unmatched", film=film),
    )


@bp.app_template_global()
def film_scenes_of(film: Film) -> list[filmcut.Scene]:
    """The film page's scene-by-scene list."""
    return filmcut.scenes(db(), g.get("user"), film)


@bp.app_template_global()
def film_uses_of(item: MediaItem) -> list[tuple[Film, Any]]:
    """Where a source appears in films ("in the film at 00:41:10"); for the finished film
    itself, its scenes."""
    return filmcut.uses_of(db(), item)
