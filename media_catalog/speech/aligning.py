"""Forced alignment: every word of an item's human transcript timed against its audio, cue by
cue (a cue's audio with a little margin). A cue counts as matching when the engine's own
recognition of it shares enough words with the text; words of a cue that does not match, or that
the aligner cannot place, keep the cue's time spread by characters (words.spread). Stored
through words.set_words; coverage is the share of words placed. Runs as a job."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .. import audit, jobs
from ..jobs.runner import JobContext
from ..models import Segment, Transcript, User
from ..models.transcripts import MACHINE_KIND
from ..wording import N_
from ..words import Word, set_words, spread, tokens
from . import Engine, Heard, SpeechError, audio_of, check_language, engine_for
from .machine import item_by_slug, media_file

ALIGN_JOB = "align"
MARGIN_MS = 250  # audio around a cue: its times are rounded and speech spills over
MIN_AGREEMENT = 0.34  # share of a cue's words the recogniser must also hear
MIN_COVERAGE = 0.5  # below this the transcript is taken not to match its audio: nothing stored
BYTES_PER_MS = 32  # 16 kHz, 2 bytes a sample


@dataclass
class Alignment:
    words: int = 0
    placed: int = 0

    @property
    def coverage(self) -> float:
        return self.placed / self.words if self.words else 0.0


def human_track(session: Session, slug: str, language: str | None) -> Transcript:
    item = item_by_slug(session, slug)
    query = select(Transcript).where(
        Transcript.media_item_id == item.id, Transcript.kind != MACHINE_KIND
    )
    if language:
        query = query.where(Transcript.language == language)
    tracks = sorted(session.scalars(query), key=lambda t: (t.kind != "original", t.id))
    if not tracks:
        wanted = f" in {language!r}" if language else ""
        raise SpeechError(f"item {slug!r}: it has no human transcript{wanted} to align")
    return tracks[0]


def queue_alignment(
    session: Session, user: User | None, slug: str, language: str | None, settings: dict[str, Any]
) -> Any:
    track = human_track(session, slug, language)
    media_file(track.media_item, Path(settings["MEDIA_ROOT"]))
    check_language(engine_for(settings), track.language)
    return jobs.new_job(
        session,
        user,
        ALIGN_JOB,
        subject=f"item:{slug}",
        params={"slug": slug, "language": track.language},
        total=len(track.segments),
    )


@jobs.handler(ALIGN_JOB, N_("Word timing (forced alignment)"))
def run_align(context: JobContext) -> None:
    align_item(
        context.sessions,
        context.settings,
        context.params["slug"],
        context.params["language"],
        progress=context.progress,
        log=context.log,
    )


def align_item(
    sessions: sessionmaker[Session],
    settings: dict[str, Any],
    slug: str,
    language: str | None,
    *,
    progress: Callable[[int, int], None] = lambda done, total: None,
    log: Callable[[str], None] = lambda line: None,
) -> str:
    """Time the words of the item's human track and store them, or refuse a low coverage; what
    it did, in one line."""
    engine = engine_for(settings)
    with sessions() as session:
        track = human_track(session, slug, language)
        language = track.language
        path = media_file(track.media_item, Path(settings["MEDIA_ROOT"]))
        cues = [(s.id, s.text, s.start_ms, s.end_ms) for s in track.segments]
    check_language(engine, language)
    pcm = audio_of(path)
    timed: dict[int, list[Word] | None] = {}
    total = Alignment()
    for done, (segment_id, text, start_ms, end_ms) in enumerate(cues, start=1):
        words, placed = align_cue(engine, pcm, text, start_ms, end_ms, language)
        timed[segment_id] = words
        total.words += len(tokens(text))
        total.placed += placed
        progress(done, len(cues))
    summary = f"{total.placed} of {total.words} words placed ({total.coverage:.0%})"
    if total.coverage < MIN_COVERAGE:
        raise SpeechError(
            f"item {slug!r}: the {language} transcript does not match its audio: only "
            f"{summary}; no word times stored"
        )
    with sessions() as session, session.begin():
        for segment_id, words in timed.items():
            segment = session.get(Segment, segment_id)
            if segment is not None:
                set_words(segment, words)
        after = {"language": language, "placed": total.placed, "words": total.words}
        audit.record(session, "speech", "transcript.aligned", "media_item", slug, after=after)
    log(f"aligned with {engine.name}: {summary}")
    return f"aligned with {engine.name}: {summary}"


def align_cue(
    engine: Engine, pcm: bytes, text: str, start_ms: int, end_ms: int, language: str
) -> tuple[list[Word] | None, int]:
    """A cue's measured words (None: keep the spread) and how many were placed."""
    spans = tokens(text)
    if not spans:
        return None, 0
    offset = max(0, start_ms - MARGIN_MS)
    clip = pcm[offset * BYTES_PER_MS : (end_ms + MARGIN_MS) * BYTES_PER_MS]
    names = [text[a:b] for a, b in spans]
    if not _agrees(engine.recognise(clip, language), names):
        return None, 0
    heard = engine.align(clip, names, language)
    placed = sum(h is not None for h in heard)
    if placed * 2 < len(spans):
        return None, placed
    return fill_gaps(heard, spans, text, offset, start_ms, end_ms), placed


def _agrees(recognised: list[Heard], names: list[str]) -> bool:
    said = Counter(_plain(h.text) for h in recognised)
    wanted = Counter(_plain(n) for n in names)
    return sum((said & wanted).values()) >= MIN_AGREEMENT * len(names)


def _plain(word: str) -> str:
    return re.sub(r"[’']", "'", word.lower())


def fill_gaps(
    heard: list[Heard | None],
    spans: list[tuple[int, int]],
    text: str,
    offset: int,
    start_ms: int,
    end_ms: int,
) -> list[Word]:
    """Placed words at their times; runs of unplaced words spread over the gap between their
    placed neighbours, by characters, as words.spread does for a whole cue."""
    words: list[Word] = []
    index = 0
    while index < len(spans):
        if (h := heard[index]) is not None:
            words.append(Word(h.start_ms + offset, h.end_ms + offset, *spans[index], h.confidence))
            index += 1
            continue
        run_end = index
        while run_end < len(spans) and heard[run_end] is None:
            run_end += 1
        gap_start = words[-1].end_ms if words else start_ms
        nxt = heard[run_end] if run_end < len(spans) else None
        gap_end = nxt.start_ms + offset if nxt is not None else max(end_ms, gap_start)
        first, last = spans[index][0], spans[run_end - 1][1]
        for w in spread(text[first:last], gap_start, gap_end):
            words.append(Word(w.start_ms, w.end_ms, w.char_start + first, w.char_end + first))
        index = run_end
    return words
