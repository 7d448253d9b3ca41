"""Dates, numbers and lengths written as the reader's language writes them (Babel's CLDR data,
through Flask-Babel's locale of the request): the template filters every page uses, so that no
template formats them by hand. Times are the catalog's, in UTC, and say so."""

from __future__ import annotations

from datetime import UTC, date, datetime

from babel import Locale
from babel.dates import format_skeleton
from babel.units import format_unit
from flask import Flask
from flask_babel import format_date, format_decimal, format_percent, get_locale, gettext

from ..dates import CIRCA, DECADE, PARTIAL
from ..languages import RIGHT_TO_LEFT, language_name
from ..wording import N_, Translate, isolating


def when(moment: datetime | None, seconds: bool = False) -> str:
    """A moment to the minute (or the second) in the reader's date format, on a 24-hour clock
    in UTC (stored times without a zone are UTC): "Dec 5, 2026, 05:30 UTC"."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    locale = Locale.parse(_locale())
    clock = format_skeleton("Hms" if seconds else "Hm", aware, tzinfo=UTC, locale=locale)
    joined = locale.datetime_formats["medium"].format(clock, format_date(aware, "medium"))
    return f"{joined} UTC"


def day(value: date | datetime | None) -> str:
    return "" if value is None else format_date(value, "medium")


def number(value: int | float) -> str:
    """1,234 in English, 1 234 in Russian."""
    return format_decimal(value)


def percent(fraction: float) -> str:
    return format_percent(fraction)


def seconds(value: float) -> str:
    """A length in seconds, with the language's own unit: 1.5 sec, 1,5 с, 1.5 שנ׳."""
    return format_unit(value, "duration-second", "short", locale=_locale())


def archive_date(text: str | None) -> str:
    """A date as archives write it ("1977-03-15", "1977-03", "circa 1975", "1970s",
    "1967/1970") in the reader's words: "15 мар. 1977 г.", "март 1977 г.", "1967 – 1970"; a
    date in any other form is shown as typed."""
    if not text:
        return ""
    if "/" in text:
        return " – ".join(archive_date(part.strip()) for part in text.split("/", 1))
    if match := PARTIAL.match(text):
        year, month, day_of_month = (int(part) if part else None for part in match.groups())
        try:
            if day_of_month:
                return format_date(date(year, month, day_of_month), "medium")  # type: ignore[arg-type]
            if month:
                return format_skeleton("yMMMM", date(year, month, 1), locale=_locale())  # type: ignore[arg-type]
        except ValueError:  # not a day of the calendar: as typed
            return text
        return str(year)
    if match := CIRCA.match(text):
        return translate()(N_("circa %(year)s"), year=match[1])
    if match := DECADE.match(text):
        return translate()(N_("the %(decade)ss"), decade=f"{match[1]}0")
    return text


def language(tag: str) -> str:
    """A language's name in the reader's language: `ru` is "Russian", "русский", "רוסית"."""
    return language_name(tag, _locale())


def translate() -> Translate:
    """The reader's gettext for messages marked N_, their values isolated (wording.py)."""
    return isolating(gettext, _locale() in RIGHT_TO_LEFT)


def _locale() -> str:
    return str(get_locale() or "en")


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        when=when,
        day=day,
        number=number,
        percent=percent,
        seconds=seconds,
        language_name=language,
        archive_date=archive_date,
    )
    # For domain code that writes messages marked N_ while a page renders (guides/views.py).
    app.jinja_env.globals["translate"] = lambda message, **values: translate()(message, **values)
