"""(Re-)linking transcript tracks to the authority, incrementally and idempotently.

A track is linked again only when it is new, was replaced, or the authority changed since (its
`linked_with` fingerprint differs). Re-linking never re-suggests what an editor rejected, never
touches what an editor confirmed or added, and drops machine suggestions that no longer hold
(their alias is gone, or the text changed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..models import (
    Alias,
    Annotation,
    Entity,
    NameCandidate,
    Segment,
    SegmentDate,
    Transcript,
)
from .candidates import find_candidates, has_inner_capital
from .matcher import AliasSpec, Matcher, TrackContext, segments_matching
from .normalise import fold_key
from .spoken_dates import MAYBE_DATE, find_dates

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
    query = select(Transcript.id).order_by(Transcript.media_item_id, Transcript.id)
    if media_ids is not None:
        query = query.where(Transcript.media_item_id.in_(media_ids))
    if not force:
        query = query.where(
            (Transcript.linked_with.is_(None)) | (Transcript.linked_with != matcher.fingerprint)
        )
    return list(session.scalars(query))


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
    for transcript_id in stale_tracks(session, matcher, media_ids, force):
        transcript = session.get(Transcript, transcript_id)
        assert transcript is not None
        _link_track(session, matcher, transcript, report)
        if on_track:
            on_track(transcript_id)
    session.flush()
    return report


def _speaker_entities(
    session: Session, matcher: Matcher, transcript: Transcript, speakers: set[str]
) -> dict[str, int]:
    """Speaker names (and the interviewee) that name a person in the authority."""
    names = set(speakers)
    if transcript.media_item.interviewee:
        names.add(transcript.media_item.interviewee.split("(")[0].strip())
    people: dict[str, int] = {}
    for name in filter(None, names):
        mentions = matcher.find(name, TrackContext())
        if len(mentions) == 1 and fold_key(mentions[0].quote) == fold_key(name):
            entity = session.get(Entity, mentions[0].entity_id)
            if entity is not None and entity.kind == "person":
                people[name] = entity.id
    return people


def _link_track(
    session: Session, matcher: Matcher, transcript: Transcript, report: LinkReport
) -> None:
    segments = (
        session.connection()
        .execute(
            select(
                Segment.id,
                Segment.start_ms,
                Segment.end_ms,
                Segment.text,
                Segment.speaker,
                Segment.speaker_entity_id,
            )
            .where(Segment.transcript_id == transcript.id)
            .order_by(Segment.position)
        )
        .all()
    )
    speakers = _speaker_entities(session, matcher, transcript, {row.speaker for row in segments})
    had_speaker_entities = any(row.speaker_entity_id for row in segments)
    context = TrackContext(named=set(speakers.values()))
    wanted: dict[tuple[int, int, str, int | None], dict] = {}  # type: ignore[type-arg]
    dates: list[dict] = []  # type: ignore[type-arg]
    speaker_ids: list[dict] = []  # type: ignore[type-arg]
    texts = [row.text for row in segments]
    found = matcher.find_all(texts, context)
    candidates: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    may_date = segments_matching(MAYBE_DATE, texts)
    rows = zip(segments, found, strict=True)
    for number, ((segment_id, start_ms, end_ms, text, speaker, _), mentions) in enumerate(rows):
        report.segments += 1
        report.characters += len(text)
        phrases = (
            find_candidates(text, [(m.span_start, m.span_end) for m in mentions])
            if has_inner_capital(text)
            else []
        )
        for phrase in phrases:
            key = fold_key(phrase)[:300]
            candidates[key] += 1
            first_seen.setdefault(key, phrase[:300])
        speaker_entity = speakers.get(speaker) if speaker else None
        if speaker_entity is not None:
            speaker_ids.append({"id": segment_id, "speaker_entity_id": speaker_entity})
            wanted[(segment_id, speaker_entity, "speaking", None)] = {
                "media_item_id": transcript.media_item_id,
                "segment_id": segment_id,
                "start_ms": start_ms,
                "end_ms": end_ms,
                "entity_id": speaker_entity,
                "role": "speaking",
                "confidence": 0.9,
                "quote": None,
                "span_start": None,
                "span_end": None,
            }
        for mention in mentions:
            wanted[(segment_id, mention.entity_id, "mentioned", mention.span_start)] = {
                "media_item_id": transcript.media_item_id,
                "segment_id": segment_id,
                "start_ms": start_ms,
                "end_ms": end_ms,
                "entity_id": mention.entity_id,
                "role": "mentioned",
                "confidence": mention.confidence,
                "quote": mention.quote,
                "span_start": mention.span_start,
                "span_end": mention.span_end,
            }
        for spoken in find_dates(text) if number in may_date else ():
            dates.append(
                {
                    "segment_id": segment_id,
                    "text": spoken.text[:100],
                    "span_start": spoken.span_start,
                    "span_end": spoken.span_end,
                    "date_start": spoken.start,
                    "date_end": spoken.end,
                }
            )
    segment_ids = select(Segment.id).where(Segment.transcript_id == transcript.id)
    existing = session.execute(
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
    stale = []
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
            report.kept += 1
        else:
            stale.append(row.id)
    if stale:
        session.execute(delete(Annotation).where(Annotation.id.in_(stale)))
    new = [
        dict(values, origin="auto", status="suggested", author=AUTO_AUTHOR)
        for key, values in wanted.items()
        if key[:3] not in decided
    ]
    # Core inserts (executemany): the ORM's bulk path costs more than the matching itself.
    connection = session.connection()
    if new:
        connection.execute(Annotation.__table__.insert(), new)
    session.execute(delete(SegmentDate).where(SegmentDate.segment_id.in_(segment_ids)))
    if dates:
        connection.execute(SegmentDate.__table__.insert(), dates)
    _store_candidates(session, transcript, candidates, first_seen)
    if speaker_ids or had_speaker_entities:
        _store_speaker_entities(session, transcript.id, speaker_ids)
    transcript.linked_with = matcher.fingerprint
    report.tracks += 1
    report.added += len(new)
    report.removed += len(stale)
    report.dates += len(dates)


def _store_speaker_entities(session: Session, transcript_id: int, changed: list[dict]) -> None:  # type: ignore[type-arg]
    session.execute(
        update(Segment)
        .where(Segment.transcript_id == transcript_id, Segment.speaker_entity_id.is_not(None))
        .values(speaker_entity_id=None)
    )
    if changed:
        session.execute(update(Segment), changed)  # bulk UPDATE by primary key


def _store_candidates(
    session: Session, transcript: Transcript, counts: Counter[str], first_seen: dict[str, str]
) -> None:
    """Keep the track's counts on its media item's candidates; a dismissal stays dismissed."""
    track = str(transcript.id)
    known = {
        c.key: c
        for c in session.scalars(
            select(NameCandidate).where(NameCandidate.media_item_id == transcript.media_item_id)
        )
    }
    for key, candidate in known.items():
        per_track = dict(candidate.per_track or {})
        if counts.get(key):
            per_track[track] = counts[key]
        else:
            per_track.pop(track, None)
        candidate.per_track, candidate.count = per_track, sum(per_track.values())
        if not candidate.count and candidate.status == "open":
            session.delete(candidate)
    for key, count in counts.items():
        if key not in known:
            session.add(
                NameCandidate(
                    media_item_id=transcript.media_item_id,
                    key=key,
                    text=first_seen[key],
                    language=transcript.language,
                    count=count,
                    per_track={track: count},
                )
            )
