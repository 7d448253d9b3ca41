"""What every segment of a transcript shares, kept whole in memory because it is small (one row
per transcript, media item, film or entity): visibility, language, kind, dates, films, and the
archival clips' own words (title, description, source, tags), searched as documents of their
own. Re-read whole when the log says one of these tables changed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from ..models.transcripts import MACHINE_KIND
from .documents import words_of, year

DECADE_BASE = 1500  # the decades facet counts 1500 to 2139 (64 decades, one bit each)
DECADES = 64


@dataclass(frozen=True)
class EntityRow:
    slug: str
    name: str
    kind: str
    restricted: bool
    low: int | None
    high: int | None


@dataclass
class MediaRow:
    id: int
    slug: str
    title: str
    kind: str
    date_text: str | None
    restricted: bool
    low: int | None
    high: int | None
    films: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ClipLink:
    media: int  # media index
    entity_id: int | None
    start_ms: int
    end_ms: int


@dataclass
class Tables:
    transcript_index: Any  # int32 by transcript id: its index, -1 for none
    t_media: Any  # int32 media index per transcript
    t_language: list[str]
    t_restricted: Any  # bool
    t_machine: Any  # bool: a machine transcript (speech recognition), ranked below typed text
    media: list[MediaRow]
    media_index: dict[int, int]
    m_restricted: Any  # bool
    m_decades: Any  # uint64 bit mask
    entities: dict[int, EntityRow]
    films: dict[int, tuple[str, str]]
    clip_links: list[ClipLink]
    clip_words: dict[int, list[str]]  # media index -> the clip's words (non-interviews only)
    clip_tags: dict[int, list[str]]  # media index -> its tags and visible entities' names
    title_rank: Any  # int32 per media index: its place in (title, id) order, to break ties

    @cached_property
    def codes(self) -> Codes:
        return _codes(self)

    @cached_property
    def entity_arrays(self) -> tuple[Any, Any]:
        """By entity id: its kind's place in KINDS (-1: no such entity or another kind), and
        whether it is restricted: what facets count with, without a loop over entities."""
        size = max(self.entities, default=0) + 1
        kinds = np.full(size, -1, dtype=np.int8)
        restricted = np.zeros(size, dtype=bool)
        for entity_id, entity in self.entities.items():
            kinds[entity_id] = KINDS.index(entity.kind) if entity.kind in KINDS else -1
            restricted[entity_id] = entity.restricted
        return kinds, restricted


KINDS = ("person", "event", "place", "organization", "topic")


@dataclass(frozen=True)
class Codes:
    """Numbers for what facets count by, so counting is a bincount: kinds and languages as
    indexes into their lists, and (media index, film index) pairs for items in several films."""

    kinds: list[str]
    media_kind: Any  # per media index
    languages: list[str]
    transcript_language: Any  # per transcript index
    films: list[int]  # film ids
    media_of_pair: Any
    film_of_pair: Any


def _codes(tables: Tables) -> Codes:
    kinds = sorted({m.kind for m in tables.media})
    languages = sorted(set(tables.t_language))
    films = sorted(tables.films)
    pairs = [(i, films.index(f)) for i, m in enumerate(tables.media) for f in m.films]
    return Codes(
        kinds,
        np.array([kinds.index(m.kind) for m in tables.media], dtype=np.int64),
        languages,
        np.array([languages.index(code) for code in tables.t_language], dtype=np.int64),
        films,
        np.array([m for m, _ in pairs], dtype=np.int64),
        np.array([f for _, f in pairs], dtype=np.int64),
    )


def decade_mask(low: int | None, high: int | None) -> int:
    """Bits for the decades a date range touches: three at most (a span of decades is not a
    date anyone searches a decade for)."""
    if low is None:
        return 0
    first = low // 10 * 10
    last = min((high if high is not None else low) // 10 * 10, first + 20)
    mask = 0
    for decade in range(first, last + 10, 10):
        bit = (decade - DECADE_BASE) // 10
        if 0 <= bit < DECADES:
            mask |= 1 << bit
    return mask


def load(session: Session) -> Tables:
    media, media_index = _media(session)
    transcripts = session.execute(
        text("SELECT id, media_item_id, language, restricted, kind FROM transcripts ORDER BY id")
    ).all()
    size = (transcripts[-1][0] + 1) if transcripts else 1
    transcript_index = np.full(size, -1, dtype=np.int32)
    for i, row in enumerate(transcripts):
        transcript_index[row[0]] = i
    entities = {
        row[0]: EntityRow(
            row[1], row[2], row[3], bool(row[4]), year(row[5]), year(row[6] or row[5])
        )
        for row in session.execute(
            text("SELECT id, slug, name, kind, restricted, date_start, date_end FROM entities")
        )
    }
    films = {
        row[0]: (row[1], row[2])
        for row in session.execute(text("SELECT id, slug, title FROM films"))
    }
    clip_links, clip_words, clip_tags = _clips(session, media, media_index, entities)
    return Tables(
        transcript_index,
        np.array([media_index[row[1]] for row in transcripts], dtype=np.int32),
        [row[2] for row in transcripts],
        np.array([bool(row[3]) for row in transcripts], dtype=bool),
        np.array([row[4] == MACHINE_KIND for row in transcripts], dtype=bool),
        media,
        media_index,
        np.array([m.restricted for m in media], dtype=bool),
        np.array([decade_mask(m.low, m.high) for m in media], dtype=np.uint64),
        entities,
        films,
        clip_links,
        clip_words,
        clip_tags,
        _title_rank(media),
    )


def _title_rank(media: list[MediaRow]) -> Any:
    rank = np.zeros(len(media), dtype=np.int32)
    for place, i in enumerate(
        sorted(range(len(media)), key=lambda i: (media[i].title, media[i].id))
    ):
        rank[i] = place
    return rank


def _media(session: Session) -> tuple[list[MediaRow], dict[int, int]]:
    media = [
        MediaRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), year(r[6]), year(r[7] or r[6]))
        for r in session.execute(
            text(
                "SELECT id, slug, title, kind, date_text, restricted, date_start, date_end "
                "FROM media_items ORDER BY id"
            )
        )
    ]
    index = {m.id: i for i, m in enumerate(media)}
    for media_id, film_id in session.execute(text("SELECT media_item_id, film_id FROM film_media")):
        media[index[media_id]].films.append(film_id)
    return media, index


def _clips(
    session: Session,
    media: list[MediaRow],
    media_index: dict[int, int],
    entities: dict[int, EntityRow],
) -> tuple[list[ClipLink], dict[int, list[str]], dict[int, list[str]]]:
    """Clip-level links (tags on the item itself, not on a segment) and the words a clip is
    found by: its metadata and its tags (a restricted entity's name is never among them)."""
    links, tags = [], defaultdict(list)
    for media_id, entity_id, tag, start_ms, end_ms in session.execute(
        text(
            "SELECT media_item_id, entity_id, tag, start_ms, end_ms FROM annotations "
            "WHERE segment_id IS NULL AND status != 'rejected' ORDER BY start_ms, id"
        )
    ):
        i = media_index[media_id]
        links.append(ClipLink(i, entity_id, start_ms or 0, end_ms or 0))
        entity = entities.get(entity_id) if entity_id is not None else None
        if entity is None and tag:
            tags[i].append(tag)
        elif entity is not None and not entity.restricted:
            tags[i].append(entity.name)
    words = {}
    for row in session.execute(
        text(
            "SELECT id, title, description, place, date_text, source_archive, source_collection, "
            "source_credit, identifier FROM media_items WHERE kind != 'interview'"
        )
    ):
        body = " ".join(str(value) for value in row[1:] if value)
        words[media_index[row[0]]] = words_of(body + " " + " ".join(tags[media_index[row[0]]]))
    return links, words, {i: list(dict.fromkeys(names)) for i, names in tags.items()}
