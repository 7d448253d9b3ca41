"""Search filters (film, media item, kind, language, speaker, entities, period), read from and
written to query strings; engine.py applies them. Unknown names filter to nothing, like names
the user may not see, so a filter never tells whether restricted material exists."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access
from ..models import Entity, User
from ..wording import N_
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
                N_(
                    "The period runs backwards: from %(start)s to %(end)s. "
                    "Put the earlier year first."
                ),
                start=self.year_from,
                end=self.year_to,
            )
        for year in (self.year_from, self.year_to):
            if year is not None and not 1 <= year <= 9999:
                raise QueryError(
                    N_("%(year)s is not a year the catalog can hold (1 to 9999)."), year=year
                )


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


def _year(name: str, value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise QueryError(
            N_("'%(value)s' is not a year: give %(name)s as a number, like 1977."),
            value=value,
            name=name,
        ) from None


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
