"""Narrowing a search down: film, media item, kind, language, speaker, entities (all must be
linked to the segment) and period (a year range met by the footage date of archival material, a
date spoken in the segment, or an event the segment mentions). Conditions over segments joined to
their transcript and media item; the same SQL on both databases."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from ..models import (
    Annotation,
    Entity,
    Film,
    MediaItem,
    Segment,
    SegmentDate,
    Transcript,
    film_media,
)


@dataclass
class Filters:
    film: str | None = None  # film slug
    media: str | None = None  # media item slug
    kind: str | None = None  # interview | archival
    language: str | None = None  # BCP 47
    speaker: str | None = None  # as written in the transcript
    entities: list[str] = field(default_factory=list)  # entity slugs, all must appear
    year_from: int | None = None
    year_to: int | None = None

    def as_params(self) -> dict[str, Any]:
        """The filters as URL parameters (entities repeated), for links that keep them."""
        params: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, [], ""):
                params["entity" if f.name == "entities" else f.name] = value
        return params

    @property
    def is_empty(self) -> bool:
        return not self.as_params()


def conditions(filters: Filters) -> list[ColumnElement[bool]]:
    """For a query over Segment joined to Transcript and MediaItem."""
    where: list[ColumnElement[bool]] = []
    if filters.film:
        in_film = (
            select(film_media.c.media_item_id)
            .join(Film, Film.id == film_media.c.film_id)
            .where(Film.slug == filters.film)
        )
        where.append(MediaItem.id.in_(in_film))
    if filters.media:
        where.append(MediaItem.slug == filters.media)
    if filters.kind:
        where.append(MediaItem.kind == filters.kind)
    if filters.language:
        where.append(Transcript.language == filters.language)
    if filters.speaker:
        where.append(Segment.speaker == filters.speaker)
    for slug in filters.entities:
        linked = (
            select(Annotation.segment_id)
            .join(Entity, Entity.id == Annotation.entity_id)
            .where(Entity.slug == slug, Annotation.status != "rejected")
        )
        where.append(Segment.id.in_(linked))
    if filters.year_from is not None or filters.year_to is not None:
        where.append(_in_period(filters.year_from, filters.year_to))
    return where


def _in_period(year_from: int | None, year_to: int | None) -> ColumnElement[bool]:
    first = f"{year_from if year_from is not None else 1:04d}-01-01"
    last = f"{year_to if year_to is not None else 9999:04d}-12-31"
    spoken = exists().where(
        SegmentDate.segment_id == Segment.id,
        SegmentDate.date_start <= last,
        SegmentDate.date_end >= first,
    )
    event = exists().where(
        Annotation.segment_id == Segment.id,
        Annotation.status != "rejected",
        Entity.id == Annotation.entity_id,
        Entity.kind == "event",
        Entity.date_start <= last,
        func.coalesce(Entity.date_end, Entity.date_start) >= first,
    )
    footage = and_(  # an interview's recording date is not the period it speaks of
        MediaItem.kind != "interview",
        MediaItem.date_start <= last,
        func.coalesce(MediaItem.date_end, MediaItem.date_start) >= first,
    )
    return or_(footage, spoken, event)
