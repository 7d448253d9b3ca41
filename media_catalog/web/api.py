"""The JSON API under /api/v1/ (read-only for now): search, media items, transcripts with their
annotations, entities and the timeline, described by the OpenAPI document at
/api/v1/openapi.json. Every answer goes through access.py; errors answer JSON (web/errors.py)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request, url_for
from sqlalchemy import select

from .. import access, catalog, search, timeline
from ..models import Entity, MediaItem
from ..search.cache import SIZE as CACHE_SIZE
from ..search.cache import cached_search
from ..search.filters import filters_from_args
from ..search.results import MediaGroup, SearchResults
from ..timecode import seconds
from . import forms, metrics
from .context import db
from .openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _media(item: MediaItem) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "pid": item.pid,  # the persistent identifier: /id/<pid> outlives the slug
        "kind": item.kind,
        "title": item.title,
        "description": item.description,
        "date": item.date_text,
        "place": item.place,
        "duration": seconds(item.duration_ms) if item.duration_ms is not None else None,
        "url": url_for("player.show", slug=item.slug, _external=False),
    }


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "slug": entity.slug,
        "pid": entity.pid,
        "kind": entity.kind,
        "name": entity.name,
        "description": entity.description,
        "date": entity.date_text,
        "date_start": entity.date_start,
        "date_end": entity.date_end,
        "wikidata_id": entity.wikidata_id,
    }


def _moment(moment: catalog.Moment) -> dict[str, Any]:
    a = moment.annotation
    return {
        "media": moment.media.slug,
        "start": seconds(a.start_ms),
        "end": seconds(a.end_ms),
        "text": moment.segment.text if moment.segment else None,
        "role": a.role,
        "status": a.status,
        "url": url_for("player.show", slug=moment.media.slug, t=f"{seconds(a.start_ms):g}"),
    }


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return jsonify(openapi_document())


@bp.get("/search")
def search_moments():  # type: ignore[no-untyped-def]
    query = request.args.get("q", "")
    try:
        filters = filters_from_args(request.args)
        with metrics.SEARCH.labels("api").time():
            results = cached_search(
                db(), g.user, query, filters, forms.page_number(), search.PER_PAGE
            )
    except search.QueryError as exc:
        return jsonify(error={"code": 400, "title": "Bad query", "message": str(exc)}), 400
    return current_app.response_class(_search_body(results), mimetype=current_app.json.mimetype)


# An answer kept by the search cache is the same object until the catalog changes: its JSON
# is written once (building it costs more than the rest of a repeated search).
_bodies: OrderedDict[tuple[int, str], tuple[SearchResults, str]] = OrderedDict()
_bodies_lock = threading.Lock()


def _search_body(results: SearchResults) -> str:
    key = (id(results), request.script_root)  # the object is held below, so its id stays its own
    with _bodies_lock:
        if (kept := _bodies.get(key)) is not None and kept[0] is results:
            _bodies.move_to_end(key)
            return kept[1]
    body = current_app.json.dumps(_search_payload(results)) + "\n"
    with _bodies_lock:
        _bodies[key] = (results, body)
        while len(_bodies) > max(1, CACHE_SIZE):
            _bodies.popitem(last=False)
    return body


def _search_payload(results: SearchResults) -> dict[str, Any]:
    return dict(
        query=results.query,
        page=results.page,
        pages=results.pages,
        total_hits=results.total_hits,
        total_groups=results.total_groups,
        corrections=[{"typed": t, "searched": s} for t, s in results.corrections],
        suggestions=[{"typed": t, "suggested": s} for t, s in results.suggestions],
        named_entities=[{"slug": s, "name": n} for s, n in results.named_entities],
        groups=[_search_group(group) for group in results.groups],
        facets={
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in facets]
            for name, facets in results.facets.items()
        },
    )


def _search_group(group: MediaGroup) -> dict[str, Any]:
    player = url_for("player.show", slug=group.media.slug)  # once per item, not per hit
    return {
        "media": {
            "slug": group.media.slug,
            "title": group.media.title,
            "kind": group.media.kind,
            "date": group.media.date_text,
        },
        "count": group.count,
        "hits": [
            {
                "start": seconds(hit.start_ms),
                "end": seconds(hit.end_ms) if hit.end_ms is not None else None,
                "speaker": hit.speaker,
                "language": hit.language,
                "snippet": hit.snippet.text,
                "highlights": hit.snippet.highlights,
                "snippet_html": str(hit.snippet.html),
                "score": round(hit.score, 6),
                "word_start": seconds(hit.word_ms) if hit.word_ms is not None else None,
                "url": f"{player}?t={seconds(hit.at_ms):g}",
            }
            for hit in group.hits
        ],
    }


@bp.get("/media")
def media_list():  # type: ignore[no-untyped-def]
    items = db().scalars(
        select(MediaItem).where(access.media_visible(g.user)).order_by(MediaItem.title)
    )
    return jsonify(media=[_media(item) for item in items])


@bp.get("/media/<slug>")
def media_show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    body = _media(item)
    body["films"] = [film.slug for film in item.films]
    body["transcripts"] = [
        {"language": t.language, "kind": t.kind}
        for t in catalog.transcripts_of(session, g.user, item)
    ]
    return jsonify(body)


@bp.get("/media/<slug>/transcripts")
def media_transcripts(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    moments = catalog.media_annotations(session, g.user, item)
    by_segment: dict[int, list[dict[str, Any]]] = {}
    clip_annotations = []
    for moment in moments:
        a = moment.annotation
        entry = {
            "start": seconds(a.start_ms),
            "end": seconds(a.end_ms),
            "span": [a.span_start, a.span_end] if a.span_start is not None else None,
            "entity": a.entity.slug if a.entity else None,
            "tag": a.tag,
            "role": a.role,
            "status": a.status,
            "origin": a.origin,
            "confidence": a.confidence,
        }
        if a.segment_id is not None:
            by_segment.setdefault(a.segment_id, []).append(entry)
        else:
            clip_annotations.append(entry)
    return jsonify(
        media=item.slug,
        annotations=clip_annotations,
        transcripts=[
            {
                "language": transcript.language,
                "kind": transcript.kind,
                "segments": [
                    {
                        "position": s.position,
                        "pid": s.pid,
                        "start": seconds(s.start_ms),
                        "end": seconds(s.end_ms),
                        "speaker": s.speaker,
                        "text": s.text,
                        "annotations": by_segment.get(s.id, []),
                    }
                    for s in catalog.visible_segments(session, g.user, transcript)
                ],
            }
            for transcript in catalog.transcripts_of(session, g.user, item)
        ],
    )


@bp.get("/entities")
def entity_list():  # type: ignore[no-untyped-def]
    kind = request.args.get("kind") or None
    rows = catalog.mention_counts(db(), g.user, kind)
    return jsonify(entities=[{**_entity(e), "moments": n} for e, n in rows])


@bp.get("/entities/<slug>")
def entity_show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    entity = catalog.entity_by_slug(session, g.user, slug)
    page = catalog.entity_page(session, g.user, entity)
    return jsonify(
        {
            **_entity(entity),
            "aliases": [{"text": a.text, "language": a.language} for a in entity.aliases],
            "moments": [_moment(m) for _, moments in page.moments_by_media for m in moments],
            "mentioned_alongside": [
                {"slug": e.slug, "name": e.name, "kind": e.kind, "shared": n}
                for e, n in timeline.mentioned_alongside(session, g.user, entity)
            ],
        }
    )


@bp.get("/timeline")
def timeline_events():  # type: ignore[no-untyped-def]
    events = timeline.timeline(db(), g.user)
    return jsonify(
        events=[
            {
                **_entity(e.entity),
                "moment_count": e.moment_count,
                "moments": [_moment(m) for m in e.moments],
            }
            for e in events
        ]
    )
