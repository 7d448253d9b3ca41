"""Folding text so spelling variants meet, one character for one character, so that every match
in folded text is a span of the original: case, diacritics, ё/е, Hebrew final letters,
apostrophes, hyphens and punctuation. Transliteration between scripts is done on the alias side
(`latin_spellings`), where it costs nothing per segment."""

from __future__ import annotations

import functools
import re
import unicodedata

_FINAL_HEBREW = {"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"}


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x10000):  # the Basic Multilingual Plane holds every script we fold
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        category = unicodedata.category(char)
        if category[0] in "LN":
            base = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in base if not unicodedata.combining(c)) or char
            folded = base.casefold()
            if len(folded) == 1 and folded != char:
                table[code] = folded
        elif category[0] in "PSZC" and char not in "\n":
            table[code] = " "
    for final, regular in _FINAL_HEBREW.items():
        table[ord(final)] = regular
    table[ord("ё")] = table[ord("Ё")] = "е"
    table[ord("\n")] = " "
    del table[0]  # NUL separates segments when a whole track is folded at once
    return table


@functools.cache
def _table() -> dict[int, str]:
    return _build_table()


_COMBINING = re.compile(r"[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Folded text of the same length, or with combining marks (niqqud, loose accents) dropped,
    in which case the second value maps each folded index to its original index."""
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
