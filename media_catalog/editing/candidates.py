"""Reading and resolving what linking produced: a media item's annotations, and its name
candidates turned into aliases or entities, or dismissed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import access, audit
from ..errors import CatalogError, NotFound
from ..linking.normalise import fold_key
from ..models import Alias, Annotation, Entity, MediaItem, NameCandidate, User
from ..wording import N_
from . import entities


def media_ids(session: Session, slugs: tuple[str, ...] | list[str]) -> list[int]:
    found = dict(
        session.execute(select(MediaItem.slug, MediaItem.id).where(MediaItem.slug.in_(slugs))).all()
    )
    if missing := [s for s in slugs if s not in found]:
        raise NotFound(f"no media item {', '.join(missing)}")
    return list(found.values())


def _media(session: Session, slug: str) -> MediaItem:
    item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
    if item is None:
        raise NotFound(f"no media item {slug!r}")
    return item


def annotations_of(session: Session, slug: str) -> list[Annotation]:
    item = _media(session, slug)
    return list(
        session.scalars(
            select(Annotation)
            .where(Annotation.media_item_id == item.id)
            .options(selectinload(Annotation.entity))
            .order_by(Annotation.start_ms, Annotation.span_start, Annotation.id)
        )
    )


def candidates_of(session: Session, slug: str, include_closed: bool = False) -> list[NameCandidate]:
    query = select(NameCandidate).where(NameCandidate.media_item_id == _media(session, slug).id)
    if not include_closed:
        query = query.where(NameCandidate.status == "open")
    return list(session.scalars(query.order_by(NameCandidate.count.desc(), NameCandidate.text)))


def _candidate(session: Session, slug: str, text: str) -> NameCandidate:
    candidate = session.scalar(
        select(NameCandidate).where(
            NameCandidate.media_item_id == _media(session, slug).id,
            NameCandidate.key == fold_key(text),
        )
    )
    if candidate is None:
        raise NotFound(f"no candidate {text!r} in {slug}")
    return candidate


def dismiss_candidate(session: Session, slug: str, text: str, actor: str = "cli") -> None:
    candidate = _candidate(session, slug, text)
    candidate.status = "dismissed"
    audit.record(session, actor, "candidate.dismissed", "name_candidate", f"{slug}/{candidate.key}")


def candidate_to_alias(
    session: Session, slug: str, text: str, entity_slug: str, actor: str = "cli"
) -> None:
    candidate = _candidate(session, slug, text)
    entity = session.scalar(select(Entity).where(Entity.slug == entity_slug))
    if entity is None:
        raise NotFound(f"no entity {entity_slug!r}")
    if any(a.text == candidate.text for a in entity.aliases):
        raise CatalogError(
            N_("%(entity)s already has the alias '%(alias)s'"),
            entity=entity_slug,
            alias=candidate.text,
        )
    entity.aliases.append(Alias(text=candidate.text, language=candidate.language, origin="editor"))
    candidate.status = "done"
    audit.record(
        session,
        actor,
        "alias.added",
        "entity",
        entity_slug,
        after={"alias": candidate.text, "from_candidate": slug},
    )


def candidate_to_entity(
    session: Session,
    slug: str,
    text: str,
    kind: str,
    entity_slug: str | None = None,
    actor: str = "cli",
) -> str:
    candidate = _candidate(session, slug, text)
    # A name with no Latin letters (Щаранский, שרנסקי) gets `entity-N`, as in the editor.
    wanted = entity_slug or entities.slug_base(candidate.text)
    if session.scalar(select(Entity.id).where(Entity.slug == wanted)):
        raise CatalogError(
            N_("an entity '%(entity)s' exists already; add an alias instead"), entity=wanted
        )
    entity_slug = entity_slug or entities.slug_for(session, candidate.text)
    session.add(Entity(slug=entity_slug, kind=kind, name=candidate.text, description=""))
    candidate.status = "done"
    audit.record(
        session,
        actor,
        "entity.created",
        "entity",
        entity_slug,
        after={"name": candidate.text, "kind": kind, "from_candidate": slug},
    )
    session.flush()
    return entity_slug


def open_candidates(
    session: Session, user: User | None, media_slug: str | None = None
) -> list[tuple[MediaItem, NameCandidate]]:
    """Open candidates of the media items the user may see, most frequent first per item."""
    query = (
        select(MediaItem, NameCandidate)
        .join(NameCandidate, NameCandidate.media_item_id == MediaItem.id)
        .where(NameCandidate.status == "open", access.media_visible(user))
        .order_by(MediaItem.title, NameCandidate.count.desc(), NameCandidate.text)
    )
    if media_slug:
        query = query.where(MediaItem.slug == media_slug)
    return [(item, candidate) for item, candidate in session.execute(query)]
