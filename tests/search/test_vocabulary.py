"""The vocabulary a search index offers word forms and typo correction, and what is derived
from it once per vocabulary object."""

import gc
import weakref

from media_catalog.search.vocabulary import CountedVocabulary, Vocabulary, derived


def test_counted_vocabulary_counts_documents() -> None:
    vocabulary = CountedVocabulary.from_documents(
        ["Ида Нудель, Ида!", "Ещё раз: Нудель", "Sharansky's trial"]
    )
    assert vocabulary.frequency("ида") == 1  # twice in one document is one document
    assert vocabulary.frequency("нудель") == 2
    assert vocabulary.frequency("еще") == 1  # index form: ё as е
    assert vocabulary.frequency("щаранский") == 0
    assert vocabulary.words() == sorted(vocabulary)
    assert "s" not in vocabulary.words()  # the possessive is the name itself


def test_derived_is_built_once_per_vocabulary_object() -> None:
    built = []

    @derived
    def sizes(vocabulary: Vocabulary) -> int:
        built.append(vocabulary)
        return len(vocabulary.words())

    first, second = CountedVocabulary(a=1), CountedVocabulary(a=1, b=2)
    assert [sizes(first), sizes(first), sizes(second), sizes(first)] == [1, 1, 2, 1]
    assert built == [first, second]


class Marker:
    """A value that says when it is freed."""


def test_derived_values_go_with_their_vocabulary() -> None:
    @derived
    def marker(vocabulary: Vocabulary) -> Marker:
        return Marker()

    vocabulary = CountedVocabulary(a=1)
    first = weakref.ref(marker(vocabulary))
    assert first() is marker(vocabulary)
    del vocabulary
    gc.collect()
    assert first() is None  # nothing kept for a vocabulary no one holds
    assert marker(CountedVocabulary(a=1)) is not None  # a new object (perhaps at the same id)
