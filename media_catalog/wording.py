"""Words the catalog writes for people, marked for the interface's translation catalogs.

A message is written once, in English, as N_("… %(name)s …") with its values given apart, so
that the command line fills it in English (`english`) and the web looks the same words up in
the reader's language first (Flask-Babel's gettext has the same signature, web/error_text.py)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

# What fills a marked message: `english` here, the reader's gettext on the web.
Translate = Callable[..., str]


def N_(message: str) -> str:
    """Marks a message for the catalogs (Babel extracts N_); it stays as written here."""
    return message


def english(message: str, **values: Any) -> str:
    return message % values if values else message


def isolating(translate: Translate, right_to_left: bool = False) -> Translate:
    """`translate` with values set apart by Unicode's first-strong isolates (FSI … PDI), so an
    English name in a Hebrew sentence (or a Hebrew one in English) keeps its own direction and
    leaves the sentence's order alone, in plain text as in HTML: every value of a right-to-left
    sentence, and a value with right-to-left letters in any other."""

    def isolate(value: Any) -> Any:
        text = str(value)
        if right_to_left or any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
            return f"\u2068{text}\u2069"
        return value

    def isolated(message: str, **values: Any) -> str:
        return translate(message, **{k: isolate(v) for k, v in values.items()})

    return isolated
