"""The OpenAPI 3.1 description of /api/v1/, served by the app; a test checks that every API
route is described and every described path is a route."""

from __future__ import annotations

import json
from typing import Any

FILTERS = [
    ("film", "Film slug"),
    ("media", "Media item slug"),
    ("kind", "interview or archival"),
    ("language", "Transcript language (BCP 47: en, ru, he)"),
    ("speaker", "Speaker as written in the transcript"),
    ("year_from", "First year of the period (four digits)"),
    ("year_to", "Last year of the period (four digits)"),
    ("page", "Result page, from 1"),
]


def _param(name: str, description: str, where: str = "query", required: bool = False) -> dict:  # type: ignore[type-arg]
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }


def _get(summary: str, parameters: list[dict], schema: str) -> dict:  # type: ignore[type-arg]
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                    },
                },
                "404": {"description": "Not found, or not visible to you"},
            },
        }
    }


SLUG = _param("slug", "Slug", "path", True)
OBJECT = {"type": "object", "additionalProperties": True}


def document(server: str) -> str:
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "media-catalog API",
            "version": "1",
            "description": "Read the catalog: search transcripts and clips, media items with "
            "their transcripts and the entities they mention, and the timeline of events. "
            "Restricted material is absent unless you may see it. Times are in seconds.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/search": _get(
                "Search segments and archival clips",
                [
                    _param("q", 'Words, "phrases", prefix*, -exclusions, OR', required=True),
                    *[_param(name, text) for name, text in FILTERS],
                    {
                        **_param("entity", "Entity slug; repeat it: every one must appear"),
                        "schema": {"type": "array", "items": {"type": "string"}},
                        "explode": True,
                    },
                ],
                "SearchResults",
            ),
            "/api/v1/media": _get("Media items", [], "MediaList"),
            "/api/v1/media/{slug}": _get("A media item and its transcripts", [SLUG], "Media"),
            "/api/v1/media/{slug}/transcripts/{language}": _get(
                "A transcript: segments with their annotations",
                [SLUG, _param("language", "Language of the track", "path", True)],
                "Transcript",
            ),
            "/api/v1/entities": _get(
                "Entities with how many moments link to them",
                [_param("kind", "person, event, place, organization or topic")],
                "EntityList",
            ),
            "/api/v1/entities/{slug}": _get(
                "An entity, its names and every moment that links to it", [SLUG], "Entity"
            ),
            "/api/v1/timeline": _get("Events in date order with their moments", [], "Timeline"),
        },
        "components": {
            "schemas": {
                name: OBJECT
                for name in (
                    "SearchResults",
                    "MediaList",
                    "Media",
                    "Transcript",
                    "EntityList",
                    "Entity",
                    "Timeline",
                )
            }
        },
    }
    spec["paths"]["/api/v1/search"]["get"]["responses"]["400"] = {
        "description": "A query that cannot be searched; the message says why"
    }
    return json.dumps(spec, indent=2)
