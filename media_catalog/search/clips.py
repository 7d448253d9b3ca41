"""Archival clips found by their records: title, description, place, date, source and the
tags editors gave them (keywords and the entities seen or named). Clips are few beside
segments, so their records are matched here, the same way on both databases."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..models import Annotation, Entity, Film, MediaItem, User, film_media
from .filters import Filters
from .query import Query, Term, search_tokens

CLIP_LIMIT = 12


def matching_clips(
    session: Session, user: User | None, query: Query, filters: Filters, named: set[int]
) -> list[MediaItem]:
    if filters.media or filters.language or filters.speaker or filters.kind == "interview":
        return []  # those filters are about transcripts
    items = select(MediaItem).where(MediaItem.kind == "archival", access.media_visible(user))
    if filters.film:
        items = items.where(
            MediaItem.id.in_(
                select(film_media.c.media_item_id)
                .join(Film, Film.id == film_media.c.film_id)
                .where(Film.slug == filters.film)
            )
        )
    clips = list(session.scalars(items))
    if not clips:
        return []
    tags = _tags(session, [clip.id for clip in clips])
    found = []
    for clip in clips:
        words, entity_ids = tags.get(clip.id, ([], set()))
        record = search_tokens(
            " ".join(
                filter(
                    None,
                    [clip.title, clip.description, clip.place, clip.date_text, clip.source_archive,
                     clip.source_collection, clip.identifier, *words],
                )
            )
        )  # fmt: skip
        if _holds(query, record, entity_ids & named, named) and _in_period(clip, filters):
            found.append(clip)
        if len(found) == CLIP_LIMIT:
            break
    return found


def _tags(session: Session, ids: list[int]) -> dict[int, tuple[list[str], set[int]]]:
    tags: dict[int, tuple[list[str], set[int]]] = {}
    rows = session.execute(
        select(Annotation.media_item_id, Annotation.tag, Entity.id, Entity.name)
        .outerjoin(Entity, Entity.id == Annotation.entity_id)
        .where(Annotation.media_item_id.in_(ids), Annotation.status != "rejected")
    )
    for media_id, tag, entity_id, name in rows:
        words, entity_ids = tags.setdefault(media_id, ([], set()))
        words += [text for text in (tag, name) if text]
        if entity_id is not None:
            entity_ids.add(entity_id)
    return tags


def _holds(query: Query, record: list[str], linked: set[int], named: set[int]) -> bool:
    if any(_has(record, term) for term in query.excluded):
        return False
    return all(any(_has(record, term) for term in clause) for clause in query.clauses) or bool(
        linked
    )


def _has(record: list[str], term: Term) -> bool:
    size = len(term.tokens)
    for start in range(len(record) - size + 1):
        window = record[start : start + size]
        if window[:-1] == list(term.tokens[:-1]) and (
            window[-1].startswith(term.tokens[-1]) if term.prefix else window[-1] == term.tokens[-1]
        ):
            return True
    return False


def _in_period(clip: MediaItem, filters: Filters) -> bool:
    if filters.year_from is None and filters.year_to is None:
        return True
    if not clip.date_start:
        return False
    first = f"{filters.year_from or 1:04d}-01-01"
    last = f"{filters.year_to or 9999:04d}-12-31"
    return clip.date_start <= last and (clip.date_end or clip.date_start) >= first
