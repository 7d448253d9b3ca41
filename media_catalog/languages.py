"""The languages the catalog names in words (OHMS records, a guide's excerpt labels) and their
BCP 47 tags, which is what the catalog stores."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

LANGUAGES = {
    "english": "en",
    "russian": "ru",
    "hebrew": "he",
    "yiddish": "yi",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "ukrainian": "uk",
    "polish": "pl",
    "arabic": "ar",
}
LANGUAGE_NAMES = {code: name.title() for name, code in LANGUAGES.items()}
RIGHT_TO_LEFT = frozenset({"he", "yi", "ar"})  # written right to left


def language_name(tag: str, in_language: str | None = None) -> str:
    """`ru` (or `ru-RU`) -> `Russian`, or the language's name in `in_language` from Babel's
    CLDR data (`русский`, `רוסית`); a tag no one has a name for is given as it is."""
    if in_language:
        try:
            return Locale.parse(tag, sep="-").get_language_name(in_language) or tag
        except (ValueError, UnknownLocaleError):
            pass
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)
