"""Rights and licences of films and media items: reading and checking the four fields, and the
rights an item carries when it has none of its own (its film's, said so where shown)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from . import audit, licences
from .errors import FieldError
from .models import Film, MediaItem, User
from .wording import N_

FIELDS = ("rights_uri", "rights_holder", "credit_line", "reuse_terms")
LIMITS = {"rights_uri": 200, "rights_holder": 500, "credit_line": 1000, "reuse_terms": 5000}


@dataclass(frozen=True)
class Rights:
    uri: str | None
    holder: str | None
    credit: str | None
    terms: str | None
    from_film: Film | None = None  # set when the item has no rights of its own

    @property
    def label(self) -> str | None:
        return licences.label_of(self.uri)

    @property
    def is_empty(self) -> bool:
        return not (self.uri or self.holder or self.credit or self.terms)


def checked_values(values: dict[str, Any]) -> dict[str, str | None]:
    """The four fields cleaned: blanks are None, the URI is one of licences.KNOWN (in its
    canonical spelling). Raises FieldError naming the field."""
    cleaned: dict[str, str | None] = {}
    for field in FIELDS:
        value = values.get(field)
        text = str(value).strip() if value is not None else ""
        if len(text) > LIMITS[field]:
            raise FieldError(field, N_("is longer than %(most)s characters"), most=LIMITS[field])
        cleaned[field] = text or None
    if cleaned["rights_uri"]:
        try:
            cleaned["rights_uri"] = licences.canonical_uri(cleaned["rights_uri"])
        except ValueError:
            raise FieldError(
                "rights_uri", licences.NOT_KNOWN, text=cleaned["rights_uri"][:200]
            ) from None
    return cleaned


def own(record: Film | MediaItem) -> Rights:
    return Rights(record.rights_uri, record.rights_holder, record.credit_line, record.reuse_terms)


def has_own(record: Film | MediaItem) -> bool:
    return not own(record).is_empty


def of_item(item: MediaItem) -> Rights:
    """The item's own rights; without any, those of its first film that has some. A clip
    from another archive without a credit line of its own credits its source (`source.credit`)
    even under its film's rights: the archive's credit travels with its footage."""
    if has_own(item):
        rights = own(item)
    else:
        film = next((f for f in sorted(item.films, key=lambda f: f.id) if has_own(f)), None)
        rights = own(film) if film else own(item)
        rights = Rights(rights.uri, rights.holder, rights.credit, rights.terms, film)
    if item.source_credit and not item.credit_line:
        return Rights(rights.uri, rights.holder, item.source_credit, rights.terms, rights.from_film)
    return rights


def credit_of(item: MediaItem) -> str | None:
    """The credit line a reuse of the item must carry (reels, guides, exports)."""
    return of_item(item).credit


def update_film(session: Session, user: User, film: Film, form: dict[str, Any]) -> Film:
    """An editor's change to a film's rights (the film page's form), audited; a bad URI
    raises FieldError and nothing is written. Re-importing the film's file sets them again."""
    values = checked_values(form)
    before = {field: getattr(film, field) for field in FIELDS}
    if before == values:
        return film
    for field, value in values.items():
        setattr(film, field, value)
    audit.record(session, user, "rights.changed", "film", film.slug, before=before, after=values)
    return film
