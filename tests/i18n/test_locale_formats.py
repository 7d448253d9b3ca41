"""Dates, numbers and lengths as each language writes them (Babel's CLDR data), archive dates
in their own precision, and the filters pages use."""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from media_catalog.web import locale_formats as formats

MOMENT = datetime(2026, 12, 5, 5, 30, 7, tzinfo=UTC)
EXPECTED = {
    "en": (
        "Dec 5, 2026, 05:30 UTC",
        "1,234,567",
        ["Apr 15, 1894 – Sep 11, 1971", "June 1970", "1977", "circa 1975", "the 1970s"],
    ),
    "ru": (
        "5 дек. 2026\u202fг., 05:30 UTC",
        "1\xa0234\xa0567",
        ["15 апр. 1894\u202fг. – 11 сент. 1971\u202fг.", "июнь 1970\u202fг.", "1977",
         "около 1975", "1970-е годы"],
    ),
    "he": (
        "5 בדצמ׳ 2026, 5:30 UTC",
        "1,234,567",
        ["15 באפר׳ 1894 – 11 בספט׳ 1971", "יוני 1970", "1977", "בערך \u20681975\u2069",
         "שנות ה־\u20681970\u2069"],
    ),
}  # fmt: skip
ARCHIVE_DATES = ["1894-04-15/1971-09-11", "1970-06", "1977", "circa 1975", "1970s"]


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_each_language_writes_its_own_dates_and_numbers(app, language: str) -> None:
    moment, number, archive = EXPECTED[language]
    with app.test_request_context(), force_locale(language):
        assert formats.when(MOMENT) == moment
        assert formats.number(1_234_567) == number
        assert [formats.archive_date(text) for text in ARCHIVE_DATES] == archive


def test_a_date_in_no_known_form_is_shown_as_typed(app) -> None:
    with app.test_request_context(), force_locale("ru"):
        assert formats.archive_date("1977-02-30") == "1977-02-30"
        assert formats.archive_date("spring of 1977") == "spring of 1977"
        assert formats.when(MOMENT.replace(tzinfo=None), seconds=True).endswith("05:30:07 UTC")
