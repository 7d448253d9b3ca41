"""Machine transcripts: an item's speech recognised by the engine the settings choose, stored
as a transcript of kind "machine" (its engine named) with per-word times and confidence, then
linked like any track so its name suggestions reach the review queue. Runs as a job."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .. import audit, jobs, restrictions
from ..jobs.runner import JobContext
from ..linking.link_job import complete_pending_links
from ..linking.relink import link
from ..models import MediaItem, Segment, Transcript, User
from ..models.transcripts import MACHINE_KIND
from ..wording import N_
from ..words import set_words
from . import SpeechError, audio_of, check_language, engine_for
from .segmenting import cues_of

TRANSCRIBE_JOB = "transcribe"
MACHINE = MACHINE_KIND


def item_by_slug(session: Session, slug: str) -> MediaItem:
    item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
    if item is None:
        raise SpeechError(f"item {slug!r}: no such media item")
    return item


def media_file(item: MediaItem, media_root: Path) -> Path:
    if not item.media_path:
        raise SpeechError(f"item {item.slug!r}: it has no media file to listen to")
    return media_root / item.media_path


def untranscribed(session: Session) -> list[str]:
    """Slugs of items with a media file and no transcript of any kind."""
    has_track = select(Transcript.media_item_id)
    return list(
        session.scalars(
            select(MediaItem.slug)
            .where(MediaItem.media_path.is_not(None), MediaItem.id.not_in(has_track))
            .order_by(MediaItem.slug)
        )
    )


def queue_transcription(
    session: Session, user: User | None, slug: str, language: str, settings: dict[str, Any]
) -> Any:
    """Check what can be checked at once (the item, its file, the engine and language), then a
    queued job row; the caller commits and submits it."""
    item = item_by_slug(session, slug)
    media_file(item, Path(settings["MEDIA_ROOT"]))
    check_language(engine_for(settings), language)
    return jobs.new_job(
        session,
        user,
        TRANSCRIBE_JOB,
        subject=f"item:{slug}",
        params={"slug": slug, "language": language},
        total=3,
    )


@jobs.handler(TRANSCRIBE_JOB, N_("Speech recognition"))
def run_transcribe(context: JobContext) -> None:
    transcribe_item(
        context.sessions,
        context.settings,
        context.params["slug"],
        context.params["language"],
        progress=context.progress,
        log=context.log,
    )


def transcribe_item(
    sessions: sessionmaker[Session],
    settings: dict[str, Any],
    slug: str,
    language: str,
    *,
    progress: Callable[[int, int], None] = lambda done, total: None,
    log: Callable[[str], None] = lambda line: None,
) -> str:
    """Recognise, store and link one item's speech (each step may be cancelled by the job's
    `progress`/`log`); what it did, in one line."""
    engine = engine_for(settings)
    check_language(engine, language)
    with sessions() as session:
        item = item_by_slug(session, slug)
        path = media_file(item, Path(settings["MEDIA_ROOT"]))
    log(f"reading the audio of {path.name}")
    pcm = audio_of(path)
    progress(1, 3)
    log(f"recognising with {engine.name} ({language})")
    heard = engine.recognise(pcm, language)
    if not heard:
        raise SpeechError(f"{path}: the {engine.name} engine heard no words")
    progress(2, 3)
    with sessions() as session, session.begin():
        count = store_machine_transcript(session, slug, language, engine.name, heard)
        report = link(session, media_ids=[item.id])
        complete_pending_links(session, report)
    progress(3, 3)
    summary = f"stored {count} machine cue(s); {report.added} name suggestion(s) to review"
    log(summary)
    return summary


def store_machine_transcript(
    session: Session, slug: str, language: str, engine: str, heard: list[Any]
) -> int:
    """A new machine track for the item; an existing one is kept, with its corrections."""
    item = item_by_slug(session, slug)
    exists = session.scalar(
        select(Transcript.id).where(
            Transcript.media_item_id == item.id,
            Transcript.language == language,
            Transcript.kind == MACHINE,
        )
    )
    if exists is not None:
        raise SpeechError(
            f"item {slug!r}: it already has a machine transcript in {language!r}; "
            "correct it in the editor (it keeps its history) rather than replacing it"
        )
    transcript = Transcript(
        media_item=item,
        language=language,
        kind=MACHINE,
        engine=engine,
        source_path=item.media_path or "",
        checksum=item.checksum or "",
        encoding="utf-8",
    )
    session.add(transcript)
    for position, cue in enumerate(cues_of(heard)):
        segment = Segment(
            transcript=transcript,
            position=position,
            start_ms=cue.start_ms,
            end_ms=cue.end_ms,
            text=cue.text,
        )
        set_words(segment, cue.words)
        session.add(segment)
    session.flush()
    restrictions.materialise(session, item)  # restricted passages hide machine text too
    audit.record(
        session,
        "speech",
        "transcript.recognised",
        "media_item",
        slug,
        after={"language": language, "kind": MACHINE, "engine": engine},
    )
    return len(transcript.segments)
