"""(Re-)linking transcript tracks to the authority, incrementally and idempotently.

A track is linked again only when it is new, was replaced, or the authority changed since (its
`linked_with` fingerprint differs). Re-linking never re-suggests what an editor rejected, never
touches what an editor confirmed or added, and drops machine suggestions that no longer hold
(their alias is gone, or the text changed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, select, update
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
from .candidates import find_candidates_in_track
from .matcher import AliasSpec, Matcher, TrackContext
from .normalise import fold_key
from .spoken_dates import find_dates_in_track
from .track_text import TrackText

AUTO_AUTHOR = "matcher"


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
) -> LinkReport:
    """Link every stale track (or all, with force) in the caller's transaction."""
    matcher = matcher or build_matcher(session)
    report = LinkReport()
    session.flush()  # the tracks just imported must be in the database the linker reads
    linked = []
    for track in _stale(session, matcher, media_ids, force):
        _link_track(session, matcher, track, report)
        linked.append(track.id)
        if on_track:
            on_track(track.id)
    if linked:
        session.execute(
            update(Transcript)
            .where(Transcript.id.in_(linked))
            .values(linked_with=matcher.fingerprint)
            .execution_options(synchronize_session="fetch")
        )
    return report


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


# The columns of a new suggestion, in the order `_link_track` builds them.
_SUGGESTION = (
    "media_item_id",
    "segment_id",
    "start_ms",
    "end_ms",
    "entity_id",
    "role",
    "confidence",
    "quote",
    "span_start",
    "span_end",
)
_DATE = ("segment_id", "text", "span_start", "span_end", "date_start", "date_end")


def _link_track(session: Session, matcher: Matcher, track: _Track, report: LinkReport) -> None:
    connection = session.connection()
    rows = connection.execute(
        select(
            Segment.id,
            Segment.start_ms,
            Segment.end_ms,
            Segment.text,
            Segment.speaker,
            Segment.speaker_entity_id,
        )
        .where(Segment.transcript_id == track.id)
        .order_by(Segment.position)
    ).all()
    if not rows:
        return
    ids, starts, ends, texts, speakers, speaker_entities = zip(*rows, strict=True)
    texts = list(texts)
    people = _speaker_entities(session, matcher, track, set(speakers))
    context = TrackContext(named=set(people.values()))
    found = matcher.find_all(texts, context)

    # (segment, entity, role, span start) -> a row of _SUGGESTION
    wanted: dict[tuple[int, int, str, int | None], tuple] = {}  # type: ignore[type-arg]
    media_id = track.media_item_id
    speaker_ids = []
    if people:
        for number, speaker in enumerate(speakers):
            if (person := people.get(speaker)) is not None:
                segment_id = ids[number]
                speaker_ids.append({"id": segment_id, "speaker_entity_id": person})
                wanted[(segment_id, person, "speaking", None)] = (
                    media_id, segment_id, starts[number], ends[number], person, "speaking", 0.9,
                    None, None, None,
                )  # fmt: skip
    for number, mentions in enumerate(found):
        for m in mentions:
            segment_id = ids[number]
            wanted[(segment_id, m.entity_id, "mentioned", m.span_start)] = (
                media_id, segment_id, starts[number], ends[number], m.entity_id, "mentioned",
                m.confidence, m.quote, m.span_start, m.span_end,
            )  # fmt: skip

    track_text = TrackText(texts)
    dates = [
        (ids[number], d.text[:100], d.span_start, d.span_end, d.start, d.end)
        for number, spoken in find_dates_in_track(track_text).items()
        for d in spoken
    ]
    candidates: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    taken = [[(m.span_start, m.span_end) for m in mentions] for mentions in found]
    for _, phrase in find_candidates_in_track(track_text, taken):
        key = fold_key(phrase)[:300]
        candidates[key] += 1
        first_seen.setdefault(key, phrase[:300])

    new, stale, kept = _reconcile(connection, track, wanted)
    if stale:
        connection.execute(delete(Annotation).where(Annotation.id.in_(stale)))
    now = utcnow()
    insert_rows(
        connection,
        Annotation.__table__,  # type: ignore[arg-type]
        _SUGGESTION,
        new,
        constants={
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
        segment_ids = select(Segment.id).where(Segment.transcript_id == track.id)
        connection.execute(delete(SegmentDate).where(SegmentDate.segment_id.in_(segment_ids)))
    insert_rows(connection, SegmentDate.__table__, _DATE, dates)  # type: ignore[arg-type]
    _store_candidates(session, track, candidates, first_seen)
    if speaker_ids or any(speaker_entities):
        _store_speaker_entities(session, track.id, speaker_ids)
    report.tracks += 1
    report.segments += len(texts)
    report.characters += sum(map(len, texts))
    report.added += len(new)
    report.removed += len(stale)
    report.kept += kept
    report.dates += len(dates)


def _reconcile(
    connection: Connection,
    track: _Track,
    wanted: dict[tuple[int, int, str, int | None], tuple],  # type: ignore[type-arg]
) -> tuple[list[tuple], list[int], int]:  # type: ignore[type-arg]
    """What the track's annotations already say against what the matcher wants now: the
    suggestions to add, the machine suggestions to drop (ids), and how many stay as they are.
    An editor's decision on a segment, entity and role always stands."""
    segment_ids = select(Segment.id).where(Segment.transcript_id == track.id)
    existing = connection.execute(
        select(
            Annotation.id,
            Annotation.segment_id,
            Annotation.entity_id,
            Annotation.role,
            Annotation.span_start,
            Annotation.origin,
            Annotation.status,
        ).where(Annotation.segment_id.in_(segment_ids), Annotation.entity_id.is_not(None))
    ).all()
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
