"""Typo correction and word forms against a large vocabulary: a synthetic index vocabulary
(default 1,000,000 words, three in five Latin, one in four Cyrillic, the rest Hebrew, built from
syllables so that words resemble each other as names and inflected words do, with Zipf
frequencies, plus every word of the demo catalog) and queries made from its words by one or two
random edits. `close_spellings` is timed against the same search over length buckets alone
(rapidfuzz over every word of a near length), measured in the same run.

    python benchmarks/typos.py [--words 1000000] [--queries 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ROOT, figure  # noqa: E402
from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import OSA  # noqa: E402

from media_catalog.search import forms, typos  # noqa: E402
from media_catalog.search.query import index_words  # noqa: E402
from media_catalog.search.vocabulary import CountedVocabulary  # noqa: E402

ALPHABETS = (
    (0.6, "bcdfghklmnprstvz", "aeiouy"),
    (0.25, "бвгдзклмнпрстфхцчшщ", "аеиоуыя"),
    (0.15, "בגדהוזחטכלמנסעפצקרשת", "אוי"),
)


def synthetic_vocabulary(size: int, seed: int = 5) -> CountedVocabulary:
    """`size` distinct words of 2 to 20 letters (most of 6 to 10), with Zipf frequencies, and
    the words of the demo transcripts and authority."""
    rng = random.Random(seed)
    words: set[str] = set()
    for path in [*(ROOT / "transcripts").iterdir(), *(ROOT / "authority").iterdir()]:
        if path.suffix in {".vtt", ".srt", ".yaml"}:
            words |= set(index_words(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))))
    weights = [share for share, _, _ in ALPHABETS]
    while len(words) < size:
        _, consonants, vowels = rng.choices(ALPHABETS, weights)[0]
        length = min(20, max(2, round(rng.gauss(8, 2.5))))
        word = ""
        while len(word) < length:
            word += rng.choice(consonants) + rng.choice(vowels) * (rng.random() < 0.8)
        words.add(word[:length])
    ranked = sorted(words)
    rng.shuffle(ranked)
    return CountedVocabulary({w: max(1, 100_000 // (rank + 1)) for rank, w in enumerate(ranked)})


def typo(word: str, rng: random.Random) -> str:
    """The word with one random deletion, insertion, substitution or transposition."""
    at = rng.randrange(len(word) - 1)
    kind = rng.randrange(4)
    letter = rng.choice(word)
    if kind == 0:
        return word[:at] + word[at + 1 :]
    if kind == 1:
        return word[:at] + letter + word[at:]
    if kind == 2:
        return word[:at] + letter + word[at + 1 :]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def queries(vocabulary: CountedVocabulary, count: int, seed: int = 9) -> list[str]:
    """Typos of vocabulary words of 5 to 16 letters: one edit, or two for a word over 8."""
    rng = random.Random(seed)
    long_enough = [w for w in vocabulary.words() if 5 <= len(w) <= 16]
    made = ["sharanksy", "hoffman", "moscw", "refusnik", "щаранскго", "שרנקסי"]
    while len(made) < count:
        word = rng.choice(long_enough)
        made.append(typo(typo(word, rng), rng) if len(word) > 8 else typo(word, rng))
    return made


def length_buckets_only(word: str, buckets: dict[int, list[str]]) -> list[str]:
    """The baseline: rapidfuzz's OSA over every word of a length within reach."""
    edits = typos.allowed_edits(word)
    found = []
    for length in range(len(word) - edits, len(word) + edits + 1):
        found += process.extract(
            word, buckets.get(length, []), scorer=OSA.distance, score_cutoff=edits, limit=None
        )
    return [candidate for candidate, _, _ in found if candidate != word]


def timed(call, items):  # type: ignore[no-untyped-def]
    times = []
    for item in items:
        start = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(times: list[float], share: float) -> float:
    return sorted(times)[min(len(times) - 1, int(share * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="print results.json records")
    args = parser.parse_args()
    corpus = f"{args.words:,} words"

    start = time.perf_counter()
    vocabulary = synthetic_vocabulary(args.words)
    made = queries(vocabulary, args.queries)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    vocabulary.words()  # CountedVocabulary sorts its words; an index's term dictionary is sorted
    words_s = time.perf_counter() - start
    start = time.perf_counter()
    typos.close_spellings("warmup", vocabulary)  # buckets and letter masks, once per vocabulary
    build_s = time.perf_counter() - start
    buckets = typos._spelling_buckets(vocabulary).values()
    index_mb = sum(b.masks.nbytes + sys.getsizeof(b.words) for b in buckets) / 2**20

    ours = timed(lambda w: typos.close_spellings(w, vocabulary), made)
    rng = random.Random(3)
    held = rng.sample([w for w in vocabulary.words() if len(w) >= 5], len(made))
    needs = timed(lambda w: typos.needs_correction(w, vocabulary), held)
    by_length: dict[int, list[str]] = {}
    for word in vocabulary.words():
        by_length.setdefault(len(word), []).append(word)
    baseline = timed(lambda w: length_buckets_only(w, by_length), made[: max(20, len(made) // 10)])
    agree = sum(
        set(typos.close_spellings(w, vocabulary, limit=10**6))
        == set(length_buckets_only(w, by_length))
        for w in made[:20]
    )

    start = time.perf_counter()
    forms.variants("отказника")  # builds the morphological analyser
    analyser_s = time.perf_counter() - start
    form_words = ["щаранского", "нудели", "бегуна", "сказал", "לשרנסקי", "בירושלים", "refuseniks"]
    forms_cold = timed(forms.variants, form_words)
    forms_held = timed(lambda w: forms.forms_in(w, vocabulary), form_words)

    results = [
        figure("typos: close_spellings p50", statistics.median(ours), "ms",
               "length buckets only p50", statistics.median(baseline), corpus),
        figure("typos: close_spellings p95", percentile(ours, 0.95), "ms",
               "length buckets only p95", percentile(baseline, 0.95), corpus),
        figure("typos: close_spellings max", max(ours), "ms", None, None, corpus),
        figure("typos: needs_correction p50 (held words)", statistics.median(needs), "ms",
               None, None, corpus),
        figure("typos: index build (once per vocabulary)", build_s, "s",
               "sorting the words alone", words_s, corpus),
        figure("typos: index memory (masks and lists)", index_mb, "MB", None, None, corpus),
        figure("forms: analyser load", analyser_s, "s", None, None, "pymorphy3"),
        figure("forms: variants, first call p50", statistics.median(forms_cold), "ms",
               None, None, "7 words"),
        figure("forms: forms_in, cached variants p50", statistics.median(forms_held), "ms",
               None, None, corpus),
    ]  # fmt: skip
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{corpus} generated in {generated:.1f} s; {len(made)} queries; the two searches "
          f"agree on {agree} of 20")  # fmt: skip
    for r in results:
        versus = (
            f"   vs {r['baseline']} {r['baseline_value']} ({r['ratio']}x)" if r["baseline"] else ""
        )
        print(f"{r['name']:<44} {r['value']:>10} {r['unit']}{versus}")


if __name__ == "__main__":
    main()
