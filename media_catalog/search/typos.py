"""Close spellings of a query word the index does not hold, or holds far more rarely than a
word one or two keystrokes away: Sharanksy -> Sharansky, Hoffman -> Hoffmann, Moscw -> Moscow.
The caller shows them as such ("did you mean ..."), never in place of the word silently.
Pure: words come from a `Vocabulary`; nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .vocabulary import Vocabulary, derived

# A word this many times rarer than its most frequent close spelling is taken for a typo of it.
FAR_RARER = 10


def allowed_edits(word: str) -> int:
    """Edits a close spelling may be away, by the word's length: a short word is never
    corrected (one edit turns most four-letter words into others), a long one may be two off."""
    if not word.isalpha() or len(word) <= 4:  # numbers are what was typed
        return 0
    return 1 if len(word) <= 8 else 2


def close_spellings(word: str, vocabulary: Vocabulary, limit: int = 3) -> list[str]:
    """Vocabulary words within `allowed_edits` of the word (a transposed pair counts as one
    edit), the closest first, then the most frequent, then alphabetically."""
    ranked = sorted(
        (distance, -vocabulary.frequency(candidate), candidate)
        for candidate, distance in _within_reach(word, vocabulary)
    )
    return [candidate for _, _, candidate in ranked[:limit]]


def needs_correction(word: str, vocabulary: Vocabulary) -> bool:
    """Whether to look for close spellings: the word may be corrected (see `allowed_edits`) and
    the vocabulary lacks it, or a close spelling is FAR_RARER times as frequent. A word held
    with normal frequency is left alone even when a more common word is one edit away."""
    if allowed_edits(word) == 0:
        return False
    frequency = vocabulary.frequency(word)
    if frequency == 0:
        return True
    most = max((vocabulary.frequency(c) for c, _ in _within_reach(word, vocabulary)), default=0)
    return most >= FAR_RARER * frequency


def _within_reach(word: str, vocabulary: Vocabulary) -> list[tuple[str, int]]:
    """(candidate, distance) for every other vocabulary word within reach of the word."""
    edits = allowed_edits(word)
    if edits == 0:
        return []
    buckets = _spelling_buckets(vocabulary)
    letters = np.uint64(_letter_mask(word))
    found = []
    for length in range(len(word) - edits, len(word) + edits + 1):
        bucket = buckets.get(length)
        if bucket is not None:
            nearby = bucket.sharing_letters(letters, 2 * edits)
            for candidate, distance, _ in process.extract(
                word, nearby, scorer=OSA.distance, score_cutoff=edits, limit=None
            ):
                if candidate != word:
                    found.append((candidate, int(distance)))
    return found


@dataclass(frozen=True)
class _Bucket:
    """The vocabulary's words of one length, each with a 64-bit mask of the letters it holds.
    An edit changes whether at most two letters occur (a substitution drops one and brings one,
    a transposition none), so a word within n edits differs in at most 2n bits of the mask:
    one vectorised comparison rules out nearly the whole bucket before any edit distance is
    computed (length buckets alone leave 400,000 words to compare at a million words)."""

    words: list[str]
    masks: np.ndarray

    @classmethod
    def of(cls, words: list[str], length: int) -> _Bucket:
        # One string of the bucket's letters, as code points: several times faster than
        # numpy's own conversion of a list of strings.
        letters = "".join(words).encode("utf-32-le")
        codes = np.frombuffer(letters, dtype=np.uint32).reshape(len(words), length)
        bits = np.left_shift(np.uint64(1), (codes & 63).astype(np.uint64))
        return cls(words, np.bitwise_or.reduce(bits, axis=1))

    def sharing_letters(self, mask: np.uint64, differing: int) -> list[str]:
        close = np.flatnonzero(np.bitwise_count(self.masks ^ mask) <= differing)
        return [self.words[i] for i in close]


def _letter_mask(word: str) -> int:
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)  # two letters of one alphabet never share a bit
    return mask


@derived
def _spelling_buckets(vocabulary: Vocabulary) -> dict[int, _Bucket]:
    by_length: dict[int, list[str]] = {}
    for word in vocabulary.words():
        by_length.setdefault(len(word), []).append(word)
    return {length: _Bucket.of(words, length) for length, words in by_length.items()}
