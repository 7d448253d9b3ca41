"""Partial and approximate dates as archives write them ("1977-03-15", "1977-03", "1977",
"circa 1975", "1970s", "1967/1970"), turned into a sortable inclusive ISO day range."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .errors import FieldError
from .wording import N_

CIRCA_YEARS = 2  # "circa 1975" covers 1973-1977, as cataloguers commonly read it


@dataclass(frozen=True)
class DateRange:
    text: str
    start: str  # ISO day, inclusive
    end: str  # ISO day, inclusive


PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approx(?:imately)?\.?|about)\s*(\d{4})$", re.IGNORECASE)
DECADE = re.compile(r"^(?:the\s+)?(\d{3})0['’]?s$", re.IGNORECASE)


def _bounds(text: str) -> tuple[str, str]:
    match = PARTIAL.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    y = int(year)
    if day:
        m, d = int(month), int(day)
        if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
            raise ValueError(text)
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        m = int(month)
        if not 1 <= m <= 12:
            raise ValueError(text)
        last = calendar.monthrange(y, m)[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def parse_date(text: str | int) -> DateRange:
    """Parse a partial, approximate or ranged date; raises ValueError with a readable reason."""
    raw = str(text).strip()
    try:
        if match := CIRCA.match(raw):
            y = int(match[1])
            return DateRange(raw, f"{y - CIRCA_YEARS:04d}-01-01", f"{y + CIRCA_YEARS:04d}-12-31")
        if match := DECADE.match(raw):
            decade = int(match[1]) * 10
            return DateRange(raw, f"{decade:04d}-01-01", f"{decade + 9:04d}-12-31")
        if "/" in raw:
            first, _, last = raw.partition("/")
            start, _ = _bounds(first.strip())
            _, end = _bounds(last.strip())
            if end < start:
                raise ValueError(raw)
            return DateRange(raw, start, end)
        start, end = _bounds(raw)
        return DateRange(raw, start, end)
    except ValueError:
        raise ValueError(
            f"{raw!r} is not a date: use 1977, 1977-03, 1977-03-15, 'circa 1975', '1970s' "
            "or a range such as 1967/1970"
        ) from None


def date_span(start: str | int | None, end: str | int | None = None) -> DateRange | None:
    """A start date and an optional end date (birth and death, an event's first and last day)."""
    if start is None or str(start).strip() == "":
        return None
    first = parse_date(start)
    if end is None or str(end).strip() == "":
        return first
    last = parse_date(end)
    if last.end < first.start:
        raise ValueError(f"end date {last.text!r} is before start date {first.text!r}")
    return DateRange(f"{first.text}/{last.text}", first.start, last.end)


def date_field(text: str, error: type[FieldError] = FieldError, field: str = "date") -> DateRange:
    """parse_date for a form's date field: a refusal names the field (as `error`) and why."""
    try:
        return parse_date(text)
    except ValueError as exc:
        raise error(
            field, N_("cannot read '%(text)s' as a date (%(why)s)"), text=text, why=exc
        ) from None
