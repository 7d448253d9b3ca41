"""The review queue: suggested mentions for editors to confirm, reject, re-assign to another
entity or mark as a different person of the same name, one at a time or all of one entity in
one media item. Each decision checks the version the editor saw and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .. import access, audit
from ..errors import CatalogError, NotFound
from ..models import Annotation, Entity, MediaItem, Segment, User
from ..models.base import utcnow
from ..wording import N_

ACTIONS = ("confirm", "reject", "reassign", "different_person")
DIFFERENT_PERSON = "a different person of the same name"


@dataclass
class Suggestion:
    annotation: Annotation
    media: MediaItem
    segment: Segment | None
    entity: Entity


def state(annotation: Annotation) -> dict[str, Any]:
    """What an editor changes on an annotation, as the audit log and a 409 answer show it."""
    return {
        "status": annotation.status,
        "entity": annotation.entity.slug if annotation.entity else None,
        "role": annotation.role,
        "tag": annotation.tag,
        "note": annotation.note,
        "start_ms": annotation.start_ms,
        "end_ms": annotation.end_ms,
        "version": annotation.version,
    }


def _suggested(user: User | None, media_slug: str | None, *columns: Any) -> Any:
    query = (
        select(*columns)
        .select_from(Annotation)
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .join(Entity, Entity.id == Annotation.entity_id)
        .where(Annotation.status == "suggested", access.annotation_visible(user))
    )
    return query.where(MediaItem.slug == media_slug) if media_slug else query


def suggestions(
    session: Session,
    user: User | None,
    media_slug: str | None = None,
    limit: int = 500,
    offset: int = 0,
    counts: dict[int, int] | None = None,
) -> list[Suggestion]:
    """Suggested mentions the user may see, by media item (title) and time: a page of them.
    Only the page's media items are read, through their (media item, time) index, found from
    each item's count (`counts`, from counts_by_media, when the caller has them): sorting
    every suggestion for a page of fifty took most of a second at 1,000 hours."""
    counts = counts_by_media(session, user, media_slug) if counts is None else counts
    media_ids, skip = _page_media(session, counts, limit, offset)
    if not media_ids:
        return []
    query = (
        _suggested(user, None, Annotation, MediaItem, Segment, Entity)
        .where(Annotation.media_item_id.in_(media_ids))
        .order_by(MediaItem.title, MediaItem.id, Annotation.start_ms, Annotation.span_start)
        .order_by(Annotation.id)
        .limit(limit)
        .offset(skip)
    )
    return [Suggestion(*row) for row in session.execute(query)]


def _page_media(
    session: Session, counts: dict[int, int], limit: int, offset: int
) -> tuple[list[int], int]:
    """The media items (in title order) holding suggestions offset..offset+limit, and how many
    of the first one's come before the page."""
    page: list[int] = []
    before = skip = 0
    for media_id in session.scalars(select(MediaItem.id).order_by(MediaItem.title, MediaItem.id)):
        count = counts.get(media_id, 0)
        if not count or before + count <= offset:
            before += count
            continue
        if not page:
            skip = offset - before
        page.append(media_id)
        before += count
        if before >= offset + limit:
            break
    return page, skip


def counts_by_media(
    session: Session, user: User | None, media_slug: str | None = None
) -> dict[int, int]:
    """Suggestions per media item. An editor sees every one, so theirs are counted in one pass
    over the annotations alone, without the visibility joins."""
    if access.can_see_restricted(user) and media_slug is None:
        query = select(Annotation.media_item_id, func.count()).where(
            Annotation.status == "suggested", Annotation.entity_id.is_not(None)
        )
    else:
        query = _suggested(user, media_slug, Annotation.media_item_id, func.count())
    rows = session.execute(query.group_by(Annotation.media_item_id))
    return {media_id: count for media_id, count in rows}


def suggestion_count(session: Session, user: User | None, media_slug: str | None = None) -> int:
    return sum(counts_by_media(session, user, media_slug).values())


def counts_by_pair(
    session: Session, user: User | None, rows: list[Suggestion]
) -> dict[tuple[int, int], int]:
    """Suggestions per (media item id, entity id) of the pairs on this page: what "confirm
    all" of a pair decides, on every page of the queue, not only the one shown. Only the
    page's media items are counted (through their index), not the whole queue."""
    media_ids = {row.media.id for row in rows}
    entity_ids = {row.entity.id for row in rows}
    if not rows:
        return {}
    query = (
        _suggested(user, None, Annotation.media_item_id, Annotation.entity_id, func.count())
        .where(Annotation.media_item_id.in_(media_ids), Annotation.entity_id.in_(entity_ids))
        .group_by(Annotation.media_item_id, Annotation.entity_id)
    )
    return {(media_id, entity_id): n for media_id, entity_id, n in session.execute(query)}


def group_by_entity(rows: list[Suggestion]) -> list[tuple[Entity, list[Suggestion]]]:
    grouped: dict[int, tuple[Entity, list[Suggestion]]] = {}
    for row in rows:
        grouped.setdefault(row.entity.id, (row.entity, []))[1].append(row)
    return sorted(grouped.values(), key=lambda g: (-len(g[1]), g[0].name))


def group_by_media(rows: list[Suggestion]) -> list[tuple[MediaItem, list[Suggestion]]]:
    grouped: dict[int, tuple[MediaItem, list[Suggestion]]] = {}
    for row in rows:
        grouped.setdefault(row.media.id, (row.media, []))[1].append(row)
    return list(grouped.values())


def visible_annotation(session: Session, user: User | None, annotation_id: int) -> Annotation:
    """An annotation the user may see, or NotFound (restricted ones do not leak)."""
    annotation = session.scalar(
        select(Annotation)
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .outerjoin(Entity, Entity.id == Annotation.entity_id)
        .where(Annotation.id == annotation_id, access.annotation_visible(user))
        .options(selectinload(Annotation.entity))
    )
    if annotation is None:
        raise NotFound(f"no annotation {annotation_id}")
    return annotation


def _entity(session: Session, user: User | None, slug: str) -> Entity:
    entity = session.scalar(select(Entity).where(Entity.slug == slug))
    if entity is None or (entity.restricted and not access.can_see_restricted(user)):
        raise CatalogError(N_("no entity '%(slug)s'"), slug=slug)
    return entity


def save(
    session: Session, user: User, annotation: Annotation, version: int, **values: Any
) -> Annotation:
    """Write values if the annotation is still at `version` (else StaleEdit), audited."""
    values["updated_at"] = utcnow()
    return audit.save_versioned(  # type: ignore[no-any-return]
        session, user, annotation, version, values, state, "annotation"
    )


def decide(
    session: Session,
    user: User,
    annotation_id: int,
    version: int,
    action: str,
    entity_slug: str | None = None,
) -> Annotation:
    """Apply one editor's decision. Re-assigning rejects the suggestion and adds a confirmed
    annotation for the right entity, so re-linking does not suggest the wrong one again."""
    if action not in ACTIONS:
        raise CatalogError(
            N_("unknown action '%(action)s': use one of %(actions)s"),
            action=action,
            actions=", ".join(ACTIONS),
        )
    annotation = visible_annotation(session, user, annotation_id)
    decided = {"origin": "editor", "author": user.email}
    if action == "confirm":
        return save(session, user, annotation, version, status="confirmed", **decided)
    if action == "reject":
        return save(session, user, annotation, version, status="rejected", **decided)
    if action == "different_person":
        return save(
            session, user, annotation, version, status="rejected", note=DIFFERENT_PERSON, **decided
        )
    if not entity_slug:
        raise CatalogError(N_("re-assigning needs the entity to assign the mention to"))
    target = _entity(session, user, entity_slug)
    if annotation.entity_id == target.id:
        raise CatalogError(N_("this mention is already linked to %(name)s"), name=target.name)
    save(
        session,
        user,
        annotation,
        version,
        status="rejected",
        note=f"re-assigned to {target.slug}",
        **decided,
    )
    moved = Annotation(
        media_item_id=annotation.media_item_id,
        start_ms=annotation.start_ms,
        end_ms=annotation.end_ms,
        segment_id=annotation.segment_id,
        span_start=annotation.span_start,
        span_end=annotation.span_end,
        quote=annotation.quote,
        entity_id=target.id,
        role=annotation.role,
        origin="editor",
        status="confirmed",
        author=user.email,
    )
    session.add(moved)
    session.flush()
    audit.record(session, user, "create", "annotation", moved.id, after=state(moved))
    return moved


def confirm_all(session: Session, user: User, media_slug: str, entity_slug: str) -> int:
    """Confirm every suggested mention of one entity in one media item; returns how many."""
    rows = [
        s
        for s in suggestions(session, user, media_slug, limit=100_000)
        if s.entity.slug == entity_slug
    ]
    for row in rows:
        save(
            session,
            user,
            row.annotation,
            row.annotation.version,
            status="confirmed",
            origin="editor",
            author=user.email,
        )
    return len(rows)
