"""Relevance held from falling: the judged demo set (benchmarks/judged/demo.yaml) run through
search, its overall nDCG@10 and recall@100 kept at or above the floors the file records; and the
metrics, the judged-file reader and the corpus judgments' rules against hand-computed cases.

The set is scored once per module, on SQLite whatever TEST_DATABASE_URL says: the floors are
SQLite's figures (bm25), which PostgreSQL's ranking need not reproduce."""

from __future__ import annotations

import math

import pytest

from benchmarks import corpus_judgments, relevance
from benchmarks.judgments import CatalogMoments, JudgedQuery, Moment, load, moment_keys
from benchmarks.metrics import dcg, ndcg_at_k, recall_at_k

REPORT: list[str] = []  # printed in the terminal summary by conftest.py


@pytest.fixture(scope="module")
def judged_set():  # type: ignore[no-untyped-def]
    return load(relevance.DEMO_SET)


@pytest.fixture(scope="module")
def demo_scores(judged_set):  # type: ignore[no-untyped-def]
    """Every judged query scored over one demo catalog, imported once for the module."""
    with relevance.demo_catalog() as factory:
        scores = relevance.evaluate(factory, judged_set)
    for group, summary in relevance.summarise(scores).items():
        REPORT.append(
            f"{group:<12} {summary.queries:>3} queries  nDCG@10 {summary.ndcg:.3f}"
            f"  recall@100 {summary.recall:.3f}"
        )
    return scores


def test_the_judged_set_is_large_and_covers_every_kind_of_query(judged_set) -> None:
    categories = {query.category for query in judged_set.queries}
    assert len(judged_set.queries) >= 60
    assert categories >= {"names", "scripts", "forms", "typos", "events", "dates", "phrases"}


def test_ndcg_at_10_does_not_fall_below_its_floor(judged_set, demo_scores) -> None:
    overall = relevance.summarise(demo_scores)["overall"]
    worst = sorted(demo_scores, key=lambda score: score.ndcg)[:10]
    assert overall.ndcg >= judged_set.floors["ndcg_at_10"], [(s.query, s.ndcg) for s in worst]


def test_recall_at_100_does_not_fall_below_its_floor(judged_set, demo_scores) -> None:
    overall = relevance.summarise(demo_scores)["overall"]
    worst = sorted(demo_scores, key=lambda score: score.recall)[:10]
    assert overall.recall >= judged_set.floors["recall_at_100"], [
        (s.query, s.missed[:3]) for s in worst
    ]


# nDCG by hand: gains are grades, rank r is discounted by log2(r + 1).
LOG3, LOG4 = math.log2(3), math.log2(4)


@pytest.mark.parametrize(
    ("ranked", "judged", "k", "expected"),
    [
        (["a", "b", "c"], {"a": 3, "b": 2, "c": 1}, 10, 1.0),  # the ideal order
        (
            ["c", "b", "a"],
            {"a": 3, "b": 2, "c": 1},
            10,
            (1 + 2 / LOG3 + 3 / 2) / (3 + 2 / LOG3 + 1 / 2),
        ),
        (["x", "a"], {"a": 3}, 10, (3 / LOG3) / 3),  # an unjudged moment first
        (["x", "a"], {"a": 3}, 1, 0.0),  # the relevant one beyond k
        (["a"], {"a": 2, "b": 2}, 10, 2 / (2 + 2 / LOG3)),  # one of two found
        (["x", "y", "a"], {"a": 1, "z": 0}, 3, (1 / LOG4) / 1),  # a judged 0 is no gain
        (["a", "b"], {"a": 0}, 10, 0.0),  # nothing relevant: no ideal, 0 not a crash
        ([], {"a": 3}, 10, 0.0),
    ],
)
def test_ndcg_at_k(ranked, judged, k, expected) -> None:  # type: ignore[no-untyped-def]
    assert ndcg_at_k(ranked, judged, k) == pytest.approx(expected)


def test_dcg_discounts_by_log2_of_rank_plus_one() -> None:
    assert dcg([3, 2, 3, 0, 1, 2]) == pytest.approx(
        3 + 2 / LOG3 + 3 / 2 + 0 + 1 / math.log2(6) + 2 / math.log2(7)
    )


@pytest.mark.parametrize(
    ("ranked", "judged", "k", "expected"),
    [
        (["a", "x", "b"], {"a": 1, "b": 3, "c": 2, "d": 0}, 100, 2 / 3),  # grade 0 not counted
        (["a", "x", "b"], {"a": 1, "b": 3, "c": 2}, 2, 1 / 3),  # b is beyond k
        (["x"], {"a": 2}, 100, 0.0),
        (["x"], {"a": 0}, 100, 0.0),  # nothing relevant
    ],
)
def test_recall_at_k(ranked, judged, k, expected) -> None:  # type: ignore[no-untyped-def]
    assert recall_at_k(ranked, judged, k) == pytest.approx(expected)


def test_judged_moments_are_keyed_as_ranked_moments_are() -> None:
    catalog = CatalogMoments(
        {"one-track", "two-tracks", "a-clip"},
        {("one-track", 5000): {"en"}, ("two-tracks", 7000): {"ru", "en"}},
    )
    query = JudgedQuery(
        "q",
        "names",
        {
            Moment("one-track", None, 5000): 3,
            Moment("two-tracks", "ru", 7000): 2,
            Moment("a-clip"): 1,
        },
    )
    assert moment_keys(query, catalog) == {
        ("one-track", "en", 5000): 3,
        ("two-tracks", "ru", 7000): 2,
        ("a-clip", None, None): 1,
    }


@pytest.mark.parametrize(
    ("moment", "complaint"),
    [
        (Moment("two-tracks", None, 7000), "name one"),  # which track?
        (Moment("one-track", None, 5001), "has 0 tracks"),  # a mistyped start time
        (Moment("one-track", "he", 5000), "no he segment"),
        (Moment("no-such-item"), "no media item"),
    ],
)
def test_a_judged_moment_the_catalog_does_not_hold_is_refused(moment, complaint) -> None:  # type: ignore[no-untyped-def]
    catalog = CatalogMoments(
        {"one-track", "two-tracks"},
        {("one-track", 5000): {"en"}, ("two-tracks", 7000): {"ru", "en"}},
    )
    with pytest.raises(ValueError, match=complaint):
        moment_keys(JudgedQuery("q", "names", {moment: 3}), catalog)


def test_the_longest_name_decides_whose_moment_it_is() -> None:
    finder = corpus_judgments.NameFinder(
        [
            ("natan-sharansky", "person", "Sharansky"),
            ("natan-sharansky", "person", "Anatoly Sharansky"),
            ("avital-sharansky", "person", "Avital Sharansky"),
            ("helsinki", "place", "Helsinki"),
            ("helsinki-final-act", "event", "Helsinki"),
        ]
    )
    found = finder.names_in("avital sharansky met Anatoly Sharansky in Helsinki; Sharanskyan")
    assert [written for written, _ in found] == [
        "avital sharansky",
        "Anatoly Sharansky",
        "Helsinki",
    ]
    grade = corpus_judgments.entity_grade
    assert grade(finder.names_in("Avital Sharansky"), "natan-sharansky", "Sharansky") == 0
    assert grade(finder.names_in("Anatoly Sharansky"), "natan-sharansky", "Sharansky") == 3
    assert grade(finder.names_in("Sharansky"), "natan-sharansky", "Anatoly Sharansky") == 2
    assert grade(finder.names_in("Helsinki"), "helsinki-final-act", "Helsinki Accords") == 1


def test_phrases_are_graded_whole_words_any_case() -> None:
    phrases = {"March 15, 1977": 3, "1977": 2}
    assert corpus_judgments.phrase_grade("arrested march 15, 1977 in Moscow", phrases) == 3
    assert corpus_judgments.phrase_grade("In 1977.", phrases) == 2
    assert corpus_judgments.phrase_grade("in 19775", phrases) == 0
