"""Postings: for every word the index holds, the documents holding it (ascending), how often,
and at which word positions (for phrases). Built in one streaming pass: occurrences go to a
scratch file as they are read, then a counting sort by word places each where it belongs, so
memory stays flat however large the catalog (10,000 hours: about 80 million occurrences).

Arrays (a numpy .npy file each in a generation folder, mapped rather than read):
  words            every word, in id order (words.txt, one per line)
  term_occ_off     int64[T+1]  word w's occurrences are post_pos[term_occ_off[w]:term_occ_off[w+1]]
  term_doc_off     int64[T+1]  its postings are post_doc/post_tf[term_doc_off[w]:term_doc_off[w+1]]
  post_doc         int32[P]    documents, ascending within a word
  post_tf          uint16[P]   occurrences in that document
  post_pos         uint16[O]   positions, by document then position"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MAX_POSITION = 65535  # positions past it (a segment of 65,536 words) are counted at the end
_FLUSH = 1 << 21  # occurrences kept in memory before they go to the scratch file
_SORT_CHUNK = 1 << 23


@dataclass(eq=False)  # compared and hashed by identity: one per generation or block
class Postings:
    words: list[str]
    term_occ_off: Any
    term_doc_off: Any
    post_doc: Any
    post_tf: Any
    post_pos: Any
    ids: dict[str, int] = field(default_factory=dict)
    _sorted: list[str] | None = None

    def __post_init__(self) -> None:
        if not self.ids:
            self.ids = {word: i for i, word in enumerate(self.words)}

    def docs(self, word_id: int) -> tuple[Any, Any]:
        a, b = self.term_doc_off[word_id], self.term_doc_off[word_id + 1]
        return self.post_doc[a:b], self.post_tf[a:b]

    def positions(self, word_id: int, within: Any) -> Any:
        """(document << 16 | position) for every occurrence in the documents `within`
        (ascending), ascending. Only those documents' positions are read: a phrase with
        "of" in it must not unpack the millions of places "of" is said."""
        docs, tf = self.docs(word_id)
        where = np.searchsorted(docs, within)
        held = where < len(docs)
        held[held] = docs[where[held]] == within[held]
        where = where[held]
        if not len(where):
            return np.zeros(0, dtype=np.int64)
        # Where each chosen document's positions begin: the occurrences before it.
        before = np.cumsum(tf, dtype=np.int64) - tf
        counts = tf[where].astype(np.int64)
        first = self.term_occ_off[word_id] + before[where]
        rows = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        return (np.repeat(docs[where].astype(np.int64), counts) << 16) | self.post_pos[rows]

    def frequency(self, word: str) -> int:
        word_id = self.ids.get(word)
        return 0 if word_id is None else self.frequency_of(word_id)

    def frequency_of(self, word_id: int) -> int:
        """How many documents hold the word."""
        return int(self.term_doc_off[word_id + 1] - self.term_doc_off[word_id])

    def sorted_words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.words)
        return self._sorted

    def save(self, folder: Path) -> None:
        (folder / "words.txt").write_text("\n".join(self.words), encoding="utf-8")
        for name in ("term_occ_off", "term_doc_off", "post_doc", "post_tf", "post_pos"):
            value = getattr(self, name)
            if isinstance(value, np.memmap):  # written in place by the builder
                value.flush()
            else:
                np.save(folder / f"{name}.npy", value)

    @classmethod
    def load(cls, folder: Path) -> Postings:
        text = (folder / "words.txt").read_text(encoding="utf-8")
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r")
            for name in ("term_occ_off", "term_doc_off", "post_doc", "post_tf", "post_pos")
        }
        return cls(text.split("\n") if text else [], **arrays)


class PostingsBuilder:
    """Feed documents in ascending order with `add`; `finish` sorts and returns the postings.
    With a folder, the scratch file and the arrays live there (memory stays flat); without,
    everything stays in memory (a few changed segments)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.ids: dict[str, int] = {}
        self.counts = np.zeros(0, dtype=np.int64)
        self.total = 0
        self._terms, self._docs, self._pos = array("i"), array("i"), array("H")
        # Closed by finish(); a build that fails leaves it to the garbage collector.
        self._scratch = (
            tempfile.TemporaryFile(dir=folder, prefix="occurrences-")  # noqa: SIM115
            if folder
            else None
        )
        self._kept: list[tuple[Any, Any, Any]] = []

    def add(self, doc: int, words: Sequence[str]) -> None:
        ids, terms = self.ids, self._terms
        for word in words:
            word_id = ids.get(word)
            if word_id is None:
                word_id = ids[word] = len(ids)
            terms.append(word_id)
        n = len(words)
        self._docs.extend([doc] * n)
        self._pos.extend(range(n) if n <= MAX_POSITION else _clamped(n))
        if len(terms) >= _FLUSH:
            self._flush()

    def _flush(self) -> None:
        if not self._terms:
            return
        terms = np.frombuffer(self._terms, dtype=np.int32).copy()
        docs = np.frombuffer(self._docs, dtype=np.int32).copy()
        pos = np.frombuffer(self._pos, dtype=np.uint16).copy()
        counts = np.bincount(terms, minlength=len(self.ids))
        counts[: len(self.counts)] += self.counts
        self.counts = counts
        self.total += len(terms)
        if self._scratch is not None:
            for part in (terms, docs, pos.astype(np.int32)):
                self._scratch.write(part.tobytes())
            self._kept.append((len(terms), None, None))
        else:
            self._kept.append((terms, docs, pos))
        self._terms, self._docs, self._pos = array("i"), array("i"), array("H")

    def _chunks(self) -> Iterable[tuple[Any, Any, Any]]:
        if self._scratch is None:
            yield from self._kept
            return
        self._scratch.seek(0)
        for n, _, _ in self._kept:
            block = np.frombuffer(self._scratch.read(12 * n), dtype=np.int32)
            yield block[:n], block[n : 2 * n], block[2 * n :].astype(np.uint16)

    def finish(self) -> Postings:
        self._flush()
        words = [""] * len(self.ids)
        for word, word_id in self.ids.items():
            words[word_id] = word
        counts = np.zeros(len(words), dtype=np.int64)
        counts[: len(self.counts)] = self.counts
        term_occ_off = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(counts, out=term_occ_off[1:])
        occ_doc = self._array("occ_doc", np.int32, self.total)
        post_pos = self._array("post_pos", np.uint16, self.total)
        cursor = term_occ_off[:-1].copy()
        for terms, docs, pos in self._chunks():
            _place(terms, docs, pos, cursor, occ_doc, post_pos)
        if self._scratch is not None:
            self._scratch.close()
        term_doc_off, post_doc, post_tf = _postings(term_occ_off, occ_doc, self._file("post"))
        del occ_doc
        if self.folder is not None:  # an empty catalog has no postings: no file was made
            (self.folder / "occ_doc.tmp").unlink(missing_ok=True)
        return Postings(words, term_occ_off, term_doc_off, post_doc, post_tf, post_pos, self.ids)

    def _file(self, name: str) -> Path | None:
        return self.folder / name if self.folder is not None else None

    def _array(self, name: str, dtype: Any, size: int) -> Any:
        if self.folder is None or size == 0:
            return np.zeros(size, dtype=dtype)
        suffix = "tmp" if name == "occ_doc" else "npy"
        return np.lib.format.open_memmap(
            self.folder / f"{name}.{suffix}", mode="w+", dtype=dtype, shape=(size,)
        )


def _clamped(n: int) -> Iterable[int]:
    return (min(i, MAX_POSITION) for i in range(n))


def _place(terms: Any, docs: Any, pos: Any, cursor: Any, occ_doc: Any, post_pos: Any) -> None:
    """Counting sort of one chunk: each occurrence goes after the word's earlier ones. Chunks
    come in document order, and the sort within a chunk is stable, so each word's occurrences
    end up by document, then position."""
    order = np.argsort(terms, kind="stable")
    ordered = terms[order]
    unique, first, count = np.unique(ordered, return_index=True, return_counts=True)
    rank = np.arange(len(ordered)) - np.repeat(first, count)
    destination = cursor[ordered] + rank
    occ_doc[destination] = docs[order]
    post_pos[destination] = pos[order]
    cursor[unique] += count


def _postings(term_occ_off: Any, occ_doc: Any, stem: Path | None) -> tuple[Any, Any, Any]:
    """From occurrences (by word, document, position) to one posting per (word, document),
    in slices of whole words so that memory stays flat."""
    words = len(term_occ_off) - 1
    docs_parts, tf_parts, per_word = [], [], np.zeros(words, dtype=np.int64)
    start_word = 0
    while start_word < words:
        a = term_occ_off[start_word]
        end_word = max(
            start_word + 1, int(np.searchsorted(term_occ_off, a + _SORT_CHUNK, side="right")) - 1
        )
        end_word = min(end_word, words)
        b = term_occ_off[end_word]
        block = np.asarray(occ_doc[a:b])
        new = np.ones(len(block), dtype=bool)
        new[1:] = block[1:] != block[:-1]
        starts = term_occ_off[start_word:end_word] - a
        new[starts[starts < len(block)]] = True
        where = np.flatnonzero(new)
        docs_parts.append(block[where])
        tf_parts.append(np.minimum(np.diff(np.append(where, len(block))), 65535).astype(np.uint16))
        per_word[start_word:end_word] = np.add.reduceat(new.astype(np.int64), starts)
        start_word = end_word
    term_doc_off = np.zeros(words + 1, dtype=np.int64)
    np.cumsum(per_word, out=term_doc_off[1:])
    post_doc = np.concatenate(docs_parts) if docs_parts else np.zeros(0, dtype=np.int32)
    post_tf = np.concatenate(tf_parts) if tf_parts else np.zeros(0, dtype=np.uint16)
    return term_doc_off, post_doc.astype(np.int32, copy=False), post_tf
