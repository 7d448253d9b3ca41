"""Importing archival clip records: a sidecar per clip, plus its media file when present
(probed, poster frame, thumbnail strip, proxy). Media problems never stop the metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import audit, edits, slugs
from ..models import MEDIA_KINDS, Annotation, Entity, Film, MediaItem
from .media_files import attach_media, media_path_inside
from .sidecars import Fields, LineDict
from .sources import file_checksum, remember_source, source_unchanged

# Annotations written from a sidecar's tags carry this author, so a re-import replaces them
# and never touches what editors added in the app.
SIDECAR_AUTHOR = "catalog record"
TAG_GROUPS = {
    "people": "person",
    "events": "event",
    "places": "place",
    "organizations": "organization",
    "topics": "topic",
}


@dataclass
class ClipResult:
    path: Path
    status: str
    warnings: list[str] = field(default_factory=list)


def is_clip_record(data: LineDict) -> bool:
    return "slug" in data and "title" in data and "entities" not in data and "media" not in data


def import_clip(
    session: Session, path: Path, data: LineDict, media_root: Path, *, actor: str = "cli"
) -> ClipResult:
    """Import one clip sidecar in the caller's transaction. Raises IngestError."""
    checksum = file_checksum(path)
    fields = Fields(data, str(path))
    slug = fields.slug("slug")
    media_file = fields.text("file")
    media_path = media_path_inside(media_root, media_file) if media_file else None
    if media_path is not None and media_path.exists():
        checksum = file_checksum(path, media_path)
    if source_unchanged(session, path, checksum):
        return ClipResult(path, "unchanged")
    values = _clip_values(fields)
    film_slugs = fields.slugs("films")
    tag_fields = fields.mapping("tags")
    tags = {group: tag_fields.slugs(group) for group in TAG_GROUPS}
    free_tags = [str(t) for t in tag_fields.items("keywords")]
    films = []
    for film_slug in film_slugs:
        film = session.scalar(select(Film).where(Film.slug == film_slug))
        if film is None:
            raise fields.fail("films", f"film '{film_slug}' is not in the catalog")
        films.append(film)

    warnings: list[str] = []
    item = slugs.find(session, MediaItem, slug or "")  # a renamed item keeps its file
    status = "replaced" if item else "imported"
    before = {"title": item.title, "restricted": item.restricted} if item else None
    if item is None:
        item = MediaItem(slug=slug)
        session.add(item)
    for key, value in edits.overlay(session, "media_item", item.slug or "", values, actor).items():
        setattr(item, key, value)  # what editors changed on the web outranks the file
    item.sidecar_path, item.checksum = str(path), checksum
    item.films = films
    warnings += attach_media(item, media_root, media_file, media_path)
    session.flush()
    warnings += _replace_tags(session, item, tags, free_tags)
    remember_source(session, path, "clip", checksum)
    audit.record(
        session,
        actor,
        f"clip.{status}",
        "media_item",
        slug or "",
        before=before,
        after={"title": item.title, "restricted": item.restricted, "file": str(path)},
    )
    return ClipResult(path, status, warnings)


def _clip_values(fields: Fields) -> dict:  # type: ignore[type-arg]
    source = fields.mapping("source")
    date = fields.date("date")
    restricted = fields.boolean("restricted")
    note = fields.text("restriction_note")
    if restricted and not note:
        raise fields.fail("restriction_note", "a restricted clip needs a note saying why")
    frame_rate = fields.number("frame_rate")
    return {
        "kind": fields.choice("kind", MEDIA_KINDS, default="archival"),
        "title": fields.text("title", required=True),
        "description": fields.text("description", default=""),
        "date_text": date.text if date else None,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "place": fields.text("place"),
        "source_archive": source.text("archive"),
        "source_collection": source.text("collection"),
        "source_credit": source.text("credit"),
        "identifier": fields.text("identifier"),
        "rights": None,
        **fields.rights(),
        "restricted": restricted,
        "restriction_note": note,
        "frame_rate": frame_rate,
        "start_timecode": fields.text("start_timecode"),
        "is_demo": fields.boolean("demo") or "demo" in (source.text("archive") or "").lower(),
    }


def _replace_tags(
    session: Session, item: MediaItem, tags: dict[str, list[str]], free_tags: list[str]
) -> list[str]:
    session.execute(
        delete(Annotation).where(
            Annotation.media_item_id == item.id, Annotation.author == SIDECAR_AUTHOR
        )
    )
    warnings = []
    end_ms = item.duration_ms or 0
    for group, group_slugs in tags.items():
        for slug in group_slugs:
            entity = session.scalar(select(Entity).where(Entity.slug == slug))
            if entity is None or entity.kind != TAG_GROUPS[group]:
                warnings.append(
                    f"tag '{slug}' in {group} is not a known {TAG_GROUPS[group]}; "
                    "kept as a free-text tag"
                )
            session.add(
                Annotation(
                    media_item_id=item.id,
                    start_ms=0,
                    end_ms=end_ms,
                    entity_id=entity.id if entity and entity.kind == TAG_GROUPS[group] else None,
                    tag=None if entity and entity.kind == TAG_GROUPS[group] else slug,
                    role="depicted" if group == "people" else None,
                    origin="editor",
                    status="confirmed",
                    confidence=1.0,
                    author=SIDECAR_AUTHOR,
                )
            )
    for tag in free_tags:
        session.add(
            Annotation(
                media_item_id=item.id,
                start_ms=0,
                end_ms=end_ms,
                tag=tag,
                origin="editor",
                status="confirmed",
                author=SIDECAR_AUTHOR,
            )
        )
    return warnings
