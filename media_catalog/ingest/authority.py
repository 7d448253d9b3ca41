"""Importing the authority (people, events, places, organisations, topics with their aliases
and dates) from YAML files, and the films the catalog is about."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, edits, rights, slugs
from ..dates import date_span
from ..errors import IngestError
from ..models import ENTITY_KINDS, Alias, Entity, Film, RetiredEntity
from .sidecars import Fields, LineDict
from .sources import file_checksum, remember_source, source_unchanged


@dataclass
class AuthorityResult:
    path: Path
    status: str
    entities: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _EntityRecord:
    slug: str
    kind: str
    values: dict  # type: ignore[type-arg]
    aliases: list[tuple[str, str | None, bool]]


def is_authority_file(data: LineDict) -> bool:
    return "entities" in data


def is_film_file(data: LineDict) -> bool:
    return "film" in data and isinstance(data["film"], dict)


def _read_entities(path: Path, data: LineDict) -> list[_EntityRecord]:
    top = Fields(data, str(path))
    default_kind = top.choice("kind", ENTITY_KINDS) if "kind" in data else None
    items = top.items("entities")
    records: list[_EntityRecord] = []
    seen: set[str] = set()
    for number, raw in enumerate(items, 1):
        if not isinstance(raw, dict):
            raise IngestError(
                str(path), f"entity {number} must be a mapping", top.line_of("entities")
            )
        fields = Fields(raw, str(path))  # type: ignore[arg-type]
        slug = fields.slug("slug") or ""
        if slug in seen:
            raise fields.fail("slug", f"'{slug}' appears twice in this file")
        seen.add(slug)
        kind = fields.choice("kind", ENTITY_KINDS, default=default_kind)
        try:
            span = date_span(fields.text("date"), fields.text("end_date"))
        except ValueError as exc:
            raise fields.fail("date" if "end_date" not in raw else "end_date", str(exc)) from None
        aliases = []
        for alias in fields.items("aliases"):
            if isinstance(alias, str):
                aliases.append((alias.strip(), None, False))
            elif isinstance(alias, dict) and isinstance(alias.get("text"), str):
                aliases.append(
                    (alias["text"].strip(), alias.get("lang"), bool(alias.get("ambiguous")))
                )
            else:
                raise fields.fail("aliases", f"{alias!r} must be text or a mapping with 'text'")
        records.append(
            _EntityRecord(
                slug,
                kind,
                {
                    "name": fields.text("name", required=True),
                    "description": fields.text("description", default=""),
                    "date_text": span.text if span else None,
                    "date_start": span.start if span else None,
                    "date_end": span.end if span else None,
                    "wikidata_id": fields.text("wikidata"),
                    "restricted": fields.boolean("restricted"),
                },
                aliases,
            )
        )
    return records


def import_authority(
    session: Session, path: Path, data: LineDict, *, actor: str = "cli"
) -> AuthorityResult:
    """Create or update every entity of the file; aliases follow the file exactly."""
    checksum = file_checksum(path)
    if source_unchanged(session, path, checksum):
        return AuthorityResult(path, "unchanged")
    records = _read_entities(path, data)
    # Editors merged or deleted these in the catalog: the file does not bring them back.
    retired = set(
        session.scalars(
            select(RetiredEntity.slug).where(RetiredEntity.slug.in_([r.slug for r in records]))
        )
    )
    records = [r for r in records if r.slug not in retired]
    existing = {
        e.slug: e
        for e in session.scalars(select(Entity).where(Entity.slug.in_([r.slug for r in records])))
    }
    for record in records:
        entity = existing.get(record.slug) or slugs.renamed(session, Entity, record.slug)
        if entity is None:
            entity = Entity(slug=record.slug, kind=record.kind)
            session.add(entity)
        before = (entity.kind, *(getattr(entity, key) for key in record.values))
        entity.kind = record.kind
        entity.source_path = str(path)
        values = edits.overlay(session, "entity", entity.slug, dict(record.values), actor)
        for key, value in values.items():
            setattr(entity, key, value)  # what editors changed on the web outranks the file
        names_before = [(a.text, a.language, a.ambiguous) for a in entity.aliases]
        _sync_aliases(entity, edits.names_kept_out(session, entity.slug, record.aliases, actor))
        names_after = [(a.text, a.language, a.ambiguous) for a in entity.aliases]
        if entity.id is not None and (
            before != (entity.kind, *values.values()) or names_before != names_after
        ):
            entity.version += 1  # an editor holding the old record must reload it
    session.flush()
    remember_source(session, path, "authority", checksum)
    audit.record(
        session,
        actor,
        "authority.imported",
        "authority_file",
        str(path),
        after={"entities": len(records)},
    )
    return AuthorityResult(path, "imported", len(records))


def _sync_aliases(entity: Entity, wanted: list[tuple[str, str | None, bool]]) -> None:
    by_text = {a.text: a for a in entity.aliases}
    keep = [a for a in entity.aliases if a.origin == "editor"]
    for text, language, ambiguous in wanted:
        if not text or text == entity.name or text in [a.text for a in keep]:
            continue
        alias = by_text.get(text) or Alias(text=text)
        alias.language, alias.ambiguous, alias.origin = language, ambiguous, "file"
        keep.append(alias)
    entity.aliases = keep


def import_film(
    session: Session, path: Path, data: LineDict, *, actor: str = "cli"
) -> AuthorityResult:
    checksum = file_checksum(path)
    if source_unchanged(session, path, checksum):
        return AuthorityResult(path, "unchanged")
    fields = Fields(data, str(path)).mapping("film")
    slug = fields.slug("slug") or ""
    year = fields.number("year")
    running = fields.number("running_time_minutes")
    languages = fields.items("languages")
    film = slugs.find(session, Film, slug) or Film(slug=slug)
    session.add(film)
    for key, value in fields.rights().items():
        if key in rights.FIELDS:  # a film keeps no free-text rights note
            setattr(film, key, value)
    film.title = fields.text("title", required=True) or ""
    film.year = int(year) if year else None
    film.director = fields.text("director")
    film.synopsis = fields.text("synopsis", default="") or ""
    film.languages = [str(lang) for lang in languages]
    film.running_time_ms = round(running * 60_000) if running else None
    session.flush()
    remember_source(session, path, "film", checksum)
    audit.record(session, actor, "film.imported", "film", slug, after={"title": film.title})
    return AuthorityResult(path, "imported", 1)
