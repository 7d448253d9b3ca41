"""Typo correction, table-driven: the close spellings a word gets, in which order, and when a word
needs none."""

import random

import pytest
from rapidfuzz.distance import OSA

from media_catalog.search.typos import allowed_edits, close_spellings, needs_correction
from media_catalog.search.vocabulary import CountedVocabulary

# Words of the demo catalog with their frequencies, and a few neighbours to be told apart.
VOCABULARY = CountedVocabulary(
    {"1978": 4, "19789": 2},
    sharansky=19, shcharansky=6, hoffmann=12, hoffman=1, moscow=42, refusenik=31,
    refuseniks=33, family=18, families=9, begun=12, there=120, these=40, visa=20, visas=8,
    щаранского=3, щаранский=1, שרנסקי=7, ירושלים=1, בירושלים=5, helsinki=9,
)  # fmt: skip


@pytest.mark.parametrize(
    ("word", "spellings"),
    [
        ("sharanksy", ["sharansky"]),  # a transposed pair is one edit
        ("sharnasky", ["sharansky"]),
        ("shcaransky", ["sharansky", "shcharansky"]),  # one edit each, the more frequent first
        ("hoffman", ["hoffmann"]),
        ("hofman", ["hoffman"]),  # six letters: one edit only
        ("moscw", ["moscow"]),
        ("refusnik", ["refusenik"]),
        ("refusniks", ["refuseniks", "refusenik"]),  # nine letters: two edits, nearest first
        ("helsinky", ["helsinki"]),
        ("щаранскго", ["щаранского", "щаранский"]),
        ("sharansky", ["shcharansky"]),  # never the word itself
        ("щаранскии", ["щаранский"]),
        ("שרנקסי", ["שרנסקי"]),
        ("בירשלים", ["בירושלים"]),
    ],
)
def test_close_spellings(word: str, spellings: list[str]) -> None:
    assert close_spellings(word, VOCABULARY) == spellings


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("begn", "four letters or fewer: one edit turns most short words into others"),
        ("viza", "four letters"),
        ("19788", "a number is what was typed"),
        ("begun", "the word itself is not a close spelling of it, and nothing else is near"),
        ("moskva", "two edits from moscow, six letters allow one"),
        ("шаранскы", "another script is never near"),
    ],
)
def test_no_close_spellings(word: str, why: str) -> None:
    assert close_spellings(word, VOCABULARY) == [], why


def test_close_spellings_rank_by_distance_then_frequency_then_alphabet() -> None:
    vocabulary = CountedVocabulary(
        slepack=2, slepak=9, slapack=9, slepacka=3, slepuck=3, slepick=3, slepaks=90
    )
    assert close_spellings("slepack", vocabulary, limit=10) == [
        "slapack", "slepak", "slepacka", "slepick", "slepuck"
    ]  # fmt: skip
    assert close_spellings("slepack", vocabulary) == ["slapack", "slepak", "slepacka"]
    assert close_spellings("slepack", vocabulary, limit=1) == ["slapack"]


@pytest.mark.parametrize(
    ("word", "edits"),
    [("visa", 0), ("moscw", 1), ("hoffmann", 1), ("sharanksy", 2), ("1978", 0), ("19788", 0)],
)
def test_allowed_edits_grow_with_the_word(word: str, edits: int) -> None:
    assert allowed_edits(word) == edits


@pytest.mark.parametrize(
    ("word", "needed"),
    [
        ("sharanksy", True),  # absent
        ("moscw", True),
        ("hoffman", True),  # held once, hoffmann twelve times: far rarer
        ("hoffmann", False),
        ("moscow", False),  # held with normal frequency
        ("these", False),  # there is three times as frequent, not ten
        ("shcharansky", False),  # a spelling of its own, not a typo of sharansky
        ("viza", False),  # a short word is never corrected, absent or not
        ("visa", False),
        ("19788", False),
    ],
)
def test_needs_correction(word: str, needed: bool) -> None:
    assert needs_correction(word, VOCABULARY) is needed


def test_letter_masks_never_hide_a_close_spelling() -> None:
    """The fast path (length buckets narrowed by letter masks) finds what comparing the word
    with every vocabulary word finds, over words crowded enough to have many neighbours."""
    rng = random.Random(20)
    alphabets = ["abeo", "абия", "אבהו"]  # four letters each: 79 of the 200 have neighbours
    words = {"".join(rng.choices(rng.choice(alphabets), k=rng.randint(4, 11))) for _ in range(4000)}
    vocabulary = CountedVocabulary({word: rng.randint(1, 50) for word in words})
    for word in rng.sample(sorted(words), 200) + ["abeoabeoab", "аибяаи", "אבהוהב"]:
        edits = allowed_edits(word)
        everything = sorted(
            (OSA.distance(word, other), -vocabulary[other], other)
            for other in vocabulary
            if other != word and OSA.distance(word, other) <= edits
        )
        assert close_spellings(word, vocabulary, limit=10**6) == [w for _, _, w in everything]
