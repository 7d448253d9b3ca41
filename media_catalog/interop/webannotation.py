"""Our annotations as W3C Web Annotations (JSON-LD, https://www.w3.org/TR/annotation-model/):
the body is the entity (identifying), the tag (tagging) or the note (commenting); the target is
the media item with a media fragment selector (`t=83.5,97`) and, for a mention, the words it
covers. Only what the reader may see goes out; addresses come from the caller (no Flask here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from .. import catalog
from ..catalog import Moment
from ..models import Annotation, Entity, MediaItem, User
from ..timecode import media_fragment

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"


@dataclass
class Links:
    """Absolute addresses of what annotations point at."""

    media: Callable[[str], str]  # media item slug -> its page
    entity: Callable[[str], str]  # entity slug -> its page
    # (media item slug, annotation id) -> its identifier: a fragment of the item's collection
    annotation: Callable[[str, int], str]


def _bodies(annotation: Annotation, links: Links, *, iiif: bool = False) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    entity = annotation.entity
    if entity is not None:
        # IIIF labels are language maps; the plain Web Annotation model takes a string.
        label: Any = {"none": [entity.name]} if iiif else entity.name
        body: dict[str, Any] = {
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": {"id": links.entity(entity.slug), "type": "Text", "label": label},
        }
        if entity.wikidata_id:
            body["source"]["sameAs"] = f"http://www.wikidata.org/entity/{entity.wikidata_id}"
        bodies.append(body)
    if annotation.tag:
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": annotation.tag})
    if annotation.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": annotation.note})
    return bodies


def _motivation(annotation: Annotation) -> str:
    if annotation.entity_id is not None:
        return "identifying"
    return "tagging" if annotation.tag else "commenting"


def fragment_target(source: str, start_ms: int, end_ms: int) -> dict[str, Any]:
    """A stretch of a resource as the IIIF AV recipes target it: a SpecificResource with a
    media fragment selector (`t=83.5,97`)."""
    return {
        "type": "SpecificResource",
        "source": source,
        "selector": {
            "type": "FragmentSelector",
            "conformsTo": MEDIA_FRAGMENTS,
            "value": media_fragment(start_ms, end_ms),
        },
    }


def zoned(moment: datetime | None) -> str | None:
    """ISO 8601 with a zone: the database keeps UTC without saying so (SQLite)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def web_annotation(moment: Moment, links: Links, target: str | None = None) -> dict[str, Any]:
    """One annotation; `target` overrides the media page: a IIIF canvas, targeted by time only
    (the words a mention covers belong to the transcript, not the canvas)."""
    annotation = moment.annotation
    source = target or links.media(moment.media.slug)
    found = fragment_target(source, annotation.start_ms, annotation.end_ms)
    selectors: list[dict[str, Any]] = [found["selector"]]
    segment = moment.segment
    spans = segment is not None and annotation.span_start is not None and annotation.span_end
    if spans and target is None:
        selectors.append(
            {
                "type": "TextQuoteSelector",
                "exact": segment.text[annotation.span_start : annotation.span_end],  # type: ignore[union-attr]
            }
        )
    return {
        "id": links.annotation(moment.media.slug, annotation.id),
        "type": "Annotation",
        "motivation": _motivation(annotation),
        "created": zoned(annotation.created_at),
        "generator" if annotation.origin == "auto" else "creator": {
            "type": "Software" if annotation.origin == "auto" else "Person",
            "name": "media-catalog linker" if annotation.origin == "auto" else "editor",
        },
        "body": _bodies(annotation, links, iiif=target is not None),
        "target": found | {"selector": selectors[0] if len(selectors) == 1 else selectors},
    }


def _collection(id_: str, label: str, moments: list[Moment], links: Links) -> dict[str, Any]:
    items = [web_annotation(m, links) for m in moments if _bodies(m.annotation, links)]
    return {
        "@context": CONTEXT,
        "id": id_,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{id_}#page-1", "type": "AnnotationPage", "items": items},
    }


def media_annotations(
    session: Session, user: User | None, item: MediaItem, links: Links, id_: str
) -> dict[str, Any]:
    """Every annotation of a media item the user may see (rejected suggestions left out)."""
    return _collection(
        id_, f"Annotations of {item.title}", catalog.media_annotations(session, user, item), links
    )


def entity_annotations(
    session: Session, user: User | None, entity: Entity, links: Links, id_: str
) -> dict[str, Any]:
    """Every annotation linking to an entity, over all the media the user may see."""
    page = catalog.entity_page(session, user, entity)
    moments = [moment for _media, moments in page.moments_by_media for moment in moments]
    return _collection(id_, f"Annotations of {entity.name}", moments, links)
