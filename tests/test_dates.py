import pytest

from media_catalog.dates import date_span, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1977", "1977-01-01", "1977-12-31"),
        ("1977-03", "1977-03-01", "1977-03-31"),
        ("1980-02", "1980-02-01", "1980-02-29"),
        ("1977-03-15", "1977-03-15", "1977-03-15"),
        ("circa 1975", "1973-01-01", "1977-12-31"),
        ("ca. 1975", "1973-01-01", "1977-12-31"),
        ("1970s", "1970-01-01", "1979-12-31"),
        ("the 1980's", "1980-01-01", "1989-12-31"),
        ("1967/1970-06", "1967-01-01", "1970-06-30"),
    ],
)
def test_parse_date(text: str, start: str, end: str) -> None:
    parsed = parse_date(text)
    assert (parsed.start, parsed.end, parsed.text) == (start, end, text)


@pytest.mark.parametrize("bad", ["1977-13", "1977-02-30", "March 1977", "", "1980/1970"])
def test_parse_date_rejects_with_reason(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(bad)


def test_date_span() -> None:
    span = date_span("1948-01-20", "2020")
    assert span is not None and (span.start, span.end) == ("1948-01-20", "2020-12-31")
    assert date_span(None) is None
    with pytest.raises(ValueError, match="before"):
        date_span("1990", "1980")
