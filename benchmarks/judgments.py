"""Judged query sets: queries with graded judgments of the moments a researcher would want, read
from a YAML file (benchmarks/judged/demo.yaml) and resolved against a catalog. How the file is
written is told at the top of demo.yaml; this module only reads it and checks it.

A moment is named the way a person can find it again, never by a database id: the media item's
slug, the transcript's language where the item has several tracks, and the segment's start time
as the transcript file writes it. A clip found by its record (metadata and tags) has no segment:
it is the item as a whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from media_catalog.models import MediaItem, Segment, Transcript

GRADES = (0, 1, 2, 3)
# (media slug, transcript language, segment start) or (media slug, None, None) for a whole item.
MomentKey = tuple[str, str | None, int | None]
_CLOCK = re.compile(r"^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$")


@dataclass(frozen=True)
class Moment:
    """A judged moment as the file writes it; the language may be left to the catalog."""

    media: str
    language: str | None = None
    start_ms: int | None = None  # None: the item as a whole


@dataclass
class JudgedQuery:
    query: str
    category: str
    judged: dict[Moment, int]
    filters: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    @property
    def label(self) -> str:
        if not self.filters:
            return self.query
        shown = ", ".join(f"{name}={value}" for name, value in sorted(self.filters.items()))
        return f"{self.query} [{shown}]"


@dataclass
class JudgedSet:
    name: str
    queries: list[JudgedQuery]
    floors: dict[str, float] = field(default_factory=dict)


def parse_clock(text: str) -> int:
    """'00:05:45.202' -> 345202: the start time exactly as a WebVTT cue writes it."""
    match = _CLOCK.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a start time like 00:05:45.202")
    hours, minutes, seconds, millis = (int(part) for part in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def load(path: Path) -> JudgedSet:
    """The judged set in a file; raises ValueError naming the query for a malformed entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = [_query(entry) for entry in data["queries"]]
    labels = [q.label for q in queries]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"{path.name}: queries judged twice: {repeated}")
    return JudgedSet(path.stem, queries, dict(data.get("floors") or {}))


def _query(entry: dict[str, Any]) -> JudgedQuery:
    query = str(entry["query"])
    try:
        judged = {
            moment: grade
            for item, value in (entry.get("judged") or {}).items()
            for moment, grade in _moments(str(item), value)
        }
    except ValueError as exc:
        raise ValueError(f"query {query!r}: {exc}") from None
    if not any(grade > 0 for grade in judged.values()):
        raise ValueError(f"query {query!r}: nothing judged relevant, so no nDCG")
    filters = dict(entry.get("filters") or {})
    return JudgedQuery(query, str(entry["category"]), judged, filters, str(entry.get("note") or ""))


def _moments(item: str, value: Any) -> list[tuple[Moment, int]]:
    """`slug: 3` judges a whole item; `slug` or `slug/lang` mapping start times to grades
    judges its segments."""
    media, _, language = item.partition("/")
    if not isinstance(value, dict):
        return [(Moment(media), _grade(value))]
    return [
        (Moment(media, language or None, parse_clock(start)), _grade(grade))
        for start, grade in value.items()
    ]


def _grade(value: Any) -> int:
    if value not in GRADES or isinstance(value, bool):
        raise ValueError(f"grade {value!r} is not one of {GRADES}")
    return int(value)


@dataclass
class CatalogMoments:
    """What a catalog holds, to resolve and check judged moments against."""

    items: set[str]
    languages: dict[tuple[str, int], set[str]]  # (slug, start) -> languages of segments there


def catalog_moments(session: Session) -> CatalogMoments:
    rows = session.execute(
        select(MediaItem.slug, Segment.start_ms, Transcript.language)
        .join(Transcript, Transcript.id == Segment.transcript_id)
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
    )
    languages: dict[tuple[str, int], set[str]] = {}
    for slug, start_ms, language in rows:
        languages.setdefault((slug, start_ms), set()).add(language)
    return CatalogMoments(set(session.scalars(select(MediaItem.slug))), languages)


def moment_keys(query: JudgedQuery, catalog: CatalogMoments) -> dict[MomentKey, int]:
    """The query's grades keyed as ranked moments are; raises ValueError for a moment the
    catalog does not hold, or one whose track is left unnamed where the item has several."""
    keys: dict[MomentKey, int] = {}
    for moment, grade in query.judged.items():
        keys[_key(moment, catalog, query.label)] = grade
    return keys


def _key(moment: Moment, catalog: CatalogMoments, label: str) -> MomentKey:
    if moment.media not in catalog.items:
        raise ValueError(f"query {label!r}: no media item {moment.media!r}")
    if moment.start_ms is None:
        return (moment.media, None, None)
    found = catalog.languages.get((moment.media, moment.start_ms), set())
    where = f"{moment.media} at {moment.start_ms} ms"
    if moment.language is not None:
        if moment.language not in found:
            raise ValueError(f"query {label!r}: no {moment.language} segment in {where}")
        return (moment.media, moment.language, moment.start_ms)
    if len(found) != 1:
        raise ValueError(
            f"query {label!r}: {where} has {len(found)} tracks ({sorted(found)}): name one"
        )
    return (moment.media, next(iter(found)), moment.start_ms)
