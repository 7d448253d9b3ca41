"""Name-like phrases that match no entity: runs of capitalised words in English or Russian
(with small joining words inside: "Student Struggle for Soviet Jewry"), not at the start of a
sentence unless they run on. Editors turn them into entities or aliases, or dismiss them."""

from __future__ import annotations

import re

from .matcher import is_sentence_start

_WORD = r"[A-ZА-ЯЁ][\w'’\-]*"
_JOIN = r"(?:of|for|the|and|de|von|van|на|и|в)"
_PHRASE = re.compile(rf"(?<![\w'’]){_WORD}(?:\s+(?:{_JOIN}\s+)?{_WORD})*")
# Capitalised for grammar, not because they are names.
_COMMON = {
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "we",
    "he",
    "she",
    "they",
    "it",
    "you",
    "the",
    "a",
    "an",
    "and",
    "but",
    "so",
    "yes",
    "no",
    "well",
    "oh",
    "then",
    "there",
    "this",
    "that",
    "what",
    "when",
    "where",
    "who",
    "why",
    "how",
    "in",
    "on",
    "at",
    "for",
    "of",
    "my",
    "our",
    "his",
    "her",
    "their",
    "mr",
    "mrs",
    "ms",
    "dr",
    "okay",
    "ok",
    "right",
    "thank",
    "thanks",
    "я",
    "мы",
    "он",
    "она",
    "они",
    "это",
    "и",
    "но",
    "да",
    "нет",
    "ну",
    "вот",
    "так",
    "в",
    "на",
    "как",
    "что",
    "когда",
    "потом",
    "там",
    "тогда",
    # months and days are dates (spoken_dates finds them); peoples and languages are not names
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "american",
    "americans",
    "soviet",
    "jewish",
    "jews",
    "russian",
    "russians",
    "israeli",
    "israelis",
    "hebrew",
    "english",
    "yiddish",
    "western",
    "christmas",
}


_CAPITAL = re.compile(r"[A-ZА-ЯЁ]")


def has_inner_capital(text: str) -> bool:
    """A cheap test before find_candidates: a capital letter after the first character."""
    return _CAPITAL.search(text, 1) is not None


def find_candidates(text: str, taken: list[tuple[int, int]]) -> list[str]:
    """Phrases in `text` that could be names, outside the spans already matched."""
    found = []
    for match in _PHRASE.finditer(text):
        start, end = match.span()
        if any(start < e and end > s for s, e in taken):
            continue
        phrase = match.group(0)
        words = phrase.split()
        if is_sentence_start(text, start):
            if len(words) == 1:
                continue  # "Later we ..." is capitalised because a sentence starts there
            if words[0].lower() in _COMMON or re.fullmatch(_JOIN, words[1]):
                words = words[1:]  # "Later the Student Struggle ...": the sentence's first word
        while words and (words[0].lower() in _COMMON or re.fullmatch(_JOIN, words[0])):
            words = words[1:]
        while words and words[-1].lower() in _COMMON:
            words = words[:-1]
        if not words or (len(words) == 1 and (len(words[0]) < 3 or words[0].lower() in _COMMON)):
            continue
        found.append(" ".join(words).rstrip("'’-"))
    return found
