"""Close spellings of a query word the index does not hold, or holds far more rarely than a
word one or two keystrokes away: Sharanksy -> Sharansky, Hoffman -> Hoffmann, Moscw -> Moscow.
The caller shows them as such ("did you mean ..."), never in place of the word silently.
Pure: words come from a `Vocabulary`; nothing here touches the database."""

from __future__ import annotations

from collections import Counter
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
    letters = _letter_mask(word)
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
    """The vocabulary's words of one length, each with a 64-bit mask of its letters: the low
    32 bits say which letters it holds, the high 32 which it holds twice or more (letters fold
    by code point modulo 32, which keeps the letters of one alphabet apart). An edit moves one
    letter's count by one, or two letters' (a substitution), or none (a transposition), and a
    count crossing 1 or 2 flips one bit; so a word within n edits differs in at most 2n bits.
    One vectorised comparison then rules out nearly the whole bucket before any edit distance
    is computed: length buckets alone leave 400,000 words to compare at a million words."""

    words: np.ndarray  # of str objects, so the survivors are picked out at once
    masks: np.ndarray

    @classmethod
    def of(cls, words: list[str], length: int) -> _Bucket:
        # The bucket's letters as one string of code points: several times faster than numpy's
        # own conversion of a list of strings.
        text = "".join(words).encode("utf-32-le")
        codes = np.frombuffer(text, dtype=np.uint32).reshape(len(words), length)
        letters = np.sort(codes.astype(np.uint64) & np.uint64(31), axis=1)
        bits = np.left_shift(np.uint64(1), letters)
        repeated = np.where(letters[:, 1:] == letters[:, :-1], bits[:, 1:], np.uint64(0))
        masks = np.bitwise_or.reduce(bits, axis=1) | (
            np.bitwise_or.reduce(repeated, axis=1) << np.uint64(32)
        )
        return cls(np.array(words, dtype=object), masks)

    def sharing_letters(self, mask: int, differing: int) -> list[str]:
        close = np.bitwise_count(self.masks ^ np.uint64(mask)) <= differing
        return self.words[close].tolist()  # type: ignore[no-any-return]


def _letter_mask(word: str) -> int:
    """The mask `_Bucket` keeps for each word, of one word."""
    mask = 0
    for letter, count in Counter(ord(char) & 31 for char in word).items():
        mask |= 1 << letter | (count > 1) << (letter + 32)
    return mask


@derived
def _spelling_buckets(vocabulary: Vocabulary) -> dict[int, _Bucket]:
    by_length: dict[int, list[str]] = {}
    for word in vocabulary.words():
        by_length.setdefault(len(word), []).append(word)
    return {length: _Bucket.of(words, length) for length, words in by_length.items()}
