"""The text side of linking a track: the rows its segments call for (suggestions of the names
they mention and of their speakers, the dates they speak) and the name-like phrases that match
nothing. A pure function of the segments and the matcher, so that a large linking run does it
in worker processes, tracks ahead, while the first process reads and writes the database."""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import TracebackType

from .candidates import find_candidates_in_track
from .matcher import Matcher, TrackContext
from .normalise import fold_key
from .spoken_dates import find_dates_in_track
from .track_text import TrackText

# Below this many segments, worker processes cost more to start than they save.
PARALLEL_MIN_SEGMENTS = 20_000
SPEAKING_CONFIDENCE = 0.9
WORKER_NICENESS = 5

# What linking suggests, column by column (lists travel between processes several times
# cheaper than rows); a suggestion is the same as another when it has the same segment,
# entity, role and span start.
SUGGESTION_COLUMNS = (
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
SuggestionKey = tuple[int, int, str, int | None]


def _empty_columns() -> list[list]:  # type: ignore[type-arg]
    return [[] for _ in SUGGESTION_COLUMNS]


@dataclass
class Suggestions:
    """Rows of SUGGESTION_COLUMNS, kept column by column."""

    columns: list[list] = field(default_factory=_empty_columns)  # type: ignore[type-arg]

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> Suggestions:  # type: ignore[type-arg]
        if not rows:
            return cls()
        return cls([list(column) for column in zip(*rows, strict=True)])

    def rows(self) -> list[tuple]:  # type: ignore[type-arg]
        return list(zip(*self.columns, strict=True))

    @staticmethod
    def key(row: tuple) -> SuggestionKey:  # type: ignore[type-arg]
        return row[0], row[3], row[4], row[7]


DATE_COLUMNS = ("segment_id", "text", "span_start", "span_end", "date_start", "date_end")


@dataclass
class TrackSegments:
    """A track's segments, column by column, and which speakers are authority people."""

    media_item_id: int
    ids: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    texts: list[str] = field(default_factory=list)
    speakers: tuple[str | None, ...] = ()
    people: dict[str, int] = field(default_factory=dict)  # speaker name -> person entity
    had_speaker_entities: bool = False  # speaker links stored before, to clear if unwanted


@dataclass
class TrackRows:
    suggestions: Suggestions
    dates: list[tuple]  # type: ignore[type-arg]
    speaker_ids: list[dict[str, int]]  # {"id": segment, "speaker_entity_id": person}
    candidates: Counter[str]  # folded phrase -> count
    first_seen: dict[str, str]  # folded phrase -> as first written


def analyse(matcher: Matcher, segments: TrackSegments) -> TrackRows:
    ids, starts, ends, texts = segments.ids, segments.starts, segments.ends, segments.texts
    mentions = matcher.find_all(texts, TrackContext(named=set(segments.people.values())))
    rows: list[tuple] = []  # type: ignore[type-arg]
    speaker_ids = []
    if segments.people:
        for number, speaker in enumerate(segments.speakers):
            if (person := segments.people.get(speaker or "")) is not None:
                segment_id = ids[number]
                speaker_ids.append({"id": segment_id, "speaker_entity_id": person})
                rows.append((
                    segment_id, starts[number], ends[number], person, "speaking",
                    SPEAKING_CONFIDENCE, None, None, None,
                ))  # fmt: skip
    for number, found in enumerate(mentions):
        for m in found:
            rows.append((
                ids[number], starts[number], ends[number], m.entity_id, "mentioned",
                m.confidence, m.quote, m.span_start, m.span_end,
            ))  # fmt: skip
    suggestions = Suggestions.from_rows(rows)

    track = TrackText(texts)
    dates = [
        (ids[number], d.text[:100], d.span_start, d.span_end, d.start, d.end)
        for number, spoken in find_dates_in_track(track).items()
        for d in spoken
    ]
    candidates: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    taken = [[(m.span_start, m.span_end) for m in found] for found in mentions]
    for _, phrase in find_candidates_in_track(track, taken):
        key = fold_key(phrase)[:300]
        candidates[key] += 1
        first_seen.setdefault(key, phrase[:300])
    return TrackRows(suggestions, dates, speaker_ids, candidates, first_seen)


class Analyser:
    """Analyses tracks inline, or in worker processes when `parallel`: `submit` returns at
    once and `result()` waits, so the caller keeps a few tracks in flight."""

    def __init__(self, matcher: Matcher, parallel: bool) -> None:
        self._matcher = matcher
        self._pool: Executor | None = None
        if parallel and _can_fork():
            # fork: workers start at once with the matcher already in their memory; they
            # never touch the parent's database connections. Two workers beside the database
            # process keep both cores busy: the text side costs more than the database side.
            self._pool = ProcessPoolExecutor(
                max_workers=2,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_keep_matcher,
                initargs=(matcher,),
            )

    def submit(self, segments: TrackSegments) -> Future[TrackRows]:
        if self._pool is not None:
            return self._pool.submit(_analyse_in_worker, segments)
        done: Future[TrackRows] = Future()
        done.set_result(analyse(self._matcher, segments))
        return done

    def __enter__(self) -> Analyser:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _can_fork() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


_worker_matcher: Matcher | None = None


def _keep_matcher(matcher: Matcher) -> None:
    global _worker_matcher
    _worker_matcher = matcher
    # The database process is the one the run waits for: workers yield the CPU to it.
    os.nice(WORKER_NICENESS)


def _analyse_in_worker(segments: TrackSegments) -> TrackRows:
    assert _worker_matcher is not None, "the worker starts with the matcher"
    return analyse(_worker_matcher, segments)
