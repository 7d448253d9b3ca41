"""The query language, table-driven: what each query means, and the message a bad one gets."""

import pytest

from media_catalog.search.query import QueryError, parse, search_tokens


def shape(text: str) -> tuple[list[list[tuple[tuple[str, ...], bool]]], list[tuple[str, ...]]]:
    query = parse(text)
    clauses = [[(term.tokens, term.prefix) for term in clause] for clause in query.clauses]
    return clauses, [term.tokens for term in query.excluded]


@pytest.mark.parametrize(
    ("text", "clauses", "excluded"),
    [
        ("Sharansky", [[(("sharansky",), False)]], []),
        ("refusal visa", [[(("refusal",), False)], [(("visa",), False)]], []),
        ('"Six-Day War"', [[(("six", "day", "war"), False)]], []),
        ("refus*", [[(("refus",), True)]], []),
        ("Moscow -Leningrad", [[(("moscow",), False)]], [("leningrad",)]),
        ('Moscow -"Red Square"', [[(("moscow",), False)]], [("red", "square")]),
        ("Kiev OR Kyiv", [[(("kiev",), False), (("kyiv",), False)]], []),
        (
            "a OR b OR c d",
            [[(("a",), False), (("b",), False), (("c",), False)], [(("d",), False)]],
            [],
        ),
        ("Щаранский", [[(("щаранский",), False)]], []),  # й stays: neither index folds it
        ("Ёлка", [[(("елка",), False)]], []),
        ("ÉCOLE", [[(("ecole",), False)]], []),
        ("שרנסקי", [[(("שרנסקי",), False)]], []),
        ("Sharansky's", [[(("sharansky", "s"), False)]], []),
        ("Moscow , !", [[(("moscow",), False)]], []),
        ("NEAR AND NOT", [[(("near",), False)], [(("and",), False)], [(("not",), False)]], []),
    ],
)
def test_parse(text: str, clauses: list, excluded: list) -> None:
    assert shape(text) == (clauses, excluded)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"Six-Day War', "closing quote"),
        ("OR Moscow", "OR needs a word"),
        ("Moscow OR", "OR needs a word"),
        ("Moscow OR OR Kiev", "OR needs a word"),
        ("-Moscow", "Add a word"),
        ("- Moscow", "A lone"),
        ("*", "needs the start of a word"),
        ("r*", "at least two letters"),
        ("", "Type a word"),
        ("!!! ???", "Type a word"),
        ("x" * 10_000, "10,000 characters"),
        (" ".join(["word"] * 30), "limited to 24"),
        ("Moscow OR -Kiev", "OR cannot join"),
    ],
)
def test_bad_queries_get_a_message(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(text)


def test_tokens_fold_like_the_indexes() -> None:
    assert search_tokens("Всё ИЗМЕНИЛОСЬ, café") == ["все", "изменилось", "cafe"]
