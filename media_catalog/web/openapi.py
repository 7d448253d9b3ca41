"""The OpenAPI 3 description of /api/v1/, served at /api/v1/openapi.json. A test checks that
every API route is described here."""

from __future__ import annotations

from typing import Any

FILTER_PARAMETERS = [
    ("film", "Film slug."),
    ("media", "Media item slug: search within one item."),
    ("kind", "interview, archival or film."),
    ("language", "Transcript language (BCP 47), e.g. en, ru, he."),
    ("speaker", "Speaker as written, or a person's slug."),
    ("from", "First year of the period (footage, event and spoken dates)."),
    ("to", "Last year of the period."),
]


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _slug(description: str) -> dict[str, Any]:
    return {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string"},
    }


def _get(summary: str, parameters: list[dict[str, Any]], schema: str) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "404": {"$ref": "#/components/responses/NotFound"},
    }
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


_OBJECT = {"type": "object", "additionalProperties": True}


def _search_path() -> dict[str, Any]:
    parameters = [
        {**_query("q", 'Words, "phrases", prefix*, -exclusions, OR.'), "required": True},
        *(_query(name, text) for name, text in FILTER_PARAMETERS),
        _query(
            "entity",
            "Entity slug; repeat for several (all must appear).",
            {"type": "array", "items": {"type": "string"}},
        ),
        _query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    ]
    search = _get("Search moments in transcripts and archival clips", parameters, "Search")
    search["get"]["responses"]["400"] = {
        "description": "The query cannot be searched; the message says how to fix it.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return search


def _paths() -> dict[str, Any]:
    return {
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI 3 document"}},
            }
        },
        "/api/v1/search": _search_path(),
        "/api/v1/media": _get("Media items", [], "MediaList"),
        "/api/v1/media/{slug}": _get("A media item", [_slug("Media item slug")], "Media"),
        "/api/v1/media/{slug}/transcripts": _get(
            "A media item's transcripts: segments with their annotations",
            [_slug("Media item slug")],
            "Transcripts",
        ),
        "/api/v1/entities": _get(
            "People, events, places, organisations with moment counts",
            [_query("kind", "person, event, place, organization or topic")],
            "EntityList",
        ),
        "/api/v1/entities/{slug}": _get(
            "An entity with its names, moments and entities mentioned alongside",
            [_slug("Entity slug")],
            "Entity",
        ),
        "/api/v1/timeline": _get("Events in date order with their moments", [], "Timeline"),
    }


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "integer"},
                "title": {"type": "string"},
                "message": {"type": "string"},
            },
        }
    },
}
_SCHEMAS = ("Search", "MediaList", "Media", "Transcripts", "EntityList", "Entity", "Timeline")


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "media-catalog API",
            "version": "1",
            "description": "Read-only access to the catalog: what a visitor may see, and no more.",
        },
        "paths": _paths(),
        "components": {
            "schemas": {name: _OBJECT for name in _SCHEMAS} | {"Error": _ERROR_SCHEMA},
            "responses": {
                "NotFound": {
                    "description": "Nothing here, or nothing you may see.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                }
            },
        },
    }
