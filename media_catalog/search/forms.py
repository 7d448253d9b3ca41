"""The other forms of a query word that an index may hold, so a search for any form finds the
rest: Russian inflection (pymorphy3 for dictionary words, the mention matcher's surname rules
for names it lacks: Щаранского, Нудели), Hebrew prefix letters (לשרנסקי, בירושלים) and English
plurals (refuseniks, families). Words are in index form (lower case, ё as е). Pure: what an
index holds is asked of a `Vocabulary`; phrases and transliterations are the caller's."""

from __future__ import annotations

import functools
import itertools
import re

import pymorphy3
import pymorphy3_dicts_ru

from ..linking.inflection import nominatives, word_forms
from ..linking.matcher import ARTICLE_MERGING_PREFIXES, HEBREW_PREFIXES
from .vocabulary import Vocabulary

# Alternatives a search adds for one word, the most frequent kept: a verb's lexeme alone has a
# hundred forms (participles in every case), and each one is another term to look up.
MAX_FORMS = 32
MAX_UNEXPANDED = 2  # letters

_CYRILLIC_WORD = re.compile(r"[а-яё]+")
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea]+")
_LATIN_WORD = re.compile(r"[a-z]+")


def variants(word: str) -> frozenset[str]:
    """Every other form of the word in its language, whether or not an index holds it."""
    return frozenset(form for _, forms in _families(word) for form in forms)


def forms_in(word: str, vocabulary: Vocabulary) -> list[str]:
    """The other forms of the word the vocabulary holds, the most frequent first (then
    alphabetically), at most MAX_FORMS. A Hebrew word read as a prefix and a base (לום in
    שלום) brings the base's prefixed forms only when the vocabulary holds the base itself, so
    שלום does not find בלום. Words of one or two letters (к, он, in) are searched as typed:
    the analyser reads them as forms of longer words (к as a short как)."""
    if len(word) <= MAX_UNEXPANDED:
        return []
    held: dict[str, int] = {}
    for condition, forms in _families(word):
        if condition is None or vocabulary.frequency(condition) > 0:
            for form in forms:
                if form not in held and (frequency := vocabulary.frequency(form)) > 0:
                    held[form] = frequency
    ranked = sorted(held, key=lambda form: (-held[form], form))
    return ranked[:MAX_FORMS]


Families = tuple[tuple[str | None, frozenset[str]], ...]


@functools.lru_cache(maxsize=8192)
def _families(word: str) -> Families:
    """The word's other forms in groups, each with the word an index must hold for the group to
    count (None: always counts)."""
    if _CYRILLIC_WORD.fullmatch(word):
        families: Families = ((None, frozenset(_russian_forms(word))),)
    elif _HEBREW_WORD.fullmatch(word):
        families = _hebrew_families(word)
    elif _LATIN_WORD.fullmatch(word):
        families = ((None, frozenset(_english_forms(word))),)
    else:
        families = ()  # numbers and mixed scripts are searched as written
    return tuple((condition, forms - {word}) for condition, forms in families)


@functools.cache
def _morph() -> pymorphy3.MorphAnalyzer:
    """Built once, on first use (loading the dictionary takes a few tenths of a second). Its
    path is given, so pymorphy3 does not look through installed packages' entry points."""
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


def _russian_forms(word: str) -> set[str]:
    """Every form of every lexeme the word may belong to. A word the dictionary lacks is most
    likely a name: its forms come from the matcher's surname rules, and from the nouns and
    adjectives pymorphy3 guesses it to be (which bring plurals: Щаранских)."""
    parses = _morph().parse(word)
    known = any(parse.is_known for parse in parses)
    forms = {
        form.word
        for parse in parses
        if parse.is_known or (not known and parse.tag.POS in ("NOUN", "ADJF"))
        for form in parse.lexeme
    }
    if not known:
        forms |= _surname_forms(word)
    return {form.replace("ё", "е") for form in forms}


def _surname_forms(word: str) -> set[str]:
    """The case forms of every nominative the word may be a form of, by the matcher's rules.
    The rules work on folded words (й as и), so each form comes back with и after a vowel
    read both ways."""
    folded = word.replace("й", "и")
    forms = {form for nominative in nominatives(folded) for form in word_forms(nominative)}
    return {spelling for form in forms for spelling in _short_i_spellings(form)}


_VOWELS = set("аеиоуыэюя")


def _short_i_spellings(folded: str, most: int = 3) -> set[str]:
    """щаранскии -> щаранскии, щаранский: й where a folded и follows a vowel (the last `most`
    such places; they are endings, and earlier ones are rare)."""
    places = [i for i in range(1, len(folded)) if folded[i] == "и" and folded[i - 1] in _VOWELS]
    places = places[-most:]
    spellings = set()
    for choice in itertools.product("ий", repeat=len(places)):
        letters = list(folded)
        for place, letter in zip(places, choice, strict=True):
            letters[place] = letter
        spellings.add("".join(letters))
    return spellings


# The prefixes the matcher knows (up to two letters), and ו ("and") before any of them: וכש,
# ושה, ומה... A base keeps at least two letters.
_PREFIXES = frozenset(HEBREW_PREFIXES) | {"ו" + p for p in HEBREW_PREFIXES if p[0] != "ו"}
_MERGING = frozenset(ARTICLE_MERGING_PREFIXES) | {
    "ו" + p for p in ARTICLE_MERGING_PREFIXES if p[0] != "ו"
}
_MIN_BASE = 2


def _hebrew_families(word: str) -> Families:
    """The word's own prefixed forms, then for each way of reading it as prefix + base, the
    base and its prefixed forms, counting only when an index holds the base. The article after
    ב, ל, כ merges into the prefix (בכנסת is ב + הכנסת), so the base may regain its ה."""
    families: list[tuple[str | None, frozenset[str]]] = [(None, _prefixed(word))]
    for prefix in sorted(_PREFIXES, key=len):
        base = word[len(prefix) :]
        if word.startswith(prefix) and len(base) >= _MIN_BASE:
            families.append((base, _prefixed(base) | {base}))
            if prefix in _MERGING:
                families.append(("ה" + base, _prefixed("ה" + base) | {"ה" + base}))
    return tuple(families)


def _prefixed(base: str) -> frozenset[str]:
    forms = {prefix + base for prefix in _PREFIXES}
    if base.startswith("ה") and len(base) > 3:
        forms |= {prefix + base[1:] for prefix in _MERGING}
    return frozenset(forms)


_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "o")
_MIN_STEM = 3


def _english_forms(word: str) -> set[str]:
    """Singular and plural both ways (refusenik/refuseniks, family/families, box/boxes), and a
    regular verb's -ed and -ing forms both ways (arrest/arrested/arresting, sentence/sentenced).
    Possessives need nothing: the index drops the 's of "Begun's"."""
    return _number_forms(word) | _verb_forms(word)


def _verb_forms(word: str) -> set[str]:
    """Back from -ed only: a word in -ing is as often a noun of its own (evening is not even)."""
    stems = {word}
    if word.endswith("ed") and len(word) - 2 >= _MIN_STEM:
        stems |= {word[:-2], word[:-1]}  # arrested: arrest; sentenced: sentence
    forms = set(stems)
    for stem in stems - {word} if word.endswith("ed") else stems:
        base = stem[:-1] if stem.endswith("e") else stem
        forms |= {stem + "s", base + "ed", base + "ing"}
    return forms


def _number_forms(word: str) -> set[str]:
    singulars = set()
    if word.endswith("ies"):
        singulars.add(word[:-3] + "y")
    if word.endswith("es") and word[:-2].endswith(_SIBILANT_ENDINGS):
        singulars.add(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        singulars.add(word[:-1])
    singulars = {s for s in singulars if len(s) >= _MIN_STEM} or {word}  # a plural, or not
    return singulars | {plural for singular in singulars for plural in _plurals(singular)}


def _plurals(singular: str) -> set[str]:
    if singular.endswith("y") and singular[-2:-1] not in set("aeiou"):
        return {singular[:-1] + "ies"}
    if singular.endswith("o"):  # photos, heroes
        return {singular + "s", singular + "es"}
    if singular.endswith(_SIBILANT_ENDINGS):
        return {singular + "es"}
    return {singular + "s"}
