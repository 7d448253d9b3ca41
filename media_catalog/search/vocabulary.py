"""The words a search index holds and how many documents hold each: what word forms and typo
correction consult. The index implements `Vocabulary` over its own term dictionary;
`CountedVocabulary` is a plain one for tests and small indexes. Nothing here reads a database.

A vocabulary object is read as a snapshot: what is derived from it (`derived`) is kept while the
object lives, so an index that changes hands out a new object rather than changing the old one."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from .query import index_words


class Vocabulary(Protocol):
    def frequency(self, word: str) -> int:
        """Documents holding the word (in index form); 0 when absent."""
        ...

    def words(self) -> Sequence[str]:
        """Every indexed word, sorted, no duplicates."""
        ...


class CountedVocabulary(dict[str, int]):
    """word -> documents holding it. Fill it, then read it: see the snapshot rule above."""

    def frequency(self, word: str) -> int:
        return self.get(word, 0)

    def words(self) -> Sequence[str]:
        return sorted(self)

    @classmethod
    def from_documents(cls, documents: Iterable[str]) -> CountedVocabulary:
        """Each document's words as the index sees them, counted once per document."""
        vocabulary = cls()
        for document in documents:
            for word in set(index_words(document)):
                vocabulary[word] = vocabulary.get(word, 0) + 1
        return vocabulary


T = TypeVar("T")


def derived(build: Callable[[Vocabulary], T]) -> Callable[[Vocabulary], T]:
    """`build(vocabulary)` computed once per vocabulary object and kept while that object lives
    (a search index of a million words takes about a second to bucket, a lookup milliseconds).
    Keyed on the object's identity through a weak reference, since a vocabulary need not be
    hashable (CountedVocabulary is a dict); the object must accept weak references, as
    instances of any ordinary class do, and the value must not refer to it (or it lives on)."""
    kept: dict[int, tuple[weakref.ref[Vocabulary], T]] = {}
    lock = threading.Lock()

    def cached(vocabulary: Vocabulary) -> T:
        key = id(vocabulary)
        with lock:  # two requests at once build it once
            entry = kept.get(key)
            if entry is not None and entry[0]() is vocabulary:
                return entry[1]
            value = build(vocabulary)
            kept[key] = (weakref.ref(vocabulary), value)
            weakref.finalize(vocabulary, kept.pop, key, None)
            return value

    cached.__doc__ = build.__doc__
    return cached
