"""Reading the catalog for people: what the home, film, media item and entity pages show.
Every query filters through access.py; functions take a session and a user, never Flask."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from . import access, revision
from .models import Annotation, Entity, Film, MediaItem, Segment, Transcript, User, film_media


@dataclass
class Moment:
    """An annotation as a page shows it: where, when, and the words around it. `echo`: it is
    in a translation whose original names the same entity there (see is_echo)."""

    annotation: Annotation
    media: MediaItem
    segment: Segment | None
    in_translation: bool = False
    echo: bool = False

    @property
    def key(self) -> tuple[int, int, int]:
        a = self.annotation
        return a.media_item_id, a.start_ms, a.end_ms


# A moment is a stretch of one media item named by an annotation (a name said twice in one
# segment is one moment), counted once however many tracks say it: an annotation on a
# translation's segment is an *echo* when an annotation to the same entity, not rejected, on an
# original's (or captions') segment of the same item overlaps it in time, and echoes are not
# counted (even when the translation splits or merges the original's cues). is_echo says it in
# SQL for counts over the whole catalog; mark_echoes says it for the moments a page has read
# (one entity's, one item's), where every candidate original is among them.


def mark_echoes(moments: list[Moment]) -> list[Moment]:
    """Set `echo` on each moment that is one (see above); returns the moments."""
    said: dict[tuple[int | None, int], list[tuple[int, int]]] = defaultdict(list)
    for m in moments:
        if m.segment is not None and not m.in_translation:
            a = m.annotation
            said[(a.entity_id, a.media_item_id)].append((a.start_ms, a.end_ms))
    for m in moments:
        a = m.annotation
        spans = said.get((a.entity_id, a.media_item_id), ())
        m.echo = m.in_translation and any(s < a.end_ms and e > a.start_ms for s, e in spans)
    return moments


def is_echo(annotation: Any = Annotation) -> ColumnElement[bool]:
    """Whether `annotation` (a column entity of the outer query) is a translation's echo, in
    SQL (see mark_echoes above for the rule)."""
    segment, track = aliased(Segment), aliased(Transcript)
    other, other_segment, other_track = aliased(Annotation), aliased(Segment), aliased(Transcript)
    in_translation = (
        exists()
        .where(segment.id == annotation.segment_id, track.id == segment.transcript_id)
        .where(track.kind == "translation")
    )
    said_in_original = exists().where(
        other.media_item_id == annotation.media_item_id,
        other.entity_id == annotation.entity_id,
        other.status != "rejected",
        other.start_ms < annotation.end_ms,
        other.end_ms > annotation.start_ms,
        other_segment.id == other.segment_id,
        other_track.id == other_segment.transcript_id,
        other_track.kind != "translation",
    )
    return and_(in_translation, said_in_original)


def distinct_moments(query: Select[Any]) -> Select[Any]:
    """The distinct moments (entity, media item, start, end) of an annotation query, echoes
    left out: what every count of mentions counts."""
    return (
        query.with_only_columns(
            Annotation.entity_id,
            Annotation.media_item_id,
            Annotation.start_ms,
            Annotation.end_ms,
        )
        .where(~is_echo())
        .distinct()
    )


@dataclass
class EntityPage:
    entity: Entity
    moments_by_media: list[tuple[MediaItem, list[Moment]]] = field(default_factory=list)
    moment_count: int = 0


def mention_counts(
    session: Session, user: User | None, kind: str | None = None, limit: int | None = None
) -> list[tuple[Entity, int]]:
    """Entities with how many visible, not rejected moments link to them, most first (a
    moment named in an original and its translation counts once). Counted once per revision
    of the catalog for the public and for those who see everything (it reads every mention:
    about a second at 1,000 hours); viewers with grants of their own are counted afresh."""
    audience = access.audience_key(user)
    compute = lambda: _mention_counts(session, user, kind, limit)  # noqa: E731
    counted = (
        compute()
        if audience is None
        else revision.kept(session, ("mention_counts", audience, kind, limit), compute)
    )
    query = select(Entity).where(access.entity_visible(user))
    query = query.where(Entity.id.in_([i for i, _ in counted])) if limit else query
    entities = {
        e.id: e for e in session.scalars(query.where(Entity.kind == kind) if kind else query)
    }
    return [(entities[i], n) for i, n in counted if i in entities]


def _mention_counts(
    session: Session, user: User | None, kind: str | None, limit: int | None
) -> list[tuple[int, int]]:
    visible = distinct_moments(_visible_annotations(user)).subquery()
    count = func.count(visible.c.entity_id)
    query = (
        select(Entity.id, count)
        .outerjoin(visible, visible.c.entity_id == Entity.id)
        .where(access.entity_visible(user))
        .group_by(Entity.id)
        .order_by(count.desc(), Entity.name)
    )
    if kind:
        query = query.where(Entity.kind == kind)
    if limit:
        query = query.limit(limit)
    return [(entity_id, n) for entity_id, n in session.execute(query)]


def _visible_annotations(user: User | None, *columns: Any) -> Select[Any]:
    """Annotations (with their media item, segment and entity joined) a user may see, not
    rejected: the one query every page showing moments starts from."""
    return (
        select(*(columns or (Annotation.id, Annotation.entity_id)))
        .select_from(Annotation)
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .outerjoin(Entity, Entity.id == Annotation.entity_id)
        .where(access.annotation_visible(user), Annotation.status != "rejected")
    )


def films(session: Session) -> list[Film]:
    return list(session.scalars(select(Film).order_by(Film.year, Film.title)))


def events_in_order(session: Session, user: User | None) -> list[Entity]:
    return list(
        session.scalars(
            select(Entity)
            .where(Entity.kind == "event", access.entity_visible(user))
            .order_by(Entity.date_start.is_(None), Entity.date_start, Entity.name)
        )
    )


def film_by_slug(session: Session, slug: str) -> Film | None:
    return session.scalar(select(Film).where(Film.slug == slug))


def film_media_items(session: Session, user: User | None, film: Film) -> list[MediaItem]:
    return list(
        session.scalars(
            select(MediaItem)
            .join(film_media, film_media.c.media_item_id == MediaItem.id)
            .where(film_media.c.film_id == film.id, access.media_visible(user))
            .order_by(MediaItem.kind.desc(), MediaItem.date_start, MediaItem.title)
        )
    )


def media_item(session: Session, user: User | None, slug: str) -> MediaItem:
    item = session.scalar(
        select(MediaItem).where(MediaItem.slug == slug).options(selectinload(MediaItem.films))
    )
    return access.require_visible(user, item)  # type: ignore[no-any-return]


def transcripts_of(session: Session, user: User | None, item: MediaItem) -> list[Transcript]:
    query = (
        select(Transcript)
        .join(MediaItem)
        .where(Transcript.media_item_id == item.id, access.transcript_visible(user))
    )
    order = {"original": 0, "translation": 1, "captions": 2, "machine": 3}
    return sorted(session.scalars(query), key=lambda t: (order.get(t.kind, 9), t.language))


def transcript_in(
    session: Session, user: User | None, item: MediaItem, language: str
) -> Transcript:
    """A media item's track in one language, if the user may see it; NotFound otherwise."""
    track = next((t for t in transcripts_of(session, user, item) if t.language == language), None)
    return access.require_visible(user, track)  # type: ignore[no-any-return]


class SegmentView(NamedTuple):
    """A segment as pages, captions and the API read it: plain values, no ORM bookkeeping, which
    a three-hour interview's two thousand segments would pay for on every page view."""

    id: int
    position: int
    start_ms: int
    end_ms: int
    speaker: str | None
    text: str
    pid: str | None = None  # its persistent identifier: "Cite this moment" links to it
    word_timings: str | None = None  # measured word times (words.py), when aligned or recognised


def visible_segments(
    session: Session, user: User | None, transcript: Transcript
) -> list[SegmentView]:
    query = (
        select(
            Segment.id,
            Segment.position,
            Segment.start_ms,
            Segment.end_ms,
            Segment.speaker,
            Segment.text,
            Segment.pid,
            Segment.word_timings,
        )
        .select_from(Segment)
        .join(Transcript)
        .join(MediaItem)
        .where(Segment.transcript_id == transcript.id, access.segment_visible(user))
        .order_by(Segment.position)
    )
    return [SegmentView(*row) for row in session.execute(query)]


def _track_kind(query: Select[Any]) -> Select[Any]:
    """The query with the kind of each annotation's track, to tell translations' echoes."""
    return query.add_columns(Transcript.kind).outerjoin(
        Transcript, Transcript.id == Segment.transcript_id
    )


def media_annotations(session: Session, user: User | None, item: MediaItem) -> list[Moment]:
    rows = session.execute(
        _track_kind(_visible_annotations(user, Annotation, Segment))
        .where(Annotation.media_item_id == item.id)
        .options(selectinload(Annotation.entity))
        .order_by(Annotation.start_ms)
    )
    return mark_echoes(
        [Moment(a, item, segment, kind == "translation") for a, segment, kind in rows]
    )


def moment_count(moments: list[Moment]) -> int:
    """How many moments these are: echoes left out, one per stretch (see distinct_moments)."""
    return len({m.key for m in moments if not m.echo})


KIND_ORDER = {"person": 0, "event": 1, "place": 2, "organization": 3, "topic": 4}


def moments_by_entity(moments: list[Moment]) -> list[tuple[Entity, list[Moment]]]:
    """People first, then events, places, organisations; the most mentioned first in each."""
    grouped: dict[int, tuple[Entity, list[Moment]]] = {}
    for moment in moments:
        if (entity := moment.annotation.entity) is not None:
            grouped.setdefault(entity.id, (entity, []))[1].append(moment)
    return sorted(
        grouped.values(),
        key=lambda g: (KIND_ORDER.get(g[0].kind, 9), -moment_count(g[1]), g[0].name),
    )


def spans_by_segment(moments: list[Moment]) -> dict[int, list[tuple[int, int, Entity]]]:
    """Where each segment's text names an entity, for marking mentions in the transcript."""
    spans: dict[int, list[tuple[int, int, Entity]]] = defaultdict(list)
    for moment in moments:
        a = moment.annotation
        if a.segment_id and a.entity is not None and a.span_start is not None and a.span_end:
            spans[a.segment_id].append((a.span_start, a.span_end, a.entity))
    return spans


def entity_by_slug(session: Session, user: User | None, slug: str) -> Entity:
    entity = session.scalar(
        select(Entity).where(Entity.slug == slug).options(selectinload(Entity.aliases))
    )
    return access.require_visible(user, entity)  # type: ignore[no-any-return]


def entity_page(
    session: Session, user: User | None, entity: Entity, *, one_per_moment: bool = False
) -> EntityPage:
    """Every annotation of the entity the user may see, per media item; a page for reading
    asks for `one_per_moment` (exports and the API keep every annotation)."""
    rows = session.execute(
        _track_kind(_visible_annotations(user, Annotation, MediaItem, Segment))
        .where(Annotation.entity_id == entity.id)
        .order_by(MediaItem.title, Annotation.start_ms)
    )
    counted = mark_echoes([Moment(a, m, s, kind == "translation") for a, m, s, kind in rows])
    grouped: dict[int, tuple[MediaItem, dict[tuple[int, ...], Moment]]] = {}
    for moment in counted:
        annotation, media = moment.annotation, moment.media
        if one_per_moment and moment.echo:
            continue  # its original is listed
        moments = grouped.setdefault(media.id, (media, {}))[1]
        key = moment.key if one_per_moment else (annotation.id,)
        if key not in moments or _preferred(moment) < _preferred(moments[key]):
            moments[key] = moment
    by_media = [(media, list(moments.values())) for media, moments in grouped.values()]
    return EntityPage(entity, by_media, moment_count(counted))


def _preferred(moment: Moment) -> tuple[bool, bool, bool, int]:
    """Which of the annotations of one moment an entity page lists (it lists a moment once):
    the same words are found in the original and in its translation, and a name said twice in
    one segment is found twice. Confirmed before suggested, the original's words before the
    translation's, a role (speaking, depicted) before a plain mention, then the oldest."""
    annotation, segment = moment.annotation, moment.segment
    return (
        annotation.status != "confirmed",
        segment is not None and segment.transcript.kind == "translation",
        annotation.role not in ("speaking", "depicted"),
        annotation.id,
    )


def entities_by_kind(session: Session, user: User | None) -> dict[str, list[tuple[Entity, int]]]:
    grouped: dict[str, list[tuple[Entity, int]]] = defaultdict(list)
    for entity, count in mention_counts(session, user):
        grouped[entity.kind].append((entity, count))
    return grouped
