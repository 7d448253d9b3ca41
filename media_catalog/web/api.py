"""The JSON API, /api/v1/: search, media items, their transcripts (segments with annotations),
entities and the timeline, described by the OpenAPI document at /api/v1/openapi.json. Every
answer is read through access.py, like the pages; times are seconds, as players use them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request, url_for

from .. import catalog
from ..models import Entity, Segment
from ..search import QueryError, search
from ..timecode import seconds
from . import db
from .openapi import document
from .search import _page, filters_from

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _media(item: Any) -> dict[str, Any]:
    """A media item (or a row with its slug, kind, title, date_text, place, duration_ms)."""
    return {
        "slug": item.slug,
        "kind": item.kind,
        "title": item.title,
        "date": item.date_text,
        "place": item.place,
        "duration": seconds(item.duration_ms) if item.duration_ms else None,
        "url": url_for("player.show", slug=item.slug, _external=True),
    }


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "slug": entity.slug,
        "kind": entity.kind,
        "name": entity.name,
        "description": entity.description,
        "date": entity.date_text,
        "date_start": entity.date_start,
        "date_end": entity.date_end,
        "url": url_for("entities.show", slug=entity.slug, _external=True),
    }


def _moment(media_slug: str, start_ms: int, end_ms: int) -> dict[str, Any]:
    return {
        "start": seconds(start_ms),
        "end": seconds(end_ms),
        "url": url_for("player.show", slug=media_slug, t=f"{seconds(start_ms):g}", _external=True),
    }


@bp.get("/search")
def search_segments():  # type: ignore[no-untyped-def]
    try:
        results = search(
            db(),
            g.user,
            request.args.get("q", ""),
            filters_from(request.args),
            page=_page(request.args.get("page")),
        )
    except QueryError as exc:
        return jsonify(error={"code": 400, "title": "Bad query", "message": str(exc)}), 400
    return jsonify(
        query=results.query.text,
        total=results.total,
        capped=results.capped,
        page=results.page,
        pages=results.pages,
        names=[_entity(e) for e in results.entities],
        results=[
            {
                "media": _media(group.media),
                "count": group.total,
                "moments": [
                    {
                        **_moment(group.media.slug, hit.segment.start_ms, hit.segment.end_ms),
                        "language": hit.language,
                        "speaker": hit.segment.speaker,
                        "text": hit.segment.text,
                        "snippet": str(hit.snippet),
                        "by_name": hit.by_name,
                    }
                    for hit in group.hits
                ],
            }
            for group in results.groups
        ],
        clips=[_media(clip) for clip in results.clips],
        facets={
            "entities": [{**_entity(e), "count": n} for e, n in results.facets.entities],
            "films": [
                {"slug": f.slug, "title": f.title, "count": n} for f, n in results.facets.films
            ],
            "languages": [{"language": lang, "count": n} for lang, n in results.facets.languages],
            "decades": [{"decade": d, "count": n} for d, n in results.facets.decades],
        },
    )


@bp.get("/media")
def media_list():  # type: ignore[no-untyped-def]
    return jsonify(media=[_media(item) for item in catalog.visible_media(db(), g.user)])


@bp.get("/media/<slug>")
def media_show(slug: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    tracks = catalog.transcripts_of(session, g.user, item)
    return jsonify(
        **_media(item),
        description=item.description,
        interviewee=item.interviewee,
        source=item.source_archive,
        rights=item.rights,
        transcripts=[
            {"language": t.language, "kind": t.kind, "url": _transcript_url(slug, t.language)}
            for t in tracks
        ],
    )


def _transcript_url(slug: str, language: str) -> str:
    return url_for("api.transcript", slug=slug, language=language, _external=True)


@bp.get("/media/<slug>/transcripts/<language>")
def transcript(slug: str, language: str):  # type: ignore[no-untyped-def]
    session = db()
    item = catalog.media_item(session, g.user, slug)
    track = catalog.transcript_in(session, g.user, item, language)
    segments = catalog.visible_segments(session, g.user, track)
    by_segment: dict[int, list[dict[str, Any]]] = {}
    for moment in catalog.media_annotations(session, g.user, item):
        a = moment.annotation
        if a.segment_id is not None and a.entity is not None:
            by_segment.setdefault(a.segment_id, []).append(
                {
                    "entity": a.entity.slug,
                    "name": a.entity.name,
                    "kind": a.entity.kind,
                    "role": a.role,
                    "status": a.status,
                    "confidence": a.confidence,
                    "span": [a.span_start, a.span_end] if a.span_start is not None else None,
                }
            )
    return jsonify(
        media=slug,
        language=track.language,
        kind=track.kind,
        segments=[_segment(slug, s, by_segment.get(s.id, [])) for s in segments],
    )


def _segment(slug: str, segment: Segment, annotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **_moment(slug, segment.start_ms, segment.end_ms),
        "position": segment.position,
        "speaker": segment.speaker,
        "text": segment.text,
        "annotations": annotations,
    }


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
        **_entity(entity),
        aliases=[{"text": a.text, "language": a.language} for a in entity.aliases],
        moments=[
            {
                **_moment(media.slug, m.annotation.start_ms, m.annotation.end_ms),
                "media": media.slug,
                "role": m.annotation.role,
                "status": m.annotation.status,
                "text": m.segment.text if m.segment else None,
            }
            for media, moments in page.moments_by_media
            for m in moments
        ],
        alongside=[
            {**_entity(other), "count": n}
            for other, n in catalog.mentioned_alongside(session, g.user, entity)
        ],
    )


@bp.get("/timeline")
def timeline():  # type: ignore[no-untyped-def]
    return jsonify(
        events=[
            {
                **_entity(event),
                "moments": [
                    {
                        **_moment(m.media.slug, m.annotation.start_ms, m.annotation.end_ms),
                        "media": m.media.slug,
                    }
                    for m in moments
                ],
            }  # fmt: skip
            for event, moments in catalog.timeline(db(), g.user)
        ]
    )


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    return Response(document(request.url_root.rstrip("/")), mimetype="application/json")
