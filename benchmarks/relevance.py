"""Relevance of search, measured: every judged query (benchmarks/judged/demo.yaml over the demo
catalog, and a set derived from the generated corpus, benchmarks/corpus_judgments.py) run
through `search()` as the public sees it, scored by nDCG@10 and recall@100 per query, per
category and overall.

    .venv/bin/python benchmarks/relevance.py                # both sets, a table
    .venv/bin/python benchmarks/relevance.py --set demo --json

The ranked list is the moments in the order a researcher meets them: the result pages' media
items in order, each item's shown hits best first (by score, ties in the order given); then,
item by item in the same order, the item's other moments, as its "more in this item" search
(the same query filtered to the item) ranks them. A moment appears once; a clip found by its
record is one moment, the item as a whole. tests/search/test_relevance.py holds the demo set's
overall figures to the floors in demo.yaml."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import fmean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, before any installed one

from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from benchmarks.judgments import (  # noqa: E402
    JudgedQuery,
    JudgedSet,
    MomentKey,
    catalog_moments,
    load,
    moment_keys,
)
from benchmarks.metrics import ndcg_at_k, recall_at_k  # noqa: E402
from media_catalog import demo, migrate, search  # noqa: E402
from media_catalog.db import make_engine, make_session_factory  # noqa: E402
from media_catalog.ingest.batch import import_paths  # noqa: E402
from media_catalog.search import Filters, Hit, SearchResults  # noqa: E402
from media_catalog.timecode import format_clock  # noqa: E402

DEMO_SET = ROOT / "benchmarks" / "judged" / "demo.yaml"
NDCG_K = 10
RECALL_K = 100
PER_PAGE = 50


@contextmanager
def imported_catalog(paths: list[Path]) -> Iterator[sessionmaker[Session]]:
    """Files imported (and linked) into a temporary SQLite database, as the tests'
    demo_catalog fixture imports the demo (without generated media)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/catalog.sqlite3")
        try:
            migrate.upgrade(engine)
            factory = make_session_factory(engine)
            (Path(folder) / "media").mkdir()
            summary = import_paths(
                factory, paths, Path(folder) / "media", consent_dir=Path(folder) / "consent"
            )
            if summary.failed:
                raise RuntimeError([outcome.detail for outcome in summary.failed])
            yield factory
        finally:
            engine.dispose()


@contextmanager
def demo_catalog() -> Iterator[sessionmaker[Session]]:
    with imported_catalog(demo.demo_paths()) as factory:
        yield factory


def moment_key(slug: str, hit: Hit) -> MomentKey:
    if hit.segment_id is None:
        return (slug, None, None)
    return (slug, hit.language, hit.start_ms)


def best_first(hits: list[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda hit: -hit.score)  # stable: ties keep the engine's order


def _pages(session: Session, query: str, filters: Filters) -> Iterator[SearchResults]:
    page = 1
    while True:
        results = search.search(session, None, query, filters, page, PER_PAGE)
        yield results
        if page >= results.pages:
            return
        page += 1


def ranked_moments(
    session: Session, query: str, filters: Filters | None = None, depth: int = RECALL_K
) -> list[MomentKey]:
    """The first `depth` moments a researcher meets for the query (see the module's doc)."""
    filters = filters or Filters()
    ranked: dict[MomentKey, None] = {}
    groups = []
    for results in _pages(session, query, filters):
        for group in results.groups:
            groups.append(group)
            for hit in best_first(group.hits):
                ranked.setdefault(moment_key(group.media.slug, hit))
        if len(ranked) >= depth:
            break
    for group in groups:
        if len(ranked) >= depth:
            break
        if group.count > len(group.hits):
            within = filters.with_(media=group.media.slug)
            hits = [hit for page in _pages(session, query, within) for hit in page.hits]
            for hit in best_first(hits):
                ranked.setdefault(moment_key(group.media.slug, hit))
    return list(ranked)[:depth]


@dataclass
class QueryScore:
    query: str
    category: str
    ndcg: float
    recall: float
    relevant: int  # judged moments with grade 1 or more
    found: int  # of them, among the first RECALL_K ranked
    missed: list[str]  # the relevant moments not found, best grade first


def score_query(session: Session, query: JudgedQuery, grades: dict[MomentKey, int]) -> QueryScore:
    ranked = ranked_moments(session, query.query, Filters(**query.filters))
    relevant = {key: grade for key, grade in grades.items() if grade > 0}
    missed = sorted(set(relevant) - set(ranked), key=lambda key: (-relevant[key], str(key)))
    return QueryScore(
        query.label,
        query.category,
        ndcg_at_k(ranked, grades, NDCG_K),
        recall_at_k(ranked, grades, RECALL_K),
        len(relevant),
        len(relevant) - len(missed),
        [f"{_moment_text(key)} ({relevant[key]})" for key in missed],
    )


def _moment_text(key: MomentKey) -> str:
    slug, language, start_ms = key
    if start_ms is None:
        return slug
    return f"{slug}/{language} {format_clock(start_ms)}"


def evaluate(factory: sessionmaker[Session], judged: JudgedSet) -> list[QueryScore]:
    """Every query of the set scored; the judged moments are checked against the catalog
    first, so a mistyped start time fails loudly instead of scoring as a miss."""
    with factory() as session:
        catalog = catalog_moments(session)
        grades = [moment_keys(query, catalog) for query in judged.queries]
        return [score_query(session, q, g) for q, g in zip(judged.queries, grades, strict=True)]


@dataclass
class Summary:
    queries: int
    ndcg: float
    recall: float


def summarise(scores: list[QueryScore]) -> dict[str, Summary]:
    """Means over queries: overall first, then per category in the order they first appear."""
    groups: dict[str, list[QueryScore]] = {"overall": scores}
    for score in scores:
        groups.setdefault(score.category, []).append(score)
    return {
        name: Summary(len(group), fmean(s.ndcg for s in group), fmean(s.recall for s in group))
        for name, group in groups.items()
    }


def table(name: str, scores: list[QueryScore]) -> str:
    width = max(len(score.query) for score in scores) + 2
    lines = [
        f"== {name}: {len(scores)} judged queries",
        f"{'query':<{width}}{'category':<12}{'nDCG@10':>9}{'R@100':>8}{'found':>10}",
    ]
    for s in scores:
        found = f"{s.found}/{s.relevant}"
        lines.append(f"{s.query:<{width}}{s.category:<12}{s.ndcg:>9.3f}{s.recall:>8.3f}{found:>10}")
    lines.append(f"{'':<{width}}{'queries':<12}{'nDCG@10':>9}{'R@100':>8}")
    for group, summary in summarise(scores).items():
        lines.append(
            f"{group:<{width}}{summary.queries:<12}{summary.ndcg:>9.3f}{summary.recall:>8.3f}"
        )
    return "\n".join(lines)


def report(name: str, scores: list[QueryScore]) -> dict[str, object]:
    return {
        "set": name,
        "summary": {group: asdict(s) for group, s in summarise(scores).items()},
        "queries": [asdict(score) for score in scores],
    }


def run_set(name: str) -> list[QueryScore]:
    if name == "demo":
        with demo_catalog() as factory:
            return evaluate(factory, load(DEMO_SET))
    from benchmarks import corpus_judgments

    with tempfile.TemporaryDirectory() as folder:
        paths, judged = corpus_judgments.generate(Path(folder))
        with imported_catalog(paths) as factory:
            return evaluate(factory, judged)


def figures(quick: bool) -> list[dict]:  # type: ignore[type-arg]
    """For benchmarks/run.py: the overall figures of each set (the demo set only with --quick)."""
    from benchmarks.corpus import figure

    out = []
    for name in ["demo"] if quick else ["demo", "corpus"]:
        overall = summarise(run_set(name))["overall"]
        corpus = f"judged {name} set, {overall.queries} queries"
        out += [
            figure("relevance: nDCG@10", overall.ndcg, "", None, None, corpus),
            figure("relevance: recall@100", overall.recall, "", None, None, corpus),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=["demo", "corpus"], nargs="+", default=["demo", "corpus"])
    parser.add_argument("--json", action="store_true", help="one JSON report per set")
    args = parser.parse_args()
    reports = []
    for name in args.set:
        scores = run_set(name)
        reports.append(report(name, scores))
        if not args.json:
            print(table(name, scores) + "\n", flush=True)
    if args.json:
        print(json.dumps(reports, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
