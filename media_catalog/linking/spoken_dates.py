"""Dates and periods as people say them, in English, Russian and Hebrew: "in 1977",
"March 15, 1977", "the seventies", "the 1970s", "в 1970 году", "15 марта 1977", "в семидесятые",
"בשנת 1977", "שנות השבעים". Each becomes an inclusive ISO day range on the segment."""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass

from .track_text import TrackText

FIRST_YEAR, LAST_YEAR = 1900, 2029  # years outside this are more likely counts than dates


@dataclass(frozen=True)
class SpokenDate:
    text: str
    span_start: int
    span_end: int
    start: str
    end: str


_EN_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_EN_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_RU_MONTHS = {
    stem: i
    for i, stem in enumerate(
        [
            "январ",
            "феврал",
            "март",
            "апрел",
            "ма",
            "июн",
            "июл",
            "август",
            "сентябр",
            "октябр",
            "ноябр",
            "декабр",
        ],
        1,
    )
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
    "двадцат": 2,
    "тридцат": 3,
    "сороков": 4,
    "пятидесят": 5,
    "шестидесят": 6,
    "семидесят": 7,
    "восьмидесят": 8,
    "девяност": 9,
    "העשרים": 2,
    "השלושים": 3,
    "הארבעים": 4,
    "החמישים": 5,
    "השישים": 6,
    "השבעים": 7,
    "השמונים": 8,
    "התשעים": 9,
}
_YEAR = r"(?<![\d,.])(19\d\d|20[0-2]\d)(?!\d|[,.]\d)"
_EN_MONTH = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_RU_MONTH = "|".join(_RU_MONTHS)
_ORDINAL = r"(?:st|nd|rd|th)?"
_PATTERNS = [
    # March 15, 1977 / 15 March 1977 / March 1977
    ("day", re.compile(rf"\b({_EN_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I)),
    (
        "day_first",
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_EN_MONTH})\.?,?\s+{_YEAR}", re.I
        ),
    ),
    (
        "ru_day",
        re.compile(
            rf"\b(\d{{1,2}})\s+(январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\s+{_YEAR}",
            re.I,
        ),
    ),
    ("month", re.compile(rf"\b({_EN_MONTH})\.?\s+(?:of\s+)?{_YEAR}", re.I)),
    # the 1970s, the '70s, в 1970-х, 1970-е
    ("decade_digits", re.compile(r"(?<!\d)(19\d|20[0-2])0(?:'?s|-?х|-?е)(?!\w)", re.I)),
    ("decade_short", re.compile(r"(?<![\w'’])['’]([2-9])0s\b", re.I)),
    (
        "decade_word",
        re.compile(
            r"(?:\b(?:the\s+)?(?:early\s+|late\s+|mid-?)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b)"
            r"|(?:(двадцат|тридцат|сороков|пятидесят|шестидесят|семидесят|восьмидесят|девяност)[а-я]*)"
            r"|(?:שנות\s+(העשרים|השלושים|הארבעים|החמישים|השישים|השבעים|השמונים|התשעים))",
            re.I,
        ),
    ),
    ("year", re.compile(_YEAR)),
]


def _days_in(year: int, month: int) -> int:
    """calendar.monthrange(...)[1] without working out the weekday, which costs more."""
    if month == 2:
        return 29 if calendar.isleap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _day(year: int, month: int, day: int) -> tuple[str, str] | None:
    if not (1 <= month <= 12 and 1 <= day <= _days_in(year, month)):
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return iso, iso


def _range(kind: str, m: re.Match[str]) -> tuple[str, str] | None:
    groups = m.groups()
    if kind == "day":
        return _day(int(groups[2]), _EN_MONTHS[groups[0].lower()], int(groups[1]))
    if kind == "day_first":
        return _day(int(groups[2]), _EN_MONTHS[groups[1].lower()], int(groups[0]))
    if kind == "ru_day":
        return _day(int(groups[2]), _RU_MONTHS[groups[1].lower()], int(groups[0]))
    if kind == "month":
        year, month = int(groups[1]), _EN_MONTHS[groups[0].lower()]
        return (
            f"{year:04d}-{month:02d}-01",
            f"{year:04d}-{month:02d}-{_days_in(year, month):02d}",
        )
    if kind == "decade_digits":
        decade = int(groups[0]) * 10
    elif kind == "decade_short":
        decade = 1900 + int(groups[0]) * 10
    elif kind == "decade_word":
        word = next(g for g in groups if g)
        decade = 1900 + _DECADE_WORDS[word.lower()] * 10
    else:
        year = int(groups[0])
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    return f"{decade:04d}-01-01", f"{decade + 9:04d}-12-31"


# A whole track is not run through eight slow patterns: each pattern runs only where the
# literal it cannot match without appears (found by str.find, at memory speed), and the patterns
# that end with a year (day, month) only in a short window before each year found.
_NEEDS = {
    "day": "year",
    "day_first": "year",
    "ru_day": "year",
    "month": "year",
    "decade_digits": ("19", "20"),
    "decade_short": ("0s",),
    "decade_word": ("ties", "десят", "сороков", "девяност", "שנות"),
    "year": ("19", "20"),
}
_PRIORITY = {kind: number for number, (kind, _) in enumerate(_PATTERNS)}
_BEFORE_YEAR = 40  # characters before a year that "15th of September, " and the like can take
# Every pattern that ends with a year names a month: no month name before a year, no need to try.
# Searched in lowercased text: a case-insensitive alternation is ten times slower.
_MONTH_NAME = re.compile("|".join(sorted([*_EN_MONTHS, *_RU_MONTHS])))


def find_dates(text: str) -> list[SpokenDate]:
    """Every date or period in the text, most specific first where they overlap."""
    return find_dates_in_track(TrackText([text])).get(0, [])


def find_dates_in_track(track: TrackText) -> dict[int, list[SpokenDate]]:
    """The dates of each segment of a track that names any, by segment number."""
    texts = track.texts
    found: list[tuple[int, int, int, str, re.Match[str]]] = []  # priority, segment, start, ..
    years: list[tuple[int, int, int]] = []  # segment, start, end
    parts: dict[tuple[str, ...], tuple[list[int], TrackText]] = {}
    for kind, pattern in _PATTERNS:
        needs = _NEEDS[kind]
        if needs == "year":
            continue
        if needs not in parts:
            numbers = sorted(track.segments_containing(needs))  # type: ignore[arg-type]
            parts[needs] = numbers, TrackText([texts[n] for n in numbers])  # type: ignore[index]
        subset, part = parts[needs]  # type: ignore[index]
        if not subset:
            continue
        for number, start, end, match in part.finditer(pattern):
            found.append((_PRIORITY[kind], subset[number], start, kind, match))
            if kind == "year":
                years.append((subset[number], start, end))
    for number, year_start, year_end in years:  # the patterns that end with this year
        text, window = texts[number], max(0, year_start - _BEFORE_YEAR)
        if not _MONTH_NAME.search(text[window:year_start].lower()):
            continue
        for kind, pattern in _PATTERNS:
            if _NEEDS[kind] != "year":
                continue
            for match in pattern.finditer(text, window, year_end):
                if match.end() == year_end:
                    found.append((_PRIORITY[kind], number, match.start(), kind, match))
    return _resolve(found)


def _resolve(found: list[tuple[int, int, int, str, re.Match[str]]]) -> dict[int, list[SpokenDate]]:
    """Per segment, the most specific pattern first; a later match overlapping one taken is
    dropped."""
    dates: dict[int, list[SpokenDate]] = defaultdict(list)
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for _, number, start, kind, match in sorted(found, key=lambda f: f[:3]):
        end = start + match.end() - match.start()
        if any(start < e and end > s for s, e in taken[number]):
            continue
        if (bounds := _range(kind, match)) is None:
            continue
        taken[number].append((start, end))
        dates[number].append(SpokenDate(match.group(0), start, end, *bounds))
    return {n: sorted(spoken, key=lambda d: d.span_start) for n, spoken in dates.items()}
