"""Relevance metrics over a ranked list and graded judgments: nDCG@k and recall@k. Pure functions
on keys and grades, so the judged sets, the benchmark and the tests share one definition.

Grades are 0 (not relevant), 1 (partly), 2 (relevant) and 3 (the moment a researcher wants).
DCG uses the grade itself as the gain (linear gain, as trec_eval does) and the standard log2
discount: a grade at rank r counts grade / log2(r + 1)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain of grades in rank order (rank 1 first)."""
    return sum(grade / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


def ndcg_at_k(ranked: Sequence[Hashable], judged: Mapping[Hashable, int], k: int = 10) -> float:
    """DCG of the first k ranked keys over the DCG of the best possible k from the judgments;
    unjudged keys count as 0. A query with nothing relevant has no ideal: it scores 0 rather
    than dividing by zero, and the judged sets refuse such queries."""
    ideal = dcg(sorted((g for g in judged.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judged.get(key, 0) for key in ranked[:k]]) / ideal


def recall_at_k(ranked: Sequence[Hashable], judged: Mapping[Hashable, int], k: int = 100) -> float:
    """Share of the relevant keys (grade 1 or more) among the first k ranked; 0 when none is."""
    relevant = {key for key, grade in judged.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)
