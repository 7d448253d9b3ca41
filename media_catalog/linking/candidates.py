"""Name-like phrases that match no entity: runs of capitalised words in English or Russian
(with small joining words inside: "Student Struggle for Soviet Jewry"), not at the start of a
sentence unless they run on. Editors turn them into entities or aliases, or dismiss them."""

from __future__ import annotations

import re

from .matcher import SENTENCE_END, is_sentence_start
from .track_text import TrackText

_CAPITAL = "[A-ZА-ЯЁ]"
_REST = r"[\w'’\-]*"
_WORD = _CAPITAL + _REST
_JOIN = r"(?:of|for|the|and|de|von|van|на|и|в)"
_END = re.escape(SENTENCE_END) + "\x00"
# A run of two or more capitalised words, or one capitalised word that plainly does not open a
# sentence: most capitals open sentences, and ruling them out here spares the Python check.
# The pattern starts with the capital (the lookbehinds follow it) so the regex engine can skip
# ahead to capitals instead of trying every position.
_PHRASE = re.compile(
    rf"{_CAPITAL}(?<![\w'’].)"
    rf"(?:{_REST}(?:\s+(?:{_JOIN}\s+)?{_WORD})+|(?<![{_END}].)(?<![{_END}]\s.){_REST})"
)
_JOIN_WORD = re.compile(_JOIN)
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


def find_candidates(text: str, taken: list[tuple[int, int]]) -> list[str]:
    """Phrases in `text` that could be names, outside the spans already matched."""
    return [phrase for _, phrase in find_candidates_in_track(TrackText([text]), [taken])]


def find_candidates_in_track(
    track: TrackText, taken: list[list[tuple[int, int]]]
) -> list[tuple[int, str]]:
    """(segment number, phrase) for each name-like phrase of a track outside the spans already
    matched in its segment; one pass of the phrase pattern over the joined track."""
    found = []
    texts = track.texts
    for number, start, end, match in track.finditer(_PHRASE):
        spans = taken[number]
        if spans and any(start < e and end > s for s, e in spans):
            continue
        if phrase := _name_like(texts[number], start, match.group(0)):
            found.append((number, phrase))
    return found


def _name_like(text: str, start: int, phrase: str) -> str | None:
    """The phrase without the grammatical capitals around it, or None if nothing is left."""
    words = phrase.split()
    if is_sentence_start(text, start):
        if len(words) == 1:
            return None  # "Later we ..." is capitalised because a sentence starts there
        if words[0].lower() in _COMMON or _JOIN_WORD.fullmatch(words[1]):
            words = words[1:]  # "Later the Student Struggle ...": the sentence's first word
    while words and (words[0].lower() in _COMMON or _JOIN_WORD.fullmatch(words[0])):
        words = words[1:]
    while words and words[-1].lower() in _COMMON:
        words = words[:-1]
    if not words or (len(words) == 1 and (len(words[0]) < 3 or words[0].lower() in _COMMON)):
        return None
    return " ".join(words).rstrip("'’-")
