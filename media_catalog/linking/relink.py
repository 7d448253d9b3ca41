"""(Re-)linking transcript tracks to the authority, incrementally and idempotently.

A track is linked again only when it is new, was replaced, or the authority changed since (its
`linked_with` fingerprint differs). Re-linking never re-suggests what an editor rejected, never
touches what an editor confirmed or added, and drops machine suggestions that no longer hold
(their alias is gone, or the text changed)."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from ..db import insert_rows
from ..models import (
    Alias,
    Annotation,
    Entity,
    MediaItem,
    NameCandidate,
    Segment,
    SegmentDate,
    Transcript,
)
from ..models.base import utcnow
from .analysis import (
    DATE_COLUMNS,
    PARALLEL_MIN_SEGMENTS,
    SUGGESTION_COLUMNS,
    Analyser,
    Suggestions,
    TrackRows,
    TrackSegments,
)
from .matcher import AliasSpec, Matcher, TrackContext
from .normalise import fold_key

AUTO_AUTHOR = "matcher"
LOOKAHEAD = 6  # tracks analysed ahead of the one being stored


@dataclass
class LinkReport:
    tracks: int = 0
    segments: int = 0
    characters: int = 0
    added: int = 0
    removed: int = 0
    kept: int = 0
    dates: int = 0


def build_matcher(session: Session) -> Matcher:
    """Every entity's name and aliases (restricted entities too: access is decided on reading)."""
    specs = [AliasSpec(e.id, e.kind, e.name) for e in session.scalars(select(Entity))]
    rows = session.execute(
        select(Alias.entity_id, Entity.kind, Alias.text, Alias.language, Alias.ambiguous).join(
            Entity, Entity.id == Alias.entity_id
        )
    )
    specs += [AliasSpec(*row) for row in rows]
    return Matcher(specs)


def stale_tracks(
    session: Session, matcher: Matcher, media_ids: list[int] | None = None, force: bool = False
) -> list[int]:
    return [track.id for track in _stale(session, matcher, media_ids, force)]


@dataclass(frozen=True)
class _Track:
    id: int
    media_item_id: int
    language: str
    interviewee: str | None
    linked_with: str | None


def _stale(
    session: Session, matcher: Matcher, media_ids: list[int] | None, force: bool
) -> list[_Track]:
    query = (
        select(
            Transcript.id,
            Transcript.media_item_id,
            Transcript.language,
            MediaItem.interviewee,
            Transcript.linked_with,
        )
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
        .order_by(Transcript.media_item_id, Transcript.id)
    )
    if media_ids is not None:
        query = query.where(Transcript.media_item_id.in_(media_ids))
    if not force:
        query = query.where(
            (Transcript.linked_with.is_(None)) | (Transcript.linked_with != matcher.fingerprint)
        )
    return [_Track(*row) for row in session.execute(query)]


def link(
    session: Session,
    *,
    media_ids: list[int] | None = None,
    force: bool = False,
    matcher: Matcher | None = None,
    on_track: Callable[[int], None] | None = None,
    parallel: bool | None = None,
) -> LinkReport:
    """Link every stale track (or all, with force) in the caller's transaction. The texts are
    analysed in worker processes when there are many (`parallel` None) or when asked."""
    matcher = matcher or build_matcher(session)
    report = LinkReport()
    session.flush()  # the tracks just imported must be in the database the linker reads
    tracks = _stale(session, matcher, media_ids, force)
    if parallel is None:
        parallel = _segment_count(session, tracks) >= PARALLEL_MIN_SEGMENTS
    # A first linking (after an import, the common case) has nothing to reconcile: asking
    # once up front spares a query per track.
    items = {track.media_item_id for track in tracks}
    known = _Known(
        annotated=_media_items_with(session, Annotation.media_item_id, items),
        with_candidates=_media_items_with(session, NameCandidate.media_item_id, items),
    )
    in_flight: deque[tuple[_Track, TrackSegments, Future[TrackRows]]] = deque()

    def store_oldest() -> None:
        track, segments, rows = in_flight.popleft()
        _store_track(session, track, segments, rows.result(), known, report)
        if on_track:
            on_track(track.id)

    with Analyser(matcher, parallel) as analyser:
        for track in tracks:
            segments = _read_segments(session, matcher, track)
            in_flight.append((track, segments, analyser.submit(segments)))
            if len(in_flight) > LOOKAHEAD:
                store_oldest()
        while in_flight:
            store_oldest()
    if tracks:
        session.execute(
            update(Transcript)
            .where(Transcript.id.in_([track.id for track in tracks]))
            .values(linked_with=matcher.fingerprint)
            .execution_options(synchronize_session="fetch")
        )
    return report


@dataclass
class _Known:
    """Media items that had annotations when linking began, and that have name candidates."""

    annotated: set[int]
    with_candidates: set[int]


def _media_items_with(session: Session, column: Any, items: set[int]) -> set[int]:
    if not items:
        return set()
    return set(session.scalars(select(column).where(column.in_(items)).distinct()))


def _segment_count(session: Session, tracks: list[_Track]) -> int:
    if not tracks:
        return 0
    ids = [track.id for track in tracks]
    return (
        session.scalar(
            select(func.count()).select_from(Segment).where(Segment.transcript_id.in_(ids))
        )
        or 0
    )


def _speaker_entities(
    session: Session, matcher: Matcher, track: _Track, speakers: set[str]
) -> dict[str, int]:
    """Speaker names (and the interviewee) that name a person in the authority."""
    names = set(speakers)
    if track.interviewee:
        names.add(track.interviewee.split("(")[0].strip())
    people: dict[str, int] = {}
    for name in filter(None, names):
        mentions = matcher.find(name, TrackContext())
        if len(mentions) == 1 and fold_key(mentions[0].quote) == fold_key(name):
            entity = session.get(Entity, mentions[0].entity_id)
            if entity is not None and entity.kind == "person":
                people[name] = entity.id
    return people


# Statements built once: building them for each of a thousand tracks costs more than running them.
_TRACK = bindparam("track_id")
_SEGMENTS_OF_TRACK = (
    select(
        Segment.id,
        Segment.start_ms,
        Segment.end_ms,
        Segment.text,
        Segment.speaker,
        Segment.speaker_entity_id,
    )
    .where(Segment.transcript_id == _TRACK)
    .order_by(Segment.position)
)
_SEGMENT_IDS_OF_TRACK = select(Segment.id).where(Segment.transcript_id == _TRACK)
_ENTITY_ANNOTATIONS_OF_TRACK = select(
    Annotation.id,
    Annotation.segment_id,
    Annotation.entity_id,
    Annotation.role,
    Annotation.span_start,
    Annotation.origin,
    Annotation.status,
).where(Annotation.segment_id.in_(_SEGMENT_IDS_OF_TRACK), Annotation.entity_id.is_not(None))
_DELETE_DATES_OF_TRACK = delete(SegmentDate).where(
    SegmentDate.segment_id.in_(_SEGMENT_IDS_OF_TRACK)
)


def _read_segments(session: Session, matcher: Matcher, track: _Track) -> TrackSegments:
    result = session.connection().execute(_SEGMENTS_OF_TRACK, {"track_id": track.id})
    rows = result.cursor.fetchall()  # the driver's tuples: wrapping each in a Row costs more
    result.close()
    if not rows:
        return TrackSegments(track.media_item_id)
    ids, starts, ends, texts, speakers, speaker_entities = zip(*rows, strict=True)
    people = _speaker_entities(session, matcher, track, set(speakers))
    return TrackSegments(
        track.media_item_id, ids, starts, ends, list(texts), speakers, people, any(speaker_entities)
    )


def _store_track(
    session: Session,
    track: _Track,
    segments: TrackSegments,
    rows: TrackRows,
    known: _Known,
    report: LinkReport,
) -> None:
    connection = session.connection()
    suggestions = rows.suggestions.rows()
    if track.media_item_id in known.annotated:
        new, stale, kept = _reconcile(connection, track, suggestions)
    else:  # only this run adds annotations, and only for the track it is storing
        new, stale, kept = suggestions, [], 0
    if stale:
        connection.execute(delete(Annotation).where(Annotation.id.in_(stale)))
    now = utcnow()
    insert_rows(
        connection,
        Annotation.__table__,  # type: ignore[arg-type]
        SUGGESTION_COLUMNS,
        new,
        constants={
            "media_item_id": track.media_item_id,
            "origin": "auto",
            "status": "suggested",
            "author": AUTO_AUTHOR,
            "version": 1,
            "needs_review": False,
            "created_at": now,
            "updated_at": now,
        },
    )
    if track.linked_with is not None:  # only linking stores dates: a new track has none
        connection.execute(_DELETE_DATES_OF_TRACK, {"track_id": track.id})
    insert_rows(connection, SegmentDate.__table__, DATE_COLUMNS, rows.dates)  # type: ignore[arg-type]
    if track.media_item_id in known.with_candidates or rows.candidates:
        _store_candidates(session, track, rows.candidates, rows.first_seen)
        known.with_candidates.add(track.media_item_id)
    if rows.speaker_ids or segments.had_speaker_entities:
        _store_speaker_entities(session, track.id, rows.speaker_ids)
    report.tracks += 1
    report.segments += len(segments.texts)
    report.characters += sum(map(len, segments.texts))
    report.added += len(new)
    report.removed += len(stale)
    report.kept += kept
    report.dates += len(rows.dates)


def _reconcile(
    connection: Connection,
    track: _Track,
    suggestions: list[tuple],  # type: ignore[type-arg]
) -> tuple[list[tuple], list[int], int]:  # type: ignore[type-arg]
    """What the track's annotations already say against what the matcher wants now: the
    suggestions to add, the machine suggestions to drop (ids), and how many stay as they are.
    An editor's decision on a segment, entity and role always stands."""
    wanted = {Suggestions.key(row): row for row in suggestions}
    existing = connection.execute(_ENTITY_ANNOTATIONS_OF_TRACK, {"track_id": track.id}).all()
    decided = {
        (a.segment_id, a.entity_id, a.role)
        for a in existing
        if a.origin == "editor" or a.status != "suggested"
    }
    stale, kept = [], 0
    for row in existing:
        if row.origin != "auto" or row.status != "suggested":
            continue
        key = (
            row.segment_id,
            row.entity_id,
            row.role,
            row.span_start if row.role != "speaking" else None,
        )
        if key in wanted and (row.segment_id, row.entity_id, row.role) not in decided:
            del wanted[key]  # already suggested: keep it as it is
            kept += 1
        else:
            stale.append(row.id)
    new = [values for key, values in wanted.items() if key[:3] not in decided]
    return new, stale, kept


def _store_speaker_entities(session: Session, transcript_id: int, changed: list[dict]) -> None:  # type: ignore[type-arg]
    session.execute(
        update(Segment)
        .where(Segment.transcript_id == transcript_id, Segment.speaker_entity_id.is_not(None))
        .values(speaker_entity_id=None)
    )
    if changed:
        session.execute(update(Segment), changed)  # bulk UPDATE by primary key


def _store_candidates(
    session: Session, transcript: _Track, counts: Counter[str], first_seen: dict[str, str]
) -> None:
    """Keep the track's counts on its media item's candidates; a dismissal stays dismissed."""
    track = str(transcript.id)
    table = NameCandidate.__table__
    connection = session.connection()
    known = connection.execute(
        select(
            NameCandidate.id, NameCandidate.key, NameCandidate.per_track, NameCandidate.status
        ).where(NameCandidate.media_item_id == transcript.media_item_id)
    ).all()
    changed, gone = [], []
    for candidate_id, key, per_track, status in known:
        per_track = dict(per_track or {})
        before = per_track.get(track)
        if counts.get(key):
            per_track[track] = counts[key]
        else:
            per_track.pop(track, None)
        count = sum(per_track.values())
        if not count and status == "open":
            gone.append(candidate_id)
        elif per_track.get(track) != before:
            changed.append({"key_id": candidate_id, "per_track": per_track, "count": count})
    if gone:
        connection.execute(delete(table).where(table.c.id.in_(gone)))
    if changed:
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("key_id"))
            .values(per_track=bindparam("per_track"), count=bindparam("count")),
            changed,
        )
    known_keys = {key for _, key, _, _ in known}
    insert_rows(
        connection,
        table,  # type: ignore[arg-type]
        ("key", "text", "count", "per_track"),
        [
            (key, first_seen[key], count, {track: count})
            for key, count in counts.items()
            if key not in known_keys
        ],
        constants={
            "media_item_id": transcript.media_item_id,
            "language": transcript.language,
            "status": "open",
        },
    )
