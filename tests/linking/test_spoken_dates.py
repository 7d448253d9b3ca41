import pytest

from media_catalog.linking.candidates import find_candidates
from media_catalog.linking.spoken_dates import find_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He was arrested on March 15, 1977, in Moscow.",
            [("March 15, 1977", "1977-03-15", "1977-03-15")],
        ),
        ("on 15 March 1977", [("15 March 1977", "1977-03-15", "1977-03-15")]),
        ("In June 1967 the war began", [("June 1967", "1967-06-01", "1967-06-30")]),
        ("in 1977", [("1977", "1977-01-01", "1977-12-31")]),
        ("the seventies", [("the seventies", "1970-01-01", "1979-12-31")]),
        (
            "the 1970s and the '80s",
            [("1970s", "1970-01-01", "1979-12-31"), ("'80s", "1980-01-01", "1989-12-31")],
        ),
        ("в 1970 году", [("1970", "1970-01-01", "1970-12-31")]),
        ("15 марта 1977 года", [("15 марта 1977", "1977-03-15", "1977-03-15")]),
        ("в семидесятые годы", [("семидесятые", "1970-01-01", "1979-12-31")]),
        ("в 1970-х", [("1970-х", "1970-01-01", "1979-12-31")]),
        ("בשנת 1977", [("1977", "1977-01-01", "1977-12-31")]),
        ("בשנות השבעים", [("שנות השבעים", "1970-01-01", "1979-12-31")]),
        ("51,320 people and 1,977 letters", []),
        ("room 1500", []),
    ],
)
def test_find_dates(text: str, expected: list) -> None:
    assert [(d.text, d.start, d.end) for d in find_dates(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We went to Brooklyn College with Jacob Birnbaum.",
            ["Brooklyn College", "Jacob Birnbaum"],
        ),
        ("Later the Student Struggle for Soviet Jewry met.", ["Student Struggle for Soviet Jewry"]),
        ("Мы говорили с Борисом Петровым.", ["Борисом Петровым"]),
        ("In March we wrote. Then I left.", []),
    ],
)
def test_find_candidates(text: str, expected: list) -> None:
    assert find_candidates(text, []) == expected


def test_candidates_skip_matched_spans() -> None:
    assert find_candidates("We met Ida Nudel.", [(7, 16)]) == []
