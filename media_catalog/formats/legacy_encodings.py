"""Choosing among the 8-bit code pages our subtitle files come in (Hebrew, Russian, Western) by
how plausible each decoding reads, never by which one decodes first: almost every byte string
decodes as KOI8-R or Windows-1252, so "it decoded" says nothing. Only the bytes above 0x7F are
judged, as the rest reads the same in every candidate."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

# Letter frequencies in per cent (common published counts, rounded). Unigrams are enough: a
# wrong code page turns Hebrew into rare Cyrillic letters (й ш щ ъ), Russian into box drawing,
# upper/lower case mixed inside words, or runs of accented Latin letters.
_RUSSIAN = dict(
    zip(
        "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
        (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81)
        + (2.62, 2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48)
        + (0.36, 0.32, 0.26, 0.04, 0.04),
        strict=True,
    )
)
_HEBREW = dict(
    zip(
        "יוהלאמרתבנשעכדחקםפסןגטצזךףץ",
        (11.0, 10.5, 8.7, 7.4, 6.3, 6.0, 5.6, 5.3, 4.7, 4.5, 4.3, 3.2, 2.7, 2.6, 2.3, 1.9, 2.5)
        + (1.6, 1.4, 1.5, 1.0, 1.2, 1.2, 0.9, 0.6, 0.2, 0.2),
        strict=True,
    )
)
# Western European text: the accented letters as a share of accented letters (French first).
_WESTERN = dict(
    zip(
        "éèàêçôâîûùëïüöäßñáíóúœãõåæø¿¡",
        (40.0, 8.0, 10.0, 6.0, 3.0, 2.0, 2.0, 1.0, 0.5, 0.5, 0.3, 0.3, 3.0, 3.0, 3.0, 1.0, 1.0)
        + (2.0, 1.0, 1.5, 1.0, 0.5, 0.5, 0.3, 1.0, 0.3, 0.5, 0.5, 0.5),
        strict=True,
    )
)
_LANGUAGES = {"ru": _RUSSIAN, "he": _HEBREW, "fr": _WESTERN}
# Punctuation every candidate shares (quotes, dashes, ellipsis, guillemets, no-break space):
# one fixed probability, so it favours no candidate.
_SHARED_PUNCTUATION = "«»“”„‘’‚–—…•·°№€₪©®™×±§¶ \u00ad"
_PUNCTUATION_P = 0.05
_POINT_P = 0.002  # Hebrew vowel points: rare in subtitles, but real
_FLOOR_P = 1e-5  # anything else: symbols, box drawing, letters of another script
_CASE_BREAK_P = 1e-4  # an upper-case letter after a lower-case one inside a word
_LATIN_RUN_P = 0.01  # an accented letter beside another: "été" has none, mojibake is all runs
_SCRIPT_MIX_P = 0.01  # a Hebrew or Cyrillic letter beside a Latin one in the same word
_SHAPE_BREAK_P = 0.01  # a soft sign starting a word, a final Hebrew letter mid-word
_RUSSIAN_VOWELS = "аеёиоуыэюя"

# (codec, language its text is in); the order breaks exact ties (the more common page first).
CANDIDATES = (
    ("cp1255", "he"),
    ("iso8859-8", "he"),
    ("cp1251", "ru"),
    ("koi8-r", "ru"),
    ("iso8859-5", "ru"),
    ("cp1252", "fr"),
)
# What a sidecar's language tag says about the script (Yiddish and Ladino are written in Hebrew
# letters; Ukrainian and Belarusian in Cyrillic).
SCRIPT_OF_LANGUAGE = {"he": "he", "yi": "he", "lad": "he", "ru": "ru", "uk": "ru", "be": "ru"}
HINT_BONUS = 1.0  # nats per judged character for the candidate the sidecar's language names
AMBIGUOUS_WITHIN = 0.5  # runner-up this close (nats per character): warn, naming both
# Scoring runs in Python, a character at a time: the first 30,000 characters (bytes, in these
# 8-bit pages; ten minutes of subtitles) tell the code page as well as a whole file would.
SAMPLE_CHARACTERS = 30_000
IMPLAUSIBLE_BELOW = -7.0  # best reading still mostly symbols: refuse rather than garble


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass
class Reading:
    codec: str
    language: str
    text: str
    score: float  # mean log-probability of the non-ASCII characters, hint included


def _script_of(language: str | None) -> str | None:
    if not language:
        return None
    base = language.split("-")[0].lower()
    if base in SCRIPT_OF_LANGUAGE:
        return SCRIPT_OF_LANGUAGE[base]
    return "fr" if len(base) in (2, 3) else None  # any other tag: a Latin-script language


def _context_factor(text: str, index: int, language: str) -> float:
    """How much the neighbours make a letter less likely: mojibake breaks word shapes that
    letter counts alone miss (Hebrew read as KOI8-R gives capitals with a plausible share of
    vowels, but a soft sign starting words)."""
    char = text[index]
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    factor = 1.0
    if char.isupper() and before.isalpha() and before.islower():
        factor *= _CASE_BREAK_P  # "эШ": a capital inside a lower-case word
    if language == "fr":
        if (ord(before) > 127 and before.isalpha()) or (ord(after) > 127 and after.isalpha()):
            factor *= _LATIN_RUN_P
        return factor
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        factor *= _SCRIPT_MIX_P  # Hebrew or Cyrillic glued to Latin letters: "Noлl"
    lower = char.lower()
    starts_word = not before.isalpha()
    if language == "ru" and (
        (lower in "ьъы" and starts_word) or (lower in "ьъ" and before.lower() in _RUSSIAN_VOWELS)
    ):
        factor *= _SHAPE_BREAK_P
    if language == "he" and char in "םןךףץ" and after.isalpha():
        factor *= _SHAPE_BREAK_P
    return factor


def _char_probability(text: str, index: int, model: dict[str, float], language: str) -> float:
    char = text[index]
    if char.lower() in model:
        return model[char.lower()] / 100 * _context_factor(text, index, language)
    if char in _SHARED_PUNCTUATION:
        return _PUNCTUATION_P
    if language == "he" and unicodedata.category(char) == "Mn":
        return _POINT_P
    return _FLOOR_P


def plausibility(text: str, language: str) -> tuple[float, int]:
    """(sum of log-probabilities, characters judged) of the non-ASCII characters of text read
    as the given language."""
    model = _LANGUAGES[language]
    total, count = 0.0, 0
    for match in _NON_ASCII.finditer(text):
        total += math.log(_char_probability(text, match.start(), model, language))
        count += 1
    return total, count


def rank_readings(data: bytes, language_hint: str | None = None) -> list[Reading]:
    """Every candidate decoding of data, most plausible first; identical texts appear once (a
    plain Hebrew file reads the same in Windows-1255 and ISO 8859-8)."""
    hinted = _script_of(language_hint)
    readings: list[Reading] = []
    seen: set[str] = set()
    for codec, language in CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text in seen:
            continue
        seen.add(text)
        total, count = plausibility(text[:SAMPLE_CHARACTERS], language)
        score = total / count if count else 0.0
        if hinted == language:
            score += HINT_BONUS
        readings.append(Reading(codec, language, text, score))
    readings.sort(key=lambda reading: -reading.score)  # stable: CANDIDATES order breaks ties
    return readings
