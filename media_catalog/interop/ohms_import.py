"""Storing an OHMS record in the catalog, in the caller's transaction: the interview as a media
item, its transcripts as timed segments, index points as chapters (origin "ohms"), subjects as
annotations. Everything is read and checked before anything is written; importing the same
file again replaces what it brought the first time."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import audit, edits, restrictions
from ..chapters import ChapterError, add_chapter, with_ends
from ..db import insert_rows
from ..errors import IngestError
from ..ingest.reattach import preserve_editor_annotations, reattach_annotations
from ..ingest.sources import file_checksum, remember_source, source_unchanged
from ..models import Alias, Annotation, Chapter, Entity, Film, MediaItem, Segment, Transcript
from .ohms import OhmsRecord, Track, read_ohms

AUTHOR = "ohms"  # annotations an OHMS file brought, replaced when it is imported again
# A record's <subject> that names no entity is kept as a tag with this role.
SUBJECT_ROLE = "subject"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_RANGE_MS = 1000


@dataclass
class OhmsImport:
    path: Path
    slug: str
    status: str  # "imported" | "replaced" | "unchanged"
    segments: int = 0
    chapters: int = 0
    annotations: int = 0
    warnings: list[str] = field(default_factory=list)


def slug_for(record: OhmsRecord) -> str:
    """The cms_record_id when it is a slug (our own exports write it), else one made from the
    accession number or the title."""
    if record.slug_hint and SLUG_RE.match(record.slug_hint) and len(record.slug_hint) <= 200:
        return record.slug_hint
    source = record.accession or record.title
    ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:200]
    if not slug:
        raise IngestError(str(record.path), f"cannot make a slug from {source!r}: give one")
    return slug


def media_end_ms(session: Session, item: MediaItem) -> int:
    """Where the item ends: its duration, else its last segment's end, else just past its last
    chapter. Whole-item and chapter annotations reach here on import and export alike."""
    if item.duration_ms:
        return item.duration_ms
    last_segment = session.scalar(
        select(func.max(Segment.end_ms)).join(Transcript).where(Transcript.media_item_id == item.id)
    )
    last_chapter = session.scalar(
        select(func.max(Chapter.start_ms)).where(Chapter.media_item_id == item.id)
    )
    return max(last_segment or 0, (last_chapter or 0) + MIN_RANGE_MS, MIN_RANGE_MS)


def chapter_ranges(chapters: list[Chapter], end_ms: int) -> list[tuple[Chapter, int, int]]:
    """Each chapter with the time range its subjects are annotated on."""
    return [
        (chapter, chapter.start_ms, max(end or end_ms, chapter.start_ms + MIN_RANGE_MS))
        for chapter, end in with_ends(chapters, end_ms)
    ]


class EntityNames:
    """Subjects name entities as written or inverted ("Sharansky, Natan"): matched on the name
    or an alias, case folded."""

    def __init__(self, session: Session) -> None:
        self.by_name: dict[str, Entity] = {}
        for entity in session.scalars(select(Entity).order_by(Entity.id)):
            self.by_name.setdefault(entity.name.casefold(), entity)
        aliases = session.execute(select(Alias.text, Entity).join(Entity).order_by(Alias.id))
        for text, entity in aliases:
            self.by_name.setdefault(text.casefold(), entity)

    def find(self, subject: str) -> Entity | None:
        key = subject.casefold().strip()
        if key in self.by_name:
            return self.by_name[key]
        if "," in key:
            last, first = (part.strip() for part in key.split(",", 1))
            return self.by_name.get(f"{first} {last}")
        return None


def import_ohms(
    session: Session,
    path: Path,
    *,
    slug: str | None = None,
    film: str | None = None,
    actor: str = "cli",
) -> OhmsImport:
    record = read_ohms(path)
    slug = slug or slug_for(record)
    checksum = file_checksum(path)
    known = session.scalar(select(MediaItem.id).where(MediaItem.slug == slug))
    if known is not None and source_unchanged(session, path, checksum):
        return OhmsImport(path, slug, "unchanged")  # the same file again changes nothing
    film_row = None
    if film:
        film_row = session.scalar(select(Film).where(Film.slug == film))
        if film_row is None:
            raise IngestError(str(path), f"film '{film}' is not in the catalog")
    item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
    result = OhmsImport(path, slug, "replaced" if item else "imported", warnings=record.warnings)
    if item is None:
        item = MediaItem(slug=slug, kind="interview", title=record.title)
        session.add(item)
    _describe(session, item, record, actor)
    if film_row is not None and film_row not in item.films:
        item.films.append(film_row)
    session.flush()
    for track in record.tracks:
        result.warnings += _store_track(session, item, track, path, checksum)
        result.segments += len(track.cues)
    _store_chapters(session, item, record, result)
    remember_source(session, path, "ohms", checksum)
    audit.record(
        session,
        actor,
        f"ohms.{result.status}",
        "media_item",
        item.slug,
        after={"file": str(path), "segments": result.segments, "chapters": result.chapters},
    )
    return result


def _describe(session: Session, item: MediaItem, record: OhmsRecord, actor: str) -> None:
    """The item's record from the OHMS file, under what editors changed on the web."""
    values = {
        "title": record.title,
        "description": record.description,
        "interviewee": record.interviewee,
        "interviewer": record.interviewer,
        "identifier": record.accession,
        "source_archive": record.repository,
        "source_collection": record.collection,
        "source_credit": record.funding,
        "rights": record.rights,
        "restricted": record.restricted or item.restricted,
        "duration_ms": record.duration_ms or item.duration_ms,
    }
    if record.date:
        values |= {
            "date_text": record.date.text,
            "date_start": record.date.start,
            "date_end": record.date.end,
        }
    for key, value in edits.overlay(session, "media_item", item.slug, values, actor).items():
        setattr(item, key, value)
    # The file's media fields ride in `technical`, which probing a local file keeps.
    technical = {k: v for k, v in (item.technical or {}).items() if k != "ohms"}
    item.technical = technical | ({"ohms": record.media} if record.media else {})


def _store_track(
    session: Session, item: MediaItem, track: Track, path: Path, checksum: str
) -> list[str]:
    transcript = session.scalar(
        select(Transcript).where(
            Transcript.media_item_id == item.id,
            Transcript.language == track.language,
            Transcript.kind == track.kind,
        )
    )
    kept: list[Annotation] = []
    if transcript is None:
        transcript = Transcript(media_item=item, language=track.language, kind=track.kind)
        session.add(transcript)
    else:
        kept = preserve_editor_annotations(session, transcript)
        session.execute(delete(Segment).where(Segment.transcript_id == transcript.id))
    transcript.source_path, transcript.checksum, transcript.encoding = str(path), checksum, "utf-8"
    transcript.linked_with = None  # new text: link it again
    if track.kind == "translation":
        original = next((t for t in item.transcripts if t.kind == "original"), None)
        transcript.translation_of = original.language if original else None
    session.flush()
    speaker_max = Segment.__table__.c.speaker.type.length  # type: ignore[attr-defined]
    for cue in track.cues:
        if cue.speaker and len(cue.speaker) > speaker_max:
            raise IngestError(str(path), f"speaker longer than {speaker_max} characters", cue.line)
    insert_rows(
        session.connection(),
        Segment.__table__,  # type: ignore[arg-type]
        ("position", "start_ms", "end_ms", "speaker", "text"),
        [(n, c.start_ms, c.end_ms, c.speaker, c.text) for n, c in enumerate(track.cues)],
        constants={"transcript_id": transcript.id, "restricted": False},
    )
    session.expire(transcript, ["segments"])
    restrictions.materialise(session, item)  # ranges in force cover this track too
    lost = reattach_annotations(session, transcript, kept) if kept else 0
    return [f"{lost} confirmed annotation(s) flagged for review"] if lost else []


def _store_chapters(
    session: Session, item: MediaItem, record: OhmsRecord, result: OhmsImport
) -> None:
    session.execute(
        delete(Chapter).where(Chapter.media_item_id == item.id, Chapter.origin == "ohms")
    )
    session.execute(
        delete(Annotation).where(
            Annotation.media_item_id == item.id,
            Annotation.author == AUTHOR,
            Annotation.segment_id.is_(None),
        )
    )
    chapters = []
    for point in record.points:
        try:
            chapter = add_chapter(
                session,
                None,
                item,
                title=point.title,
                start_ms=point.start_ms,
                description=point.synopsis,
                language=record.language,
                origin="ohms",
            )
        except ChapterError as exc:
            raise IngestError(str(record.path), f"<point>: {exc}", point.line) from None
        chapter.keywords, chapter.details = point.keywords, point.details
        chapters.append((chapter, point.subjects))
    result.chapters = len(chapters)
    session.flush()
    names = EntityNames(session)
    end_ms = media_end_ms(session, item)
    whole = [(s, True) for s in record.subjects] + [(k, False) for k in record.keywords]
    for text, is_subject in whole:
        # A record subject that names no entity is marked, or it would come back a keyword;
        # a point's subjects have their own element either way.
        role = SUBJECT_ROLE if is_subject else None
        _annotate(session, item, names, text, 0, end_ms, match=is_subject, role=role)
        result.annotations += 1
    ranges = chapter_ranges([c for c, _ in chapters], end_ms)
    for (_chapter, start, end), (_, subjects) in zip(ranges, chapters, strict=True):
        for subject in subjects:
            _annotate(session, item, names, subject, start, end, match=True)
            result.annotations += 1


def _annotate(
    session: Session,
    item: MediaItem,
    names: EntityNames,
    text: str,
    start_ms: int,
    end_ms: int,
    *,
    match: bool,
    role: str | None = None,
) -> None:
    entity = names.find(text) if match else None
    if entity is not None:
        role = "mentioned" if entity.kind == "person" else None
    session.add(
        Annotation(
            media_item_id=item.id,
            start_ms=start_ms,
            end_ms=end_ms,
            entity_id=entity.id if entity else None,
            tag=None if entity else text,
            role=role,
            origin="editor",
            status="confirmed",
            author=AUTHOR,
        )
    )
