"""Tantivy against our search index, on the same catalog and the same 240 queries (issue 20:
"measure it ... and choose by the numbers").

    .venv/bin/python benchmarks/tantivy_compare.py      # on /tmp/perf/bench-600000.sqlite3
    .venv/bin/python benchmarks/tantivy_compare.py --database PATH --json

The catalog must exist and be linked (benchmarks/search.py and benchmarks/linking.py build
one). Three things run on it, each timed:

- our index: a full rebuild (`search.reindex`), then `search.search(session, None, query,
  filters)` for each query (the page with snippets, exact total and every facet), and the same
  without the page (expansion, matching, ranking, visibility and filters, facets);
- a Tantivy index over the same segments, built in a temporary folder: the text (Tantivy's
  simple tokenizer, lower-cased and ASCII-folded, ё read as е as ours reads it), and as fast
  fields what our facets count and what visibility needs;
- each query in Tantivy twice: as typed (its words, phrases, prefixes, OR and exclusions) and
  with the alternatives our engine searches for it (other names, word forms, close spellings,
  entity links), so the totals can be compared with ours like for like. Each is timed for the
  top 20 with an exact count, and for that plus the facet counts as terms aggregations.

Each query runs --repeat times per system; its median is the figure taken."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import tantivy
from tantivy import Occur
from tantivy import Query as TQ

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import percentile, queries  # noqa: E402

from media_catalog import search  # noqa: E402
from media_catalog.db import make_engine, make_session_factory, transaction  # noqa: E402
from media_catalog.search import engine, expand, index, names  # noqa: E402
from media_catalog.search.facets import facets as count_facets  # noqa: E402
from media_catalog.search.filters import Filters, entity_ids  # noqa: E402
from media_catalog.search.query import Query, Term, parse  # noqa: E402
from media_catalog.search.tables import DECADE_BASE, DECADES, KINDS, decade_mask  # noqa: E402

DEFAULT_DATABASE = "/tmp/perf/bench-600000.sqlite3"
TOP = 20
FACET_SIZE = 12
# Buckets each index segment keeps in a terms aggregation: above any field's distinct values
# here, so the merged counts are exact rather than Elasticsearch-style estimates.
EXACT_SEGMENT_SIZE = 1 << 16
ENTITY_FACETS = {"person": "people", "event": "events", "place": "places",
                 "organization": "organizations", "topic": "topics"}  # fmt: skip
PLAIN_FACETS = {"films": "film", "kinds": "kind", "languages": "language",
                "speakers": "speaker", "decades": "decade"}  # fmt: skip


# ---------------------------------------------------------------- the Tantivy index


def analyzer() -> tantivy.TextAnalyzer:
    """Words as letters and digits, lower case, Latin accents folded (café is cafe)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name="fold")  # with positions, for phrases
    builder.add_unsigned_field("seg", fast=True)  # segment id: to compare hits with ours
    builder.add_unsigned_field("media", fast=True, indexed=True)
    for name in ("language", "kind", "speaker"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    builder.add_unsigned_field("entity", fast=True, indexed=True)  # every link: filters, names
    for kind in KINDS:  # the visible entities of each kind, one facet each
        builder.add_unsigned_field(kind, fast=True)
    builder.add_unsigned_field("film", fast=True)
    builder.add_unsigned_field("decade", fast=True)  # own dates, linked events, the item's date
    builder.add_boolean_field("hidden", fast=True, indexed=True)  # restricted, at any level
    return builder.build()


@dataclass
class Catalog:
    """What each segment's fields are derived from, read once."""

    transcripts: dict[int, tuple[int, str, bool]]  # id -> media id, language, restricted
    media: dict[int, tuple[str, bool, int, list[int]]]  # id -> kind, restricted, decades, films
    entities: dict[int, tuple[str, bool, int]]  # id -> kind, restricted, decades (events)
    links: dict[int, list[int]]  # segment id -> entity ids
    dates: dict[int, int]  # segment id -> decade mask of its spoken dates


def year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdecimal() else None


def read_catalog(db: sqlite3.Connection) -> Catalog:
    def mask(start: str | None, end: str | None) -> int:
        return decade_mask(year(start), year(end or start))

    films: dict[int, list[int]] = {}
    for film, media in db.execute("SELECT film_id, media_item_id FROM film_media"):
        films.setdefault(media, []).append(film)
    media = {
        i: (kind, bool(restricted), mask(start, end), films.get(i, []))
        for i, kind, restricted, start, end in db.execute(
            "SELECT id, kind, restricted, date_start, date_end FROM media_items"
        )
    }
    transcripts = {
        i: (m, language, bool(restricted))
        for i, m, language, restricted in db.execute(
            "SELECT id, media_item_id, language, restricted FROM transcripts"
        )
    }
    entities = {
        i: (kind, bool(restricted), mask(start, end) if kind == "event" else 0)
        for i, kind, restricted, start, end in db.execute(
            "SELECT id, kind, restricted, date_start, date_end FROM entities"
        )
    }
    links: dict[int, list[int]] = {}
    for segment, entity in db.execute(
        "SELECT DISTINCT segment_id, entity_id FROM annotations WHERE segment_id IS NOT NULL "
        "AND entity_id IS NOT NULL AND status != 'rejected'"
    ):
        links.setdefault(segment, []).append(entity)
    dates: dict[int, int] = {}
    for segment, start, end in db.execute(
        "SELECT segment_id, date_start, date_end FROM segment_dates"
    ):
        dates[segment] = dates.get(segment, 0) | mask(start, end)
    return Catalog(transcripts, media, entities, links, dates)


def document(row: tuple[Any, ...], catalog: Catalog) -> tantivy.Document:
    segment, transcript, speaker, restricted, body = row
    media, language, transcript_restricted = catalog.transcripts[transcript]
    kind, media_restricted, decades, films = catalog.media[media]
    doc = tantivy.Document()
    doc.add_text("text", body.replace("ё", "е").replace("Ё", "Е"))
    doc.add_unsigned("seg", segment)
    doc.add_unsigned("media", media)
    doc.add_text("language", language)
    doc.add_text("kind", kind)
    if speaker:
        doc.add_text("speaker", speaker)
    for film in films:
        doc.add_unsigned("film", film)
    decades |= catalog.dates.get(segment, 0)
    for entity in catalog.links.get(segment, ()):
        doc.add_unsigned("entity", entity)
        entity_kind, entity_restricted, event_decades = catalog.entities[entity]
        if entity_kind in KINDS and not entity_restricted:
            doc.add_unsigned(entity_kind, entity)
        decades |= event_decades
    for bit in range(DECADES):
        if decades >> bit & 1:
            doc.add_unsigned("decade", DECADE_BASE + 10 * bit)
    doc.add_boolean("hidden", bool(restricted or transcript_restricted or media_restricted))
    return doc


def build_tantivy(database: Path, folder: Path, threads: int) -> tuple[tantivy.Index, dict]:
    """The index over every segment; figures: read and derive, add, commit and merge, size."""
    started = time.perf_counter()
    db = sqlite3.connect(database)
    catalog = read_catalog(db)
    tantivy_index = tantivy.Index(schema(), path=str(folder))
    tantivy_index.register_tokenizer("fold", analyzer())
    writer = tantivy_index.writer(heap_size=256_000_000, num_threads=threads)
    rows = db.execute("SELECT id, transcript_id, speaker, restricted, text FROM segments")
    for row in rows:
        writer.add_document(document(row, catalog))
    added = time.perf_counter()
    writer.commit()
    writer.wait_merging_threads()
    tantivy_index.reload()
    finished = time.perf_counter()
    db.close()
    searcher = tantivy_index.searcher()
    return tantivy_index, {
        "build_s": finished - started,
        "commit_s": finished - added,
        "bytes": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()),
        "documents": searcher.num_docs,
        "index_segments": searcher.num_segments,
        "threads": threads,
    }


def aggregations(media_count: int) -> dict[str, Any]:
    """The facets we report, as terms aggregations (exact: see EXACT_SEGMENT_SIZE)."""

    def terms(name: str, size: int) -> dict[str, Any]:
        return {"terms": {"field": name, "size": size, "segment_size": EXACT_SEGMENT_SIZE}}

    found = {facet: terms(kind, FACET_SIZE) for kind, facet in ENTITY_FACETS.items()}
    found |= {facet: terms(name, FACET_SIZE) for facet, name in PLAIN_FACETS.items()}
    found["languages"] = terms("language", 1_000)
    found["decades"] = terms("decade", DECADES)
    found["groups"] = terms("media", max(1, media_count))  # every item: how many groups
    return found


# ---------------------------------------------------------------- our query, as Tantivy's


class Translator:
    """Our parsed query as a Tantivy query with the same meaning: groups AND, a group's
    alternatives scored by the best of them (weighted as ours are), moments linked to an entity
    the query names found too (scoring 0, as ours), exclusions, filters, visibility."""

    def __init__(self, tantivy_schema: tantivy.Schema) -> None:
        self.schema = tantivy_schema
        self.fold = analyzer()

    def term(self, term: Term) -> TQ:
        words = [token for word in term.words for token in self.fold.analyze(word)]
        if not words:
            return TQ.empty_query()
        if term.kind == "prefix" and len(words) == 1:
            return TQ.regex_query(self.schema, "text", re.escape(words[0]) + ".*")
        if term.kind == "prefix":
            return TQ.phrase_prefix_query(self.schema, "text", words)
        if len(words) == 1:
            return TQ.term_query(self.schema, "text", words[0])
        return TQ.phrase_query(self.schema, "text", words)

    def group(self, options: list[tuple[Term, float]]) -> TQ:
        found = [
            self.term(t) if weight == 1.0 else TQ.boost_query(self.term(t), weight)
            for t, weight in options
        ]
        return found[0] if len(found) == 1 else TQ.disjunction_max_query(found)

    def query(self, parsed: Query, found: expand.Expansion | None, filters: list[TQ]) -> TQ:
        alternatives = found.alternatives if found else {}
        groups = [
            self.group(
                [(t, 1.0) for t in g]
                + [(a.term, a.weight) for t in g for a in alternatives.get(t, [])]
            )
            for g in parsed.groups
        ]
        words = (
            groups[0] if len(groups) == 1 else TQ.boolean_query([(Occur.Must, q) for q in groups])
        )
        if found and found.linked:
            linked = TQ.term_set_query(self.schema, "entity", sorted(found.linked))
            words = TQ.boolean_query(
                [(Occur.Should, words), (Occur.Should, TQ.const_score_query(linked, 0.0))]
            )
        clauses = [(Occur.Must, words), (Occur.MustNot, self.hidden())]
        clauses += [(Occur.MustNot, self.term(t)) for t in parsed.excluded]
        clauses += [(Occur.Must, TQ.const_score_query(f, 0.0)) for f in filters]
        return TQ.boolean_query(clauses)

    def hidden(self) -> TQ:
        return TQ.term_query(self.schema, "hidden", True)

    def filters(self, ids: list[int | None], filters: Filters) -> tuple[list[TQ], list[str]]:
        """The filters as Tantivy queries, and the names of those left out (none of the
        benchmark's: it filters by entity and language only)."""
        found = []
        if filters.language:
            found.append(TQ.term_query(self.schema, "language", filters.language))
        for entity in ids:
            found.append(
                TQ.empty_query() if entity is None else TQ.term_query(self.schema, "entity", entity)
            )
        left = ("film", "media", "kind", "speaker", "year_from", "year_to")
        return found, [name for name in left if getattr(filters, name) is not None]


# ---------------------------------------------------------------- running both


@dataclass
class Answer:
    """One query's answer from one system, and the median time it took."""

    ms: float
    total: int
    facets: dict[str, list[int]] = field(default_factory=dict)  # counts, largest first
    top: list[int] = field(default_factory=list)  # segment ids, best first
    scores: list[float] = field(default_factory=list)  # theirs, best first
    groups: int | None = None


@dataclass
class Plan:
    query: str
    filters: Filters
    typed: TQ
    expanded: TQ
    expansion: str  # what our engine searches besides the words typed
    skipped: list[str]


def timed(repeat: int, call: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """Median milliseconds over `repeat` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call(*args)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def ours_expansion(session: Any, query: str, filters: Filters) -> tuple[Any, ...]:
    """What a query stands for (names joined, other names, forms, close spellings, linked
    entities) and the filter's entity ids: a search through Tantivy would need this too."""
    view = index.current(session)
    known = names.name_index(session)
    parsed = expand.join_names(known, parse(query), False)
    found = expand.expand(known, view, parsed, False)
    ids = entity_ids(session, None, filters.entities) if filters.entities else []
    return parsed, found, ids


def ours_core(session: Any, query: str, filters: Filters) -> tuple[Any, ...]:
    """search() up to its page: expansion, every match ranked, visibility and filters, facets
    (what a Tantivy top-k plus aggregations stands in for). Clips are left out: the benchmark
    catalog holds interviews only."""
    view = index.current(session)
    parsed, found, ids = ours_expansion(session, query, filters)
    docs, scores = engine.match(view, parsed, found.alternatives, found.linked)
    audience = engine.Audience(False, frozenset())
    docs, scores = engine.narrow(view, docs, scores, audience, filters, ids)
    transcript_of = view.tables.transcript_index[view.columns.transcript[docs]]
    media_of = view.tables.t_media[transcript_of]
    counted = count_facets(view, docs, media_of, transcript_of, {}, False)
    best = np.lexsort((docs, -scores))[:TOP]
    top = (view.columns.seg_id[docs[best]].tolist(), scores[best].tolist())
    return parsed, found, ids, counted, top, len(docs)


def facet_counts(facets: dict[str, list[Any]]) -> dict[str, list[int]]:
    return {
        name: sorted((f.count for f in values), reverse=True) for name, values in facets.items()
    }


def run_ours(factory: Any, workload: list, translator: Translator, repeat: int) -> tuple:
    """Our engine's answers (full search() and its core) and the Tantivy plans, built from the
    same parse and expansion our engine used."""
    full, core, expansion, plans = [], [], [], []
    with factory() as session:
        for query, filters in workload[:10]:  # warm the page cache and the name index
            search.search(session, None, query, filters)
        for query, filters in workload:
            ms, results = timed(repeat, search.search, session, None, query, filters)
            groups = results.total_groups
            full.append(Answer(ms, results.total_hits, facet_counts(results.facets), groups=groups))
            ms, (parsed, found, ids, counted, top, total) = timed(
                repeat, ours_core, session, query, filters
            )
            core.append(Answer(ms, total, facet_counts(counted), *top, groups=groups))
            expansion.append(Answer(timed(repeat, ours_expansion, session, query, filters)[0], 0))
            tantivy_filters, skipped = translator.filters(ids, filters)
            plans.append(
                Plan(
                    query,
                    filters,
                    translator.query(parse(query), None, tantivy_filters),
                    translator.query(parsed, found, tantivy_filters),
                    describe(parsed, found),
                    skipped,
                )
            )
    return full, core, expansion, plans


def describe(parsed: Query, found: expand.Expansion) -> str:
    extra = [a.term.text for t in parsed.terms for a in found.alternatives.get(t, [])]
    parts = [f"also {', '.join(extra[:6])}{' …' if len(extra) > 6 else ''}"] if extra else []
    if found.linked:
        parts.append(
            f"moments linked to {len(found.linked)} entit{'y' if len(found.linked) == 1 else 'ies'}"
        )
    return "; ".join(parts) or "the words typed only"


def tantivy_facets(result: dict[str, Any]) -> tuple[dict[str, list[int]], int]:
    counts = {
        name: sorted((b["doc_count"] for b in value["buckets"]), reverse=True)
        for name, value in result.items()
        if name != "groups"
    }
    return counts, len(result["groups"]["buckets"])


def search_and_aggregate(searcher: tantivy.Searcher, q: TQ, aggs: dict) -> tuple[Any, Any]:
    return searcher.search(q, TOP, count=True), searcher.aggregate(q, aggs)


def run_tantivy(
    tantivy_index: tantivy.Index, plans: list[Plan], aggs: dict, repeat: int
) -> dict[str, list[Answer]]:
    searcher = tantivy_index.searcher()
    for plan in plans[:10]:
        searcher.search(plan.expanded, TOP, count=True)
        searcher.aggregate(plan.expanded, aggs)
    found: dict[str, list[Answer]] = {"typed": [], "expanded": [], "facets": []}
    for plan in plans:
        for mode, q in (("typed", plan.typed), ("expanded", plan.expanded)):
            ms, result = timed(repeat, searcher.search, q, TOP, True)
            top = searcher.fast_field_values("seg", [address for _, address in result.hits])
            scores = [score for score, _ in result.hits]
            found[mode].append(Answer(ms, result.count, {}, top, scores))
        ms, (result, aggregated) = timed(
            repeat, search_and_aggregate, searcher, plan.expanded, aggs
        )
        counts, groups = tantivy_facets(aggregated)
        found["facets"].append(Answer(ms, result.count, counts, groups=groups))
    return found


# ---------------------------------------------------------------- figures and report


def latency(answers: list[Answer]) -> dict[str, float]:
    values = [a.ms for a in answers]
    return {"p50_ms": percentile(values, 0.5), "p95_ms": percentile(values, 0.95),
            "max_ms": max(values)}  # fmt: skip


def facets_agree(ours: Answer, theirs: Answer) -> bool:
    """Every facet's counts (top 12 by count; languages and decades whole) and the number of
    media items: equal. Counts, not labels: a tie at the twelfth place may pick another."""
    wanted = [*ENTITY_FACETS.values(), *PLAIN_FACETS]
    same = all(ours.facets.get(n, []) == theirs.facets.get(n, []) for n in wanted)
    return same and ours.groups == theirs.groups


def agreement(core: list[Answer], t: dict[str, list[Answer]], plans: list[Plan]) -> dict:
    n = len(core)
    typed = [i for i in range(n) if t["typed"][i].total == core[i].total]
    same = [i for i in range(n) if t["expanded"][i].total == core[i].total]
    facets = [i for i in same if facets_agree(core[i], t["facets"][i])]
    overlap = [
        len(set(core[i].top) & set(t["expanded"][i].top)) / max(1, min(TOP, core[i].total))
        for i in same
    ]
    return {
        "totals_equal_typed": len(typed),
        "totals_equal_expanded": len(same),
        "facets_equal_expanded": len(facets),
        "top20_overlap_mean": float(np.mean(overlap)) if overlap else 0.0,
        "top20_identical": sum(1 for x in overlap if x == 1.0),
        "top20_scores_equal": sum(1 for i in same if same_scores(core[i], t["expanded"][i])),
        "queries": n,
        "filters_left_out": sorted({name for p in plans for name in p.skipped}),
        "examples_typed": examples(core, t["typed"], plans, typed),
        "examples_expanded": examples(core, t["expanded"], plans, same),
    }


def same_scores(ours: Answer, theirs: Answer) -> bool:
    """The top 20 scores, rank by rank, equal to one part in 10,000 (equal scores with other
    moments among them mean the sets differ by a tie only)."""
    return len(ours.scores) == len(theirs.scores) and bool(
        np.allclose(ours.scores, theirs.scores, rtol=1e-4, atol=1e-6)
    )


def examples(core: list[Answer], theirs: list[Answer], plans: list[Plan], agree: list[int]):
    """Up to six disagreements, the largest first, with what our engine searched besides."""
    distinct = {(p.query, p.filters): i for i, p in enumerate(plans)}.values()
    wrong = sorted(
        (i for i in distinct if i not in set(agree)),
        key=lambda i: -abs(core[i].total - theirs[i].total),
    )
    return [
        {"query": plans[i].query, "filters": filter_text(plans[i].filters),
         "ours": core[i].total, "tantivy": theirs[i].total, "ours_searches": plans[i].expansion}
        for i in wrong[:6]
    ]  # fmt: skip


def filter_text(filters: Filters) -> str:
    parts = [f"language={filters.language}"] if filters.language else []
    return ", ".join(parts + [f"entity={slug}" for slug in filters.entities])


def build_ours(factory: Any) -> dict[str, float]:
    started = time.perf_counter()
    with transaction(factory) as session:
        search.reindex(session)
    built = time.perf_counter() - started
    with factory() as session:
        stats = search.index_stats(session)
    return {"build_s": built, "bytes": stats["bytes"], "documents": stats["documents"]}


def text_bytes(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT sum(length(CAST(text AS BLOB))) FROM segments").fetchone()[0])


def measure(database: Path, repeat: int, threads: int) -> dict[str, Any]:
    url = f"sqlite:///{database}"
    factory = make_session_factory(make_engine(url))
    ours_build = build_ours(factory)
    workload = queries()
    with tempfile.TemporaryDirectory(prefix="tantivy-") as folder:
        tantivy_index, tantivy_build = build_tantivy(database, Path(folder), threads)
        translator = Translator(tantivy_index.schema)
        full, core, expansion, plans = run_ours(factory, workload, translator, repeat)
        with sqlite3.connect(database) as db:
            media_count = db.execute("SELECT count(*) FROM media_items").fetchone()[0]
        found = run_tantivy(tantivy_index, plans, aggregations(media_count), repeat)
    return {
        "database": str(database),
        "segments": ours_build["documents"],
        "queries": len(workload),
        "repeat": repeat,
        "tantivy_version": tantivy.__version__,
        "text_bytes": text_bytes(database),
        "build": {"ours": ours_build, "tantivy": tantivy_build},
        "latency": {
            "tantivy_top20_count_typed": latency(found["typed"]),
            "tantivy_top20_count_expanded": latency(found["expanded"]),
            "tantivy_top20_count_facets_expanded": latency(found["facets"]),
            "ours_search_full": latency(full),
            "ours_expansion": latency(expansion),
            "tantivy_facets_plus_expansion": latency(
                [Answer(a.ms + e.ms, 0) for a, e in zip(found["facets"], expansion, strict=True)]
            ),
            "ours_search_core": latency(core),
        },
        "agreement": agreement(core, found, plans),
        "full_equals_core": sum(1 for f, c in zip(full, core, strict=True) if f.total == c.total),
        "per_query": per_query(plans, full, core, found),
    }


def per_query(plans: list[Plan], full: list[Answer], core: list[Answer], found: dict) -> list:
    return [
        {
            "query": plan.query,
            "filters": filter_text(plan.filters),
            "ours_full_ms": full[i].ms,
            "ours_core_ms": core[i].ms,
            "tantivy_typed_ms": found["typed"][i].ms,
            "tantivy_expanded_ms": found["expanded"][i].ms,
            "tantivy_facets_ms": found["facets"][i].ms,
            "ours_total": core[i].total,
            "tantivy_typed_total": found["typed"][i].total,
            "tantivy_expanded_total": found["expanded"][i].total,
            "facets_equal": facets_agree(core[i], found["facets"][i]),
            "top20_scores_equal": same_scores(core[i], found["expanded"][i]),
        }
        for i, plan in enumerate(plans)
    ]


LATENCY_ROWS = {
    "tantivy_top20_count_typed": "(a) Tantivy top-20 + exact count, query as typed",
    "tantivy_top20_count_expanded": "(a) Tantivy top-20 + exact count, our alternatives",
    "tantivy_top20_count_facets_expanded": "(b) Tantivy (a) + facet aggregations, our alternatives",
    "tantivy_facets_plus_expansion": "(b) + our expansion: Tantivy-backed, without the page",
    "ours_search_core": "(c) ours: expand, match, rank all, narrow, facets",
    "ours_search_full": "(c) ours: search() with page, snippets, facets",
    "ours_expansion": "    of which expansion (Tantivy would need it too)",
}


def report(f: dict[str, Any]) -> str:
    ours, theirs, agree = f["build"]["ours"], f["build"]["tantivy"], f["agreement"]
    n = agree["queries"]
    lines = [
        f"== {f['tantivy_version'].split(',')[0]} against our index: "
        f"{f['segments']:,} segments, {n} queries, median of {f['repeat']} runs each ==",
        f"{'build':<58}{'ours':>10}{'tantivy':>10}",
        f"{'  time (s)':<58}{ours['build_s']:>10.1f}{theirs['build_s']:>10.1f}",
        f"{'  size on disk (MB)':<58}{ours['bytes'] / 1e6:>10.1f}{theirs['bytes'] / 1e6:>10.1f}",
        f"  text: {f['text_bytes'] / 1e6:.1f} MB; Tantivy: {theirs['index_segments']} index "
        f"segment(s), {theirs['threads']} writer thread(s), commit and merge "
        f"{theirs['commit_s']:.1f} s of its build",
        f"{'latency (ms)':<58}{'p50':>8}{'p95':>8}{'max':>8}",
    ]
    for key, label in LATENCY_ROWS.items():
        row = f["latency"][key]
        lines.append(
            f"  {label:<56}{row['p50_ms']:>8.2f}{row['p95_ms']:>8.2f}{row['max_ms']:>8.1f}"
        )
    lines += [
        "agreement with our totals",
        f"  query as typed: {agree['totals_equal_typed']}/{n} totals equal",
        f"  with our alternatives: {agree['totals_equal_expanded']}/{n} totals equal; of those "
        f"{agree['facets_equal_expanded']} with every facet count and group count equal",
        f"  top-20 overlap where totals agree: mean {agree['top20_overlap_mean']:.2f}, "
        f"{agree['top20_identical']} identical sets; {agree['top20_scores_equal']} with the "
        "same 20 scores rank by rank (ties broken differently)",
        f"  filters not expressed: {', '.join(agree['filters_left_out']) or 'none'}",
    ]
    for mode in ("typed", "expanded"):
        if agree[f"examples_{mode}"]:
            lines.append(f"  disagreements, {mode}:")
        for e in agree[f"examples_{mode}"]:
            where = f" [{e['filters']}]" if e["filters"] else ""
            lines.append(
                f"    {e['query']}{where}: ours {e['ours']:,}, tantivy {e['tantivy']:,}; "
                f"ours searches {e['ours_searches']}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, default=Path(DEFAULT_DATABASE))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (median)")
    parser.add_argument("--threads", type=int, default=1, help="Tantivy writer threads")
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args()
    if not args.database.exists():
        sys.exit(f"{args.database} does not exist: build one with benchmarks/search.py first.")
    figures = measure(args.database.resolve(), args.repeat, args.threads)
    print(json.dumps(figures, indent=2) if args.json else report(figures))


if __name__ == "__main__":
    main()
