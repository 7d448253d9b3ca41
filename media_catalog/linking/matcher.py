"""Finding entity names in text. Every alias (and the names derived from it: Russian case forms,
Latin spellings of Cyrillic names, Hebrew prefixed forms, a person's surname and first name) is a
key in one Aho-Corasick automaton over folded text; hits are kept when they stand as whole words,
the longest wins, and context rules decide the doubtful ones:

- an alias marked ambiguous (also an ordinary word: "Begun", "Helsinki") needs a capital letter
  that is not just the start of a sentence, or an earlier sure mention of the same entity;
- a surname or first name alone counts only after the person was named in the same track.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from .inflection import is_pronounceable_acronym, phrase_forms
from .normalise import fold, fold_key, has_cyrillic, latin_spellings
from .track_text import SEPARATOR

MATCHER_VERSION = "1"
HEBREW_PREFIXES = (
    "ו",
    "ה",
    "ב",
    "ל",
    "מ",
    "ש",
    "כ",
    "וה",
    "וב",
    "ול",
    "ומ",
    "וש",
    "שה",
    "שב",
    "של",
    "מה",
    "כש",
    "לה",
    "בה",
)
ARTICLE_MERGING_PREFIXES = ("ב", "ל", "כ", "וב", "ול", "שב", "של")
# Words before a name that make it a place ("in Helsinki") rather than an event named after
# the place ("after Helsinki", "the Helsinki promise").
LOCATIVES = {
    "in",
    "at",
    "to",
    "from",
    "near",
    "into",
    "outside",
    "inside",
    "via",
    "through",
    "в",
    "во",
    "из",
    "под",
    "до",
    "на",
    "около",
}
LOCATIVE_PREFIXES = ("ב", "ל", "מ", "וב", "ול", "ומ")
MIN_PARTIAL_LENGTH = 3
HONORIFICS = {
    "professor",
    "prof",
    "dr",
    "doctor",
    "rabbi",
    "senator",
    "congressman",
    "president",
    "general",
    "mr",
    "mrs",
    "ms",
    "sir",
    "профессор",
    "доктор",
    "раввин",
    "сенатор",
}

CONFIDENCE_FULL = 0.95  # a multi-word name or alias
CONFIDENCE_SINGLE = 0.85  # a one-word alias ("Shcharansky", "KGB")
CONFIDENCE_AMBIGUOUS = 0.7  # an alias that is also an ordinary word, capitalised
CONFIDENCE_PARTIAL = 0.6  # a surname or first name after the full name
CONFIDENCE_TIE = 0.5  # two entities equally likely: the editor decides


@dataclass(frozen=True)
class AliasSpec:
    """One name of an entity, as the authority gives it."""

    entity_id: int
    kind: str
    text: str
    language: str | None = None
    ambiguous: bool = False


@dataclass(frozen=True)
class _Entry:
    entity_id: int
    kind: str
    ambiguous: bool
    partial: bool
    words: int
    prefix: int  # characters of a Hebrew prefix before the name itself


@dataclass(slots=True)
class Mention:
    entity_id: int
    span_start: int
    span_end: int
    confidence: float
    quote: str


# A hit of the automaton in a folded segment: start, end, and what the key may mean.
_Hit = tuple[int, int, list[_Entry]]


@dataclass
class TrackContext:
    """What has been said so far in one track: entities named for sure."""

    named: set[int] = field(default_factory=set)


SENTENCE_END = '.!?:;…—–-"«»“”'


def is_sentence_start(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence (or the segment)."""
    index = start - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index < 0 or text[index] in SENTENCE_END


class Matcher:
    def __init__(self, aliases: Iterable[AliasSpec]) -> None:
        specs = sorted(set(aliases), key=lambda a: (a.entity_id, a.text))
        self.fingerprint = hashlib.sha256(
            (
                MATCHER_VERSION
                + repr([(a.entity_id, a.kind, a.text, a.language, a.ambiguous) for a in specs])
            ).encode()
        ).hexdigest()
        keys: dict[str, dict[tuple[int, int], _Entry]] = {}
        for spec in specs:
            for key, entry in _keys_for(spec):
                slot = keys.setdefault(key, {})
                current = slot.get((entry.entity_id, entry.prefix))
                if current is None or _strength(entry) > _strength(current):
                    slot[(entry.entity_id, entry.prefix)] = entry
        # Keys are stored with a space either side and segments are scanned with spaces around
        # them: folding makes every character between words a space, so a hit is a whole word
        # (or words) with no check in Python.
        self._automaton = ahocorasick.Automaton()
        for key, entries in keys.items():
            self._automaton.add_word(f" {key} ", (len(key), list(entries.values())))
        self.key_count = len(keys)
        if keys:
            self._automaton.make_automaton()

    def find(self, text: str, context: TrackContext) -> list[Mention]:
        """Mentions in one text, left to right; updates the track's context."""
        return self.find_all([text], context)[0]

    def find_all(self, texts: list[str], context: TrackContext) -> list[list[Mention]]:
        """Mentions in each segment of a track, in order. Segments are folded one by one (the
        fast path for ASCII text is per segment) and scanned joined (the separator matches
        nothing), so the per-segment work in Python is only the hits."""
        results: list[list[Mention]] = [[] for _ in texts]
        if not self.key_count or not texts:
            return results
        folded = [fold(text) for text in texts]
        for number, hits in self._scan([f for f, _ in folded]).items():
            index_map = folded[number][1]
            results[number] = self._choose(hits, texts[number], index_map, context)
        return results

    def _scan(self, folded: list[str]) -> dict[int, list[_Hit]]:
        """Hits in each folded segment, by segment number, in one automaton pass over the
        joined track. Hits come in order of their end, so the segment they fall in is followed
        along instead of looked up."""
        joined = SEPARATOR.join(f" {f} " for f in folded)
        by_segment: dict[int, list[_Hit]] = {}
        number, base, after = 0, 0, len(folded[0]) + 2  # segment's first index, separator's
        for end, (length, entries) in self._automaton.iter(joined):
            while end >= after:
                number += 1
                base = after + 1
                after = base + len(folded[number]) + 2
            stop = end - base - 1  # the key's end within the segment (the trailing space)
            hit = (stop - length, stop, entries)
            if number in by_segment:
                by_segment[number].append(hit)
            else:
                by_segment[number] = [hit]
        return by_segment

    def _choose(
        self, hits: list[_Hit], text: str, index_map: list[int] | None, context: TrackContext
    ) -> list[Mention]:
        chosen: list[tuple[int, int, _Entry, float]] = []
        if len(hits) == 1:  # most segments name one thing at most
            if (decision := self._decide(hits[0], text, index_map, context)) is not None:
                chosen.append((hits[0][0], hits[0][1], *decision))
        else:
            for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):  # longest first
                start, end, _ = hit
                if any(start < c_end and end > c_start for c_start, c_end, _, _ in chosen):
                    continue
                decision = self._decide(hit, text, index_map, context)
                if decision is not None:
                    chosen.append((start, end, *decision))
            chosen.sort(key=lambda c: c[0])
        mentions = []
        for start, end, entry, confidence in chosen:
            first = _original(start + entry.prefix, index_map)
            after = _original(end - 1, index_map) + 1
            mentions.append(Mention(entry.entity_id, first, after, confidence, text[first:after]))
            if confidence >= CONFIDENCE_SINGLE:
                context.named.add(entry.entity_id)
        return mentions

    def _decide(
        self, hit: _Hit, text: str, index_map: list[int] | None, context: TrackContext
    ) -> tuple[_Entry, float] | None:
        hit_start, _, hit_entries = hit
        if len(hit_entries) == 1:  # the common case: one sure name, nothing to weigh
            only = hit_entries[0]
            if not only.partial and not only.ambiguous:
                return only, CONFIDENCE_FULL if only.words > 1 else CONFIDENCE_SINGLE
        start = _original(hit_start, index_map)
        capitalised = text[start].isupper()
        caseless = text[start].lower() == text[start].upper()  # Hebrew has no capitals
        entries = _place_or_namesake(hit_entries, text, start)
        viable: list[tuple[_Entry, float]] = []
        for entry in entries:
            named_before = entry.entity_id in context.named
            if entry.partial:
                if named_before and (capitalised or caseless):
                    viable.append((entry, CONFIDENCE_PARTIAL))
            elif entry.ambiguous:
                if named_before and (capitalised or caseless):
                    viable.append((entry, CONFIDENCE_AMBIGUOUS + 0.1))
                elif capitalised and not is_sentence_start(text, start):
                    viable.append((entry, CONFIDENCE_AMBIGUOUS))
            else:
                base = CONFIDENCE_FULL if entry.words > 1 else CONFIDENCE_SINGLE
                viable.append((entry, base))
        if not viable:
            return None
        if len(viable) == 1:
            return viable[0]
        # Sure names before doubtful ones; among equals, whoever was named earlier.
        viable.sort(key=lambda v: (-v[1], v[0].entity_id not in context.named))
        best = viable[0]
        rivals = [
            v
            for v in viable[1:]
            if v[1] == best[1]
            and v[0].entity_id != best[0].entity_id
            and (v[0].entity_id in context.named) == (best[0].entity_id in context.named)
        ]
        if rivals:
            return best[0], min(best[1], CONFIDENCE_TIE)
        return best


def _place_or_namesake(entries: list[_Entry], text: str, start: int) -> list[_Entry]:
    """A place and something named after it ("Helsinki", the city and the Accords): the place
    after a locative word or prefix, the namesake otherwise."""
    places = [e for e in entries if e.kind == "place"]
    others = [e for e in entries if e.kind != "place"]
    if not places or not others:
        return entries
    words = text[:start].split()
    hebrew_prefix = text[start : start + 2].startswith(LOCATIVE_PREFIXES) and any(
        e.prefix for e in entries
    )
    if hebrew_prefix or (words and words[-1].lower() in LOCATIVES):
        return places
    return others


def _strength(entry: _Entry) -> tuple[bool, bool]:
    return (not entry.partial, not entry.ambiguous)


def _original(index: int, index_map: list[int] | None) -> int:
    return index if index_map is None else index_map[index]


def _keys_for(spec: AliasSpec) -> Iterable[tuple[str, _Entry]]:
    """Every folded key under which an alias is found, with what a hit on it means."""
    base = fold_key(spec.text)
    if not base:
        return
    words = len(base.split())

    def entry(partial: bool = False, prefix: int = 0, n: int = words) -> _Entry:
        return _Entry(spec.entity_id, spec.kind, spec.ambiguous, partial, n, prefix)

    # The folded text keeps one space per punctuation mark ("doctors  plot" for "Doctors' Plot"):
    # the alias folded the same way meets it; the collapsed form meets other spellings.
    forms = {base, fold(spec.text)[0].strip()}
    if has_cyrillic(base) and (not _is_acronym(spec.text) or is_pronounceable_acronym(spec.text)):
        forms |= phrase_forms(base)
    for form in forms:
        yield form, entry()
    for latin in latin_spellings(base):
        yield latin, entry()
    if _is_hebrew(base):
        for prefix in HEBREW_PREFIXES:
            yield prefix + base, entry(prefix=len(prefix))
        if base.startswith("ה") and len(base) > 3:  # the article merges: ב + הכנסת = בכנסת
            for prefix in ARTICLE_MERGING_PREFIXES:
                yield prefix + base[1:], entry(prefix=len(prefix))
    if spec.kind == "person" and _is_personal_name(spec.text):
        yield from _partial_keys(spec, base)


def _is_personal_name(text: str) -> bool:
    """ "Ida Nudel", "Anatoly (Natan) Sharansky": two or three capitalised words, not a
    description such as "Guardian Angel of the Prisoners of Zion"."""
    words = re.findall(r"\w[\w'’\-]*", text)
    return 2 <= len(words) <= 3 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _partial_keys(spec: AliasSpec, base: str) -> Iterable[tuple[str, _Entry]]:
    """A person's surname and first name alone, valid only after the full name."""
    parts = [p for p in base.split() if p not in HONORIFICS]
    if len(parts) < 2:
        return
    for part in {parts[0], parts[-1]}:
        if len(part) < MIN_PARTIAL_LENGTH:
            continue
        forms = phrase_forms(part) if has_cyrillic(part) else {part}
        forms |= latin_spellings(part)
        for form in forms:
            yield form, _Entry(spec.entity_id, spec.kind, spec.ambiguous, True, 1, 0)
        if _is_hebrew(part):
            for prefix in HEBREW_PREFIXES:
                yield (
                    prefix + part,
                    _Entry(spec.entity_id, spec.kind, spec.ambiguous, True, 1, len(prefix)),
                )


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _is_hebrew(text: str) -> bool:
    return any("\u05d0" <= c <= "\u05ea" for c in text)
