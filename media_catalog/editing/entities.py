"""Editors manage the authority in the catalog: create and edit entities, add and remove their
names, merge two records of one person (with every annotation), delete with confirmation.
Merged and deleted slugs are retired so that re-importing an authority file does not undo the
decision, and a merged slug keeps leading to the entity it became. Every change is audited."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .. import audit, edits, slugs
from ..dates import date_field
from ..errors import FieldError
from ..models import (
    ENTITY_KINDS,
    Alias,
    Annotation,
    Entity,
    RetiredEntity,
    Segment,
    SlugHistory,
    User,
)
from ..wording import N_

NAME_MAX = 300
WIKIDATA = re.compile(r"^Q[1-9]\d*$")


class EntityEditError(FieldError):
    """An entity edit that cannot be saved: names the field and the reason."""


def state(entity: Entity) -> dict[str, Any]:
    return {
        "kind": entity.kind,
        "name": entity.name,
        "description": entity.description,
        "date_text": entity.date_text,
        "wikidata_id": entity.wikidata_id,
        "restricted": entity.restricted,
        "version": entity.version,
    }


def slug_base(name: str) -> str:
    """The slug a name asks for: its Latin letters and digits, else `entity`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80] or "entity"


def slug_for(session: Session, name: str) -> str:
    """An unused slug from the name: Latin letters where the name has them, else `entity-N`."""
    base = slug_base(name)
    taken = set(session.scalars(select(Entity.slug).where(Entity.slug.like(f"{base}%"))))
    taken |= set(
        session.scalars(select(RetiredEntity.slug).where(RetiredEntity.slug.like(f"{base}%")))
    )
    taken |= set(  # a renamed entity's old slug stays its old address (slugs.py)
        session.scalars(
            select(SlugHistory.slug).where(
                SlugHistory.object_type == "entity", SlugHistory.slug.like(f"{base}%")
            )
        )
    )
    if base not in taken and base != "entity":
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _values(form: dict[str, Any]) -> dict[str, Any]:
    """Checked entity fields from a form: names the field that is wrong."""
    kind = str(form.get("kind") or "").strip()
    if kind not in ENTITY_KINDS:
        raise EntityEditError(
            "kind", N_("choose one of %(choices)s"), choices=", ".join(ENTITY_KINDS)
        )
    name = " ".join(str(form.get("name") or "").split())
    if not name:
        raise EntityEditError("name", N_("an entity needs a name"))
    if len(name) > NAME_MAX:
        raise EntityEditError("name", N_("longer than %(max)d characters"), max=NAME_MAX)
    values: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "description": str(form.get("description") or "").strip(),
        "restricted": bool(form.get("restricted")),
        "wikidata_id": str(form.get("wikidata_id") or "").strip() or None,
        "date_text": str(form.get("date_text") or "").strip() or None,
        "date_start": None,
        "date_end": None,
    }
    if values["wikidata_id"] and not WIKIDATA.match(values["wikidata_id"]):
        raise EntityEditError("wikidata_id", N_("a Wikidata id looks like Q42"))
    if values["date_text"]:
        date = date_field(values["date_text"], EntityEditError)
        values["date_start"], values["date_end"] = date.start, date.end
    return values


def create_entity(session: Session, user: User | None, form: dict[str, Any]) -> Entity:
    values = _values(form)
    entity = Entity(slug=slug_for(session, values["name"]), **values)
    session.add(entity)
    session.flush()
    audit.record(session, user, "create", "entity", entity.id, after=state(entity))
    return entity


def update_entity(
    session: Session, user: User | None, entity: Entity, version: int, form: dict[str, Any]
) -> Entity:
    """Save an edit made on `version`; a stale one raises audit.StaleEdit, nothing written.
    The changed fields are kept as edits, so a re-import of the authority file keeps them."""
    values = _values(form)
    before = {field: getattr(entity, field) for field in values}
    audit.save_versioned(session, user, entity, version, values, state, "entity")
    edits.record_object(session, user, entity, before)
    if form.get("slug") is not None and user is not None:
        slugs.rename(session, user, entity, str(form["slug"]))  # old URLs answer 301
    return entity


def _touch(session: Session, entity: Entity) -> None:
    """Count a change of names as a change of the entity (its version moves on)."""
    session.execute(
        update(Entity)
        .where(Entity.id == entity.id)
        .values(version=Entity.version + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(entity)


def add_alias(
    session: Session,
    user: User | None,
    entity: Entity,
    text: str,
    language: str | None = None,
    ambiguous: bool = False,
) -> Alias:
    text = " ".join(text.split())
    if not text:
        raise EntityEditError("alias", N_("write the name as it is spelled"))
    if len(text) > NAME_MAX:
        raise EntityEditError("alias", N_("longer than %(max)d characters"), max=NAME_MAX)
    if text == entity.name or any(a.text == text for a in entity.aliases):
        raise EntityEditError(
            "alias", N_("%(name)s already goes by '%(text)s'"), name=entity.name, text=text
        )
    language = (language or "").strip() or None
    if language and not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", language):
        raise EntityEditError(
            "language",
            N_("'%(language)s' is not a language tag such as ru or he"),
            language=language,
        )
    alias = Alias(text=text, language=language, ambiguous=ambiguous, origin="editor")
    entity.aliases.append(alias)
    session.flush()
    if text in edits.removed_names(session, entity.slug):  # given back: the removal retires
        edits.record(session, user, "entity", entity.slug, [(f"name:{text}", False, True)])
    _touch(session, entity)
    audit.record(
        session,
        user,
        "alias.added",
        "entity",
        entity.id,
        after={"alias": text, "language": language},
    )
    return alias


def remove_alias(session: Session, user: User | None, entity: Entity, alias_id: int) -> None:
    alias = next((a for a in entity.aliases if a.id == alias_id), None)
    if alias is None:
        raise EntityEditError("alias", N_("%(name)s has no such name"), name=entity.name)
    entity.aliases.remove(alias)
    session.flush()
    # The authority file may still list the name: its next import must not bring it back.
    edits.record(session, user, "entity", entity.slug, [(f"name:{alias.text}", True, False)])
    _touch(session, entity)
    audit.record(session, user, "alias.removed", "entity", entity.id, before={"alias": alias.text})


@dataclass
class Impact:
    """What deleting or merging an entity touches, shown before an editor confirms."""

    annotations: int
    confirmed: int
    speaker_segments: int
    aliases: int


def impact(session: Session, entity: Entity) -> Impact:
    counts = session.execute(
        select(
            func.count(Annotation.id),
            func.count(Annotation.id).filter(Annotation.status == "confirmed"),
        ).where(Annotation.entity_id == entity.id)
    ).one()
    speakers = session.scalar(
        select(func.count(Segment.id)).where(Segment.speaker_entity_id == entity.id)
    )
    return Impact(counts[0], counts[1], speakers or 0, len(entity.aliases))


def _retire(session: Session, user: User | None, entity: Entity, into: Entity | None) -> None:
    session.add(
        RetiredEntity(
            slug=entity.slug,
            name=entity.name,
            merged_into_id=into.id if into else None,
            retired_by=user.email if user else "cli",
        )
    )
    # Slugs merged into this one now lead to where this one goes (or nowhere, when deleted).
    session.execute(
        update(RetiredEntity)
        .where(RetiredEntity.merged_into_id == entity.id)
        .values(merged_into_id=into.id if into else None)
    )


def delete_entity(session: Session, user: User | None, entity: Entity, confirm_name: str) -> Impact:
    """Delete an entity with its annotations; the editor confirms by typing its name."""
    if " ".join(confirm_name.split()) != entity.name:
        raise EntityEditError(
            "confirm", N_("type the name '%(name)s' to confirm the deletion"), name=entity.name
        )
    what = impact(session, entity)
    before = state(entity) | {"slug": entity.slug, "annotations": what.annotations}
    _retire(session, user, entity, None)
    session.delete(entity)
    session.flush()
    audit.record(session, user, "delete", "entity", entity.id, before=before)
    return what


def _place(annotation: Annotation) -> tuple[Any, ...]:
    if annotation.segment_id is not None:
        return (annotation.segment_id, annotation.span_start, annotation.span_end)
    return (annotation.media_item_id, annotation.start_ms, annotation.end_ms, annotation.tag)


_STRENGTH = {"confirmed": 2, "rejected": 1, "suggested": 0}


def merge_entities(
    session: Session, user: User | None, keep: Entity, absorb: Entity
) -> dict[str, int]:
    """Fold `absorb` into `keep`: every annotation, speaker link and name moves over, `absorb`'s
    own name becomes an alias, and its slug redirects to `keep`. Where both were linked at the
    same place, the editor's decision wins over a machine suggestion."""
    if keep.id == absorb.id:
        raise EntityEditError("merge", N_("choose two different entities"))
    if keep.kind != absorb.kind:
        raise EntityEditError(
            "merge",
            N_("a %(absorbed)s cannot be merged into a %(kept)s: edit its kind first"),
            absorbed=absorb.kind,
            kept=keep.kind,
        )
    moved, duplicates = _move_annotations(session, keep, absorb)
    speakers = session.execute(
        update(Segment)
        .where(Segment.speaker_entity_id == absorb.id)
        .values(speaker_entity_id=keep.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    added = _take_names(keep, absorb)
    if not keep.description and absorb.description:
        keep.description = absorb.description
    summary = {"moved": moved, "duplicates": duplicates, "speakers": speakers, "aliases": added}
    before = state(absorb) | {"slug": absorb.slug}
    _retire(session, user, absorb, keep)
    session.flush()
    session.delete(absorb)
    session.flush()
    _touch(session, keep)
    audit.record(session, user, "merge", "entity", keep.id, before=before, after=summary)
    audit.record(
        session, user, "merged_into", "entity", absorb.id, before=before, after={"into": keep.slug}
    )
    return summary


def _move_annotations(session: Session, keep: Entity, absorb: Entity) -> tuple[int, int]:
    """Move `absorb`'s annotations to `keep`; where both were linked at the same place, one
    stays, with the stronger decision. Returns (moved, folded duplicates)."""
    kept = {
        _place(a): a
        for a in session.scalars(select(Annotation).where(Annotation.entity_id == keep.id))
    }
    moved = duplicates = 0
    for annotation in list(
        session.scalars(select(Annotation).where(Annotation.entity_id == absorb.id))
    ):
        twin = kept.get(_place(annotation))
        if twin is None:
            annotation.entity_id = keep.id
            annotation.version += 1  # an editor holding the old version must reload
            moved += 1
            continue
        duplicates += 1
        if _STRENGTH.get(annotation.status, 0) > _STRENGTH.get(twin.status, 0):
            twin.status, twin.origin, twin.author = (
                annotation.status,
                annotation.origin,
                annotation.author,
            )
            twin.note = twin.note or annotation.note
            twin.version += 1
        session.delete(annotation)
    return moved, duplicates


def _take_names(keep: Entity, absorb: Entity) -> int:
    """`absorb`'s name and aliases become aliases of `keep` (those it lacks); how many."""
    names = {keep.name, *(a.text for a in keep.aliases)}
    new_aliases = [(absorb.name, None, False)] + [
        (a.text, a.language, a.ambiguous) for a in absorb.aliases
    ]
    added = 0
    for text, language, ambiguous in new_aliases:
        if text in names:
            continue
        names.add(text)
        keep.aliases.append(
            Alias(text=text, language=language, ambiguous=ambiguous, origin="editor")
        )
        added += 1
    return added


def redirect_for(session: Session, slug: str) -> Entity | None:
    """The entity a merged slug now belongs to (None for unknown or deleted slugs)."""
    retired = session.scalar(select(RetiredEntity).where(RetiredEntity.slug == slug))
    if retired is None or retired.merged_into_id is None:
        return None
    return session.get(Entity, retired.merged_into_id)


def retired_slugs(session: Session, slugs: list[str]) -> dict[str, RetiredEntity]:
    rows = session.scalars(select(RetiredEntity).where(RetiredEntity.slug.in_(slugs)))
    return {row.slug: row for row in rows}
