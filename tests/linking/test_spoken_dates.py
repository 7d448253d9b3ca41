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


def _dates_pattern_by_pattern(text: str) -> list[tuple[str, int, int, str, str]]:
    """The plain reading of the rules: every pattern over the whole text, most specific
    first, overlaps dropped. The fast track-wide search must find exactly the same."""
    from media_catalog.linking.spoken_dates import _PATTERNS, _range

    found, taken = [], []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and end > s for s, e in taken) or not (r := _range(kind, match)):
                continue
            taken.append((start, end))
            found.append((match.group(0), start, end, *r))
    return sorted(found, key=lambda f: f[1])


def _track_texts() -> list[str]:
    import random
    from pathlib import Path

    from media_catalog.formats.cues import parse_cues

    texts = []
    for path in sorted((Path(__file__).parents[2] / "transcripts").glob("*.*t")):
        parsed = parse_cues(path.read_text(encoding="utf-8-sig"), path.suffix[1:])
        texts += [cue.text for cue in parsed.cues]
    assert len(texts) > 300
    pieces = [
        "March 15, 1977", "15th of March, 1977", "Sept. 1986", "in 1970", "1970s", "1970-х",
        "'80s", "the early seventies", "ВОСЕМЬДЕСЯТЫЕ", "15 марта 1977", "2,019", "1977.5",
        "20 people", "June", "שנות השבעים", "19", "the nineties", "1,977", "on May 1 1980",
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(400):
        texts.append(" ".join(rng.choice(pieces + ["and", "we", "met", ","]) for _ in range(8)))
    return texts


def test_track_search_finds_what_each_pattern_finds() -> None:
    from media_catalog.linking.spoken_dates import find_dates_in_track
    from media_catalog.linking.track_text import TrackText

    texts = _track_texts()
    by_segment = find_dates_in_track(TrackText(texts))
    for number, text in enumerate(texts):
        fast = [
            (d.text, d.span_start, d.span_end, d.start, d.end) for d in by_segment.get(number, [])
        ]
        assert fast == _dates_pattern_by_pattern(text), text
