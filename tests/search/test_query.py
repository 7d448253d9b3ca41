"""The query language, table-driven: what each query means, and the message a bad one gets."""

import pytest

from media_catalog.search.query import QueryError, parse

W, P, X = "word", "phrase", "prefix"


@pytest.mark.parametrize(
    ("text", "groups", "excluded"),
    [
        ("Sharansky", [[(W, "sharansky")]], []),
        ("exit visa", [[(W, "exit")], [(W, "visa")]], []),
        ('"Helsinki Group"', [[(P, "helsinki group")]], []),
        ("refus*", [[(X, "refus")]], []),
        ("Moscow -Leningrad", [[(W, "moscow")]], [(W, "leningrad")]),
        ('visa -"exit visa"', [[(W, "visa")]], [(P, "exit visa")]),
        ("Moscow OR Leningrad", [[(W, "moscow"), (W, "leningrad")]], []),
        ("trial Moscow OR Leningrad", [[(W, "trial")], [(W, "moscow"), (W, "leningrad")]], []),
        ("a OR b OR c", [[(W, "a"), (W, "b"), (W, "c")]], []),
        ("Ещё", [[(W, "еще")]], []),  # ё is е, as Russian readers read it
        ("Jackson-Vanik", [[(P, "jackson vanik")]], []),  # a hyphen joins words of a phrase
        ("Sharansky's", [[(W, "sharansky")]], []),  # the possessive is the name
        ("or", [[(W, "or")]], []),  # only capital OR is the operator
        ("שרנסקי", [[(W, "שרנסקי")]], []),
        ("  visa   !!  ", [[(W, "visa")]], []),  # punctuation alone searches for nothing
    ],
)
def test_queries_parse_into_groups_and_exclusions(text, groups, excluded) -> None:  # type: ignore[no-untyped-def]
    query = parse(text)
    assert [[(t.kind, t.text) for t in g] for g in query.groups] == groups
    assert [(t.kind, t.text) for t in query.excluded] == excluded


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"Helsinki Group', "never closed"),
        ('visa "exit', "character 6"),
        ("OR", "OR needs a word on each side"),
        ("Moscow OR", "OR needs a word on each side"),
        ("OR Moscow", "OR needs a word on each side"),
        ("Moscow OR OR Kiev", "OR needs a word on each side"),
        ("-", "must be followed by the word"),
        ("visa -", "must be followed by the word"),
        ("-Moscow", "Add a word to search for"),
        ("*", "must follow the start of a word"),
        ("", "Type a word"),
        ("   ", "Type a word"),
        ("!!!", "Type a word"),
        ("x" * 10_000, "10,000 characters"),
        ("Moscow OR -Kiev", "OR cannot join an exclusion"),
        (" ".join(["w"] * 40), "at most 32"),
    ],
)
def test_malformed_queries_explain_what_to_fix(text, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match=message):
        parse(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [('נתב"ג', [("phrase", "נתב ג")]), ('"צה"ל soldiers"', [("phrase", "צה ל soldiers")])],
)
def test_a_hebrew_acronym_s_quote_is_part_of_the_word(text, words) -> None:  # type: ignore[no-untyped-def]
    query = parse(text)
    assert [[(t.kind, t.text) for t in g] for g in query.groups] == [words]
