"""Importing one transcript track (WebVTT or SRT plus its sidecar) into the catalog: parse and
validate everything first, then write it in the caller's transaction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import audit, edits, restrictions, slugs
from ..db import insert_rows
from ..errors import IngestError
from ..formats.cues import Cue, CueError, parse_cues, parse_timestamp
from ..formats.encodings import DecodedText, UndecodableError, check_encoding_name, decode
from ..identifiers import new_pid
from ..models import TRANSCRIPT_KINDS, Annotation, Film, MediaItem, Segment, Transcript
from .media_files import attach_media, media_path_inside
from .reattach import preserve_editor_annotations, reattach_annotations
from .sidecar_consents import SidecarConsent, read_consents
from .sidecar_consents import sync as sync_consents
from .sidecars import Fields, load_sidecar, sidecar_for
from .sources import file_checksum, remember_source, source_unchanged

TRANSCRIPT_SUFFIXES = {".vtt": "vtt", ".srt": "srt"}
LANGUAGE_RE = r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$"


@dataclass
class RestrictedPassage:
    start_ms: int
    end_ms: int
    note: str | None


@dataclass
class TranscriptFile:
    """A transcript parsed and validated, not yet stored."""

    path: Path
    sidecar_path: Path | None
    checksum: str
    encoding: str
    cues: list[Cue]
    warnings: list[str]
    media_slug: str | None = None
    language: str | None = None
    kind: str = "original"
    translation_of: str | None = None
    films: list[str] = field(default_factory=list)
    media_file: str | None = None
    media_fields: dict = field(default_factory=dict)  # type: ignore[type-arg]
    restricted_passages: list[RestrictedPassage] = field(default_factory=list)
    consents: list[SidecarConsent] = field(default_factory=list)


@dataclass
class TranscriptResult:
    path: Path
    status: str  # "imported" | "replaced" | "unchanged"
    segments: int = 0
    warnings: list[str] = field(default_factory=list)
    encoding: str = ""


def is_transcript(path: Path) -> bool:
    return path.suffix.lower() in TRANSCRIPT_SUFFIXES


def transcript_checksum(path: Path, encoding: str | None = None) -> str:
    """The track and its sidecar; an `--encoding` override counts too, so that importing an
    unchanged file again under a named encoding replaces what detection read."""
    checksum = file_checksum(path, sidecar_for(path))
    if not encoding:
        return checksum
    return hashlib.sha256(f"{checksum} {check_encoding_name(encoding)}".encode()).hexdigest()


def read_transcript(
    path: Path, *, require_sidecar: bool = True, encoding: str | None = None
) -> TranscriptFile:
    """Decode, parse and validate a transcript and its sidecar. `encoding` (the import's
    `--encoding`) overrides the sidecar's `encoding:` and detection. Raises IngestError."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read: {exc.strerror}") from None
    sidecar = sidecar_for(path)
    fields = Fields(load_sidecar(sidecar), str(sidecar)) if sidecar else None
    decoded = _decode(path, data, fields, encoding)
    try:
        parsed = parse_cues(decoded.text, TRANSCRIPT_SUFFIXES[path.suffix.lower()])
    except CueError as exc:
        raise IngestError(str(path), exc.reason, exc.line) from None
    parsed_file = TranscriptFile(
        path=path,
        sidecar_path=sidecar,
        checksum=transcript_checksum(path, encoding),
        encoding=decoded.encoding,
        cues=parsed.cues,
        warnings=decoded.warnings + parsed.warnings,
    )
    if fields is None:
        if require_sidecar:
            raise IngestError(
                str(path),
                f"no sidecar {path.with_suffix('.yaml').name} beside it: it must say which media "
                "item and film the track belongs to, its language and kind",
            )
        parsed_file.warnings.append("no sidecar: media item, language and kind unknown")
        return parsed_file
    _read_sidecar(parsed_file, fields)
    return parsed_file


def _decode(path: Path, data: bytes, fields: Fields | None, encoding: str | None) -> DecodedText:
    """Bytes to text, with the sidecar's language as a hint and its `encoding:` obeyed."""
    language = declared = None
    if fields is not None:
        language = fields.text("language")
        if (declared := fields.text("encoding")) is not None:
            try:
                declared = check_encoding_name(declared)
            except ValueError as exc:
                raise fields.fail("encoding", str(exc)) from None
    try:
        return decode(data, declared=encoding or declared, language=language)
    except UndecodableError as exc:
        raise IngestError(str(path), str(exc)) from None


def _read_sidecar(parsed: TranscriptFile, fields: Fields) -> None:
    parsed.media_slug = fields.slug("media")
    language = fields.text("language", required=True)
    if not re.match(LANGUAGE_RE, language or ""):
        raise fields.fail("language", f"{language!r} is not a BCP 47 language tag (en, ru, he)")
    parsed.language = language
    parsed.kind = fields.choice("kind", TRANSCRIPT_KINDS, default="original")
    parsed.translation_of = fields.text("translation_of")
    parsed.media_file = fields.text("file")
    parsed.films = fields.slugs("films") or (
        [f] if (f := fields.slug("film", required=False)) else []
    )
    recorded = fields.date("recorded")
    media_fields = {
        "title": fields.text("title"),
        "description": fields.text("description"),
        "interviewee": fields.text("interviewee"),
        "interviewer": fields.text("interviewer"),
        "place": fields.text("place"),
        "is_demo": fields.boolean("demo"),
        "restricted": fields.boolean("restricted"),
        "restriction_note": fields.text("restriction_note"),
        **fields.rights(),
    }
    if recorded:
        media_fields.update(
            date_text=recorded.text, date_start=recorded.start, date_end=recorded.end
        )
    parsed.media_fields = {k: v for k, v in media_fields.items() if v is not None}
    for number, item in enumerate(fields.items("restricted_passages"), 1):
        if not isinstance(item, dict):
            raise fields.fail("restricted_passages", f"item {number} must have start, end, note")
        passage = Fields(item, fields.file)  # type: ignore[arg-type]
        start, end = _clock_field(passage, "start"), _clock_field(passage, "end")
        if end <= start:
            raise passage.fail("end", "must be after start")
        parsed.restricted_passages.append(RestrictedPassage(start, end, passage.text("note")))
    parsed.consents = read_consents(fields)


def _clock_field(fields: Fields, key: str) -> int:
    value = fields.text(key, required=True) or ""
    if (ms := parse_timestamp(value)) is None:
        raise fields.fail(key, f"{value!r} is not a time (HH:MM:SS.mmm)")
    return ms


def import_transcript(
    session: Session,
    path: Path,
    media_root: Path,
    *,
    actor: str = "cli",
    encoding: str | None = None,
    consent_dir: Path | None = None,
) -> TranscriptResult:
    """Import one transcript file in the caller's transaction; `encoding` overrides detection.
    Raises IngestError."""
    checksum = transcript_checksum(path, encoding)
    if source_unchanged(session, path, checksum):
        return _attach_arrived_media(session, path, media_root)
    parsed = read_transcript(path, encoding=encoding)
    item = _media_item(session, parsed, actor)
    if parsed.sidecar_path is not None:
        sync_consents(session, item, str(parsed.sidecar_path), parsed.consents, consent_dir, actor)
    warnings = list(parsed.warnings)
    if (name := parsed.media_file) and (item.media_path != name or item.media_status != "ok"):
        warnings += attach_media(item, media_root, name, media_path_inside(media_root, name))
    old_pids = segment_pids(session, item, parsed.language, parsed.kind)
    transcript, status, kept = _track_for(session, item, parsed)
    _store_segments(session, transcript, parsed, old_pids)
    warnings += _keep_editors_work(session, item, transcript, parsed, kept, actor)
    remember_source(session, path, "transcript", parsed.checksum)
    audit.record(
        session,
        actor,
        f"transcript.{status}",
        "transcript",
        f"{item.slug}/{parsed.language}/{parsed.kind}",
        after={"file": str(path), "segments": len(parsed.cues), "checksum": parsed.checksum},
    )
    return TranscriptResult(path, status, len(parsed.cues), warnings, parsed.encoding)


def _attach_arrived_media(session: Session, path: Path, media_root: Path) -> TranscriptResult:
    """An unchanged track whose media file was missing at its import, and is there now: the
    file is attached (probed, poster, proxy) without importing the track again."""
    item = session.scalar(
        select(MediaItem).join(Transcript).where(Transcript.source_path == str(path)).limit(1)
    )
    if item is None or item.media_status != "missing" or not item.media_path:
        return TranscriptResult(path, "unchanged")
    arrived = media_path_inside(media_root, item.media_path)
    if not arrived.exists():
        return TranscriptResult(path, "unchanged")
    warnings = attach_media(item, media_root, item.media_path, arrived)
    return TranscriptResult(path, "replaced", 0, warnings)


def _track_for(
    session: Session, item: MediaItem, parsed: TranscriptFile
) -> tuple[Transcript, str, list[Annotation]]:
    """The track to fill: a new one, or the existing one emptied (editors' annotations set
    aside to re-attach); its status, and the annotations set aside."""
    transcript = session.scalar(
        select(Transcript).where(
            Transcript.media_item_id == item.id,
            Transcript.language == parsed.language,
            Transcript.kind == parsed.kind,
        )
    )
    kept: list[Annotation] = []
    if transcript is None:
        transcript = Transcript(media_item=item, language=parsed.language, kind=parsed.kind)
        session.add(transcript)
        status = "imported"
    else:
        kept = preserve_editor_annotations(session, transcript)
        session.execute(delete(Segment).where(Segment.transcript_id == transcript.id))
        transcript.linked_with = None  # new text: link it again
        status = "replaced"
    transcript.source_path, transcript.checksum = str(parsed.path), parsed.checksum
    transcript.encoding = parsed.encoding
    transcript.translation_of = parsed.translation_of
    session.flush()
    return transcript, status, kept


def _keep_editors_work(
    session: Session,
    item: MediaItem,
    transcript: Transcript,
    parsed: TranscriptFile,
    kept: list[Annotation],
    actor: str,
) -> list[str]:
    """After the new segments are in: restrictions over time, corrections and annotations made
    on the web carried over; warnings for what waits for an editor."""
    warnings = []
    passages = [(p.start_ms, p.end_ms, p.note) for p in parsed.restricted_passages]
    restrictions.set_source_ranges(
        session, item, f"{parsed.language}/{parsed.kind}", passages, actor
    )
    restrictions.materialise(session, item)  # every track of the item, this one included
    for kept_range in restrictions.editors_ranges(session, item):
        audit.record(
            session,
            actor,
            "restriction.kept",
            "media_item",
            item.slug,
            after={"start_ms": kept_range.start_ms, "end_ms": kept_range.end_ms},
        )
    if awaiting := edits.reapply_segment_edits(session, item, transcript, actor):
        warnings.append(
            f"{awaiting} correction(s) made on the web await review: the source changed "
            "under them (/review/edits)"
        )
    if kept and (lost := reattach_annotations(session, transcript, kept)):
        warnings.append(
            f"{lost} confirmed annotation(s) could not be re-attached to the new "
            "text and are flagged for review"
        )
    return warnings


def _media_item(session: Session, parsed: TranscriptFile, actor: str) -> MediaItem:
    item = slugs.find(session, MediaItem, parsed.media_slug)  # a renamed item keeps its file
    where = str(parsed.sidecar_path)
    if item is None:
        if not parsed.media_fields.get("title"):
            raise IngestError(
                where,
                f"media item '{parsed.media_slug}' is not in the catalog: "
                "describe it here (title, ...) or import the track that does",
            )
        item = MediaItem(slug=parsed.media_slug, kind="interview", sidecar_path=where)
        session.add(item)
    describes_item = parsed.kind == "original"
    fields = edits.overlay(session, "media_item", item.slug, dict(parsed.media_fields), actor)
    for key, value in fields.items():
        # The original track describes the item; a translation only fills what is missing.
        if describes_item or getattr(item, key) in (None, ""):
            setattr(item, key, value)
    for film_slug in parsed.films:
        film = session.scalar(select(Film).where(Film.slug == film_slug))
        if film is None:
            raise IngestError(
                where,
                f"field 'film': film '{film_slug}' is not in the catalog "
                "(import its films/*.yaml first)",
            )
        if film not in item.films:
            item.films.append(film)
    session.flush()
    return item


def segment_pids(session: Session, item: MediaItem, language: str, kind: str) -> dict[int, str]:
    """The persistent identifiers of a track's segments by start time, taken before a
    re-import replaces the rows: a segment that starts where it did keeps its identifier."""
    rows = session.execute(
        select(Segment.start_ms, Segment.pid)
        .join(Transcript)
        .where(
            Transcript.media_item_id == item.id,
            Transcript.language == language,
            Transcript.kind == kind,
        )
        .order_by(Segment.position.desc())  # the first segment at a time wins
    )
    return {start_ms: pid for start_ms, pid in rows if pid}


def _store_segments(
    session: Session, transcript: Transcript, parsed: TranscriptFile, old_pids: dict[int, str]
) -> None:
    rows = []
    speaker_max = Segment.__table__.c.speaker.type.length  # type: ignore[attr-defined]
    for position, cue in enumerate(parsed.cues):
        if cue.speaker and len(cue.speaker) > speaker_max:
            # PostgreSQL would refuse it and SQLite keep it: refuse it here, on both, at its line.
            raise IngestError(
                transcript.source_path,
                f"speaker name is longer than {speaker_max} characters",
                cue.line,
            )
        pid = old_pids.pop(cue.start_ms, None) or new_pid()
        rows.append((position, cue.start_ms, cue.end_ms, cue.speaker, cue.text, pid))
    # Straight through the driver: an hour of interview is 600 rows, an archive a million.
    insert_rows(
        session.connection(),
        Segment.__table__,  # type: ignore[arg-type]
        ("position", "start_ms", "end_ms", "speaker", "text", "pid"),
        rows,
        constants={"transcript_id": transcript.id, "restricted": False},
    )
    session.expire(transcript, ["segments"])
