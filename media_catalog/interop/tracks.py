"""WebVTT tracks for players that read them beside the captions: the chapters of a film or a
media item (kind="chapters", written by chapters.to_webvtt), and a metadata track of our
annotations (kind="metadata"), one cue per annotation with a JSON payload a script can read
through the TextTrack API. Importing a chapters track lives in chapters.py."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from .. import catalog
from ..chapters import chapters_of, to_webvtt
from ..models import Film, MediaItem, User
from ..timecode import format_clock
from .ohms_import import media_end_ms
from .webannotation import Links


def chapters_track(session: Session, user: User | None, owner: Film | MediaItem) -> str:
    if isinstance(owner, Film):
        return to_webvtt(chapters_of(session, owner, user), owner.running_time_ms)
    return to_webvtt(chapters_of(session, owner, user), media_end_ms(session, owner))


def _payload(moment: catalog.Moment, links: Links) -> dict[str, Any]:
    annotation, entity = moment.annotation, moment.annotation.entity
    payload: dict[str, Any] = {"id": links.annotation(moment.media.slug, annotation.id)}
    if entity is not None:
        payload["entity"] = {
            "name": entity.name,
            "kind": entity.kind,
            "url": links.entity(entity.slug),
        }
    for key in ("tag", "note", "role", "status"):
        if value := getattr(annotation, key):
            payload[key] = value
    return payload


def metadata_track(session: Session, user: User | None, item: MediaItem, links: Links) -> str:
    """A WebVTT metadata track: cue `annotation-<id>` over the annotation's time range, its text
    one line of JSON (entity, tag, note, role, status)."""
    lines = ["WEBVTT", "", "NOTE one JSON payload per cue: the annotations of this media item", ""]
    moments = catalog.media_annotations(session, user, item)
    for moment in sorted(moments, key=lambda m: (m.annotation.start_ms, m.annotation.id)):
        annotation = moment.annotation
        end = max(annotation.end_ms, annotation.start_ms + 1)
        # JSON escapes nothing that would end a cue but "-->", which WebVTT forbids in text.
        text = json.dumps(_payload(moment, links), ensure_ascii=False).replace("-->", "--\\u003e")
        lines += [
            f"annotation-{annotation.id}",
            f"{format_clock(annotation.start_ms)} --> {format_clock(end)}",
            text,
            "",
        ]
    return "\n".join(lines)
