"""Search filters (film, media item, kind, language, speaker, entities, period) as SQL
conditions on segments and on media items. Unknown names filter to nothing, like names the
user may not see, so a filter never tells whether restricted material exists."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from .. import access
from ..models import (
    Annotation,
    Entity,
    Film,
    MediaItem,
    Segment,
    SegmentDate,
    Transcript,
    User,
    film_media,
)
from .query import QueryError


@dataclass(frozen=True)
class Filters:
    film: str | None = None  # film slug
    media: str | None = None  # media item slug
    kind: str | None = None  # interview | archival | film
    language: str | None = None  # transcript language (BCP 47)
    speaker: str | None = None  # speaker as written, or a person's slug
    entities: tuple[str, ...] = field(default_factory=tuple)  # slugs; all must appear
    year_from: int | None = None
    year_to: int | None = None

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)

    def with_entity(self, slug: str) -> Filters:
        return self if slug in self.entities else replace(self, entities=(*self.entities, slug))

    def without_entity(self, slug: str) -> Filters:
        return replace(self, entities=tuple(e for e in self.entities if e != slug))

    @property
    def is_empty(self) -> bool:
        return self == Filters()

    def check(self) -> None:
        if (
            self.year_from is not None
            and self.year_to is not None
            and self.year_from > self.year_to
        ):
            raise QueryError(
                f"The period runs backwards: from {self.year_from} to {self.year_to}. "
                "Put the earlier year first."
            )
        for year in (self.year_from, self.year_to):
            if year is not None and not 1 <= year <= 9999:
                raise QueryError(f"{year} is not a year the catalog can hold (1 to 9999).")


def _overlaps(start: Any, end: Any, low: str, high: str) -> ColumnElement[bool]:
    # Partial ISO dates compare as text: '1977' <= '1977-12-31' and '1977-03' >= '1977'.
    return and_(start.is_not(None), start <= high, func.coalesce(end, start) >= low)


def _period(filters: Filters) -> tuple[str, str] | None:
    if filters.year_from is None and filters.year_to is None:
        return None
    low = f"{filters.year_from or 1:04d}"
    high = f"{filters.year_to or 9999:04d}-12-31"
    return low, high


def entity_ids(session: Session, user: User | None, slugs: tuple[str, ...]) -> list[int | None]:
    """Ids for slugs the user may see; None stands for a slug that matches nothing."""
    found = dict(
        session.execute(
            select(Entity.slug, Entity.id).where(
                Entity.slug.in_(slugs), access.entity_visible(user)
            )
        ).all()
    )
    return [found.get(slug) for slug in slugs]


# Aliases: the outer query may itself read annotations and entities (moments found through
# an entity), and an EXISTS must not correlate with those rows.
_link = aliased(Annotation)
_linked = aliased(Entity)


def _annotated(entity_id: int | None, *where: ColumnElement[bool]) -> ColumnElement[bool]:
    if entity_id is None:
        return false()
    return exists().where(_link.entity_id == entity_id, _link.status != "rejected", *where)


def _media_conditions(filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.film:
        conditions.append(
            MediaItem.id.in_(
                select(film_media.c.media_item_id)
                .join(Film, Film.id == film_media.c.film_id)
                .where(Film.slug == filters.film)
            )
        )
    if filters.media:
        conditions.append(MediaItem.slug == filters.media)
    if filters.kind:
        conditions.append(MediaItem.kind == filters.kind)
    return conditions


def _event_period(low: str, high: str, *where: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(
        _link.status != "rejected",
        _linked.id == _link.entity_id,
        _linked.kind == "event",
        _overlaps(_linked.date_start, _linked.date_end, low, high),
        *where,
    )


def segment_conditions(
    filters: Filters, ids: list[int | None], segment_id: Any = Segment.id
) -> list[ColumnElement[bool]]:
    """Conditions on a query joining Segment -> Transcript -> MediaItem. `segment_id` is the
    column to test entity links against: on SQLite the FTS table's rowid, so the index is
    probed for each linked segment instead of every match being checked for links."""
    conditions = _media_conditions(filters)
    if filters.language:
        conditions.append(Transcript.language == filters.language)
    if filters.speaker:
        speaker_entity = select(Entity.id).where(Entity.slug == filters.speaker).scalar_subquery()
        conditions.append(
            or_(
                func.lower(Segment.speaker) == filters.speaker.lower(),
                Segment.speaker_entity_id == speaker_entity,
            )
        )
    for entity_id in ids:
        if entity_id is None:
            conditions.append(false())
            continue
        conditions.append(
            segment_id.in_(
                select(_link.segment_id).where(
                    _link.entity_id == entity_id, _link.status != "rejected"
                )
            )
        )
    if (period := _period(filters)) is not None:
        low, high = period
        conditions.append(
            or_(
                _overlaps(MediaItem.date_start, MediaItem.date_end, low, high),
                exists().where(
                    SegmentDate.segment_id == Segment.id,
                    _overlaps(SegmentDate.date_start, SegmentDate.date_end, low, high),
                ),
                _event_period(low, high, _link.segment_id == Segment.id),
            )
        )
    return conditions


def media_conditions(filters: Filters, ids: list[int | None]) -> list[ColumnElement[bool]]:
    """Conditions on MediaItem for hits on a clip's metadata and tags (no transcript there, so
    a language or speaker filter leaves them out)."""
    if filters.language or filters.speaker:
        return [false()]
    conditions = _media_conditions(filters)
    for entity_id in ids:
        conditions.append(
            _annotated(entity_id, _link.media_item_id == MediaItem.id, _link.segment_id.is_(None))
        )
    if (period := _period(filters)) is not None:
        low, high = period
        conditions.append(
            or_(
                _overlaps(MediaItem.date_start, MediaItem.date_end, low, high),
                _event_period(
                    low,
                    high,
                    _link.media_item_id == MediaItem.id,
                    _link.segment_id.is_(None),
                ),
            )
        )
    return conditions or [true()]


def _year(name: str, value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise QueryError(f"'{value}' is not a year: give {name} as a number, like 1977.") from None


def filters_from_args(args: Any) -> Filters:
    """Filters from query-string style arguments (a werkzeug MultiDict, or any mapping with
    get and getlist): film, media, kind, language, speaker, entity (repeatable), from, to."""

    def text(name: str) -> str | None:
        value = args.get(name)
        return value.strip() or None if isinstance(value, str) else None

    entities = tuple(dict.fromkeys(e.strip() for e in args.getlist("entity") if e.strip()))
    return Filters(
        film=text("film"),
        media=text("media"),
        kind=text("kind"),
        language=text("language"),
        speaker=text("speaker"),
        entities=entities,
        year_from=_year("from", args.get("from")),
        year_to=_year("to", args.get("to")),
    )


def filters_to_args(filters: Filters) -> list[tuple[str, str]]:
    """The inverse of filters_from_args, for links that keep or change one filter."""
    args = [
        (name, str(value))
        for name, value in (
            ("film", filters.film),
            ("media", filters.media),
            ("kind", filters.kind),
            ("language", filters.language),
            ("speaker", filters.speaker),
            ("from", filters.year_from),
            ("to", filters.year_to),
        )
        if value is not None
    ]
    return args + [("entity", slug) for slug in filters.entities]
