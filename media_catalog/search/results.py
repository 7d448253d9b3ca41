"""What a search answers: hits (a moment with its snippet), grouped per media item with counts,
a page of groups, and facet counts. Plain data: the web, the CLI and the API render it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .filters import Filters
from .snippets import Snippet


@dataclass
class Hit:
    media_id: int
    segment_id: int | None  # None: a clip found by its metadata or tags
    start_ms: int
    end_ms: int | None
    speaker: str | None
    language: str | None
    snippet: Snippet
    score: float  # BM25 over the words matched (higher is better); 0 for a link alone
    machine: bool = False  # found in a machine transcript (speech recognition), not typed
    word_ms: int | None = None  # the first matched word's start, where word times are measured

    @property
    def at_ms(self) -> int:
        """Where the hit opens the player: on the matched word when its time is known."""
        return self.start_ms if self.word_ms is None else self.word_ms


@dataclass
class MediaSummary:
    id: int
    slug: str
    title: str
    kind: str
    date_text: str | None


@dataclass
class MediaGroup:
    media: MediaSummary
    count: int
    hits: list[Hit]  # the best few (all of them when searching within one item), in time order
    score: float


@dataclass
class Facet:
    value: str  # what a filter takes: a slug, a language code, a decade's first year
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    filters: Filters
    page: int
    per_page: int
    groups: list[MediaGroup] = field(default_factory=list)
    total_hits: int = 0
    total_groups: int = 0
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    named_entities: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    # A word no moment holds, and the close spellings searched instead ("also showing").
    corrections: list[tuple[str, list[str]]] = field(default_factory=list)
    # A rare word and the far more common spelling it may be a slip for ("did you mean").
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    suggested_query: str | None = None  # the query with those words replaced

    @property
    def pages(self) -> int:
        units = self.total_hits if self.filters.media else self.total_groups
        return max(1, math.ceil(units / self.per_page))

    @property
    def hits(self) -> list[Hit]:
        return [hit for group in self.groups for hit in group.hits]
