"""The languages the catalog names in words (OHMS records, a guide's excerpt labels) and their
BCP 47 tags, which is what the catalog stores."""

from __future__ import annotations

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


def language_name(tag: str) -> str:
    """`ru` (or `ru-RU`) -> `Russian`; a tag we have no name for is given as it is."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)
