"""Folding text so spelling variants meet, one character for one character, so that every match
in folded text is a span of the original: case, diacritics, ё/е, Hebrew final letters,
apostrophes, hyphens and punctuation. Transliteration between scripts is done on the alias side
(`latin_spellings`), where it costs nothing per segment."""

from __future__ import annotations

import functools
import re
import unicodedata

_FINAL_HEBREW = {"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"}


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    category = unicodedata.category(char)
    if category[0] in "LN":
        base = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in base if not unicodedata.combining(c)) or char
        folded = base.casefold()
        return folded if len(folded) == 1 else char
    if category[0] in "PSZC":
        return " "
    return char


_SPECIAL = {
    **{final: regular for final, regular in _FINAL_HEBREW.items()},
    "ё": "е",
    "Ё": "е",
    "\n": " ",
    "\x00": "\x00",  # NUL separates segments when a whole track is scanned at once
}


class _FoldTable(dict[int, str]):
    """str.translate's table, filled in as characters are met: building it for every code
    point up front would cost more than folding a whole track."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


@functools.cache
def _table() -> dict[int, str]:
    return _FoldTable()


@functools.cache
def _ascii_bytes_table() -> bytes:
    """The ASCII part of the table for bytes.translate, several times faster than
    str.translate's per-character dictionary lookups on the (most common) ASCII text."""
    return bytes(ord(_table()[code]) for code in range(128)) + bytes(range(128, 256))


_COMBINING = re.compile(r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Folded text of the same length, or with combining marks (niqqud, loose accents) dropped,
    in which case the second value maps each folded index to its original index."""
    if text.isascii():
        return text.encode("ascii").translate(_ascii_bytes_table()).decode("ascii"), None
    if not _COMBINING.search(text):
        return text.translate(_table()), None
    kept = [(i, c) for i, c in enumerate(text) if not unicodedata.combining(c)]
    return "".join(c for _, c in kept).translate(_table()), [i for i, _ in kept]


def fold_key(text: str) -> str:
    """An alias as matching keys are made: folded, spaces single, trimmed."""
    return " ".join(fold(text)[0].split())


# English-style romanisation, the way Russian names are usually spelled in English texts.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_CYRILLIC_RE = re.compile("[а-я]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC_RE.search(text))


def latin_spellings(folded: str) -> set[str]:
    """Latin spellings of a folded Cyrillic name: `щаранский` -> shcharansky, shcharanskiy, ...;
    `иосиф бегун` -> iosif begun."""
    if not has_cyrillic(folded):
        return set()
    base = "".join(_CYRILLIC.get(c, c) for c in folded)
    spellings = {base}
    # Folding made й into и, so -ий/-ый endings arrive as -ii/-yi.
    for ending, variants in (("ii", ("iy", "y", "i")), ("yi", ("y", "yy", "iy"))):
        spellings |= {re.sub(rf"{ending}\b", v, base) for v in variants}
    spellings |= {re.sub(r"\bye", "e", s) for s in spellings}  # Евгений: Yevgeny / Evgeny
    spellings |= {s.replace("kh", "h") for s in spellings}  # Михаил: Mikhail / Mihail
    return spellings
