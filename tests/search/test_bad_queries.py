"""A query that cannot be searched gets a message saying how to fix it on the page, in the API
(400 with the reason) and in the CLI (an error, no traceback); a query that can be searched is
never refused for how it looks (control characters, mixed scripts, only common words)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

MALFORMED = [
    ('"unbalanced quote', "never closed"),
    ("OR", "OR needs a word"),
    ("Moscow OR", "OR needs a word"),
    ("-", "must be followed by the word"),
    ("-Moscow", "Add a word"),
    ("*", "must follow the start of a word"),
    ("x" * 10_000, "10,000 characters"),
    ("\x01\x02\x1f", "Type a word"),
    ("!!! ??? ...", "Type a word"),
]
SEARCHABLE = ["the", "и в на", "Moscowмосква", "Sharansky\tЩаранский\u200fשרנסקי", "tab\there"]


@pytest.mark.parametrize(("query", "reason"), MALFORMED)
def test_malformed_queries_are_explained_everywhere(
    client, runner, demo_catalog, query, reason
) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/search?" + urlencode({"q": query}))
    assert page.status_code == 200 and reason in page.get_data(as_text=True)
    api = client.get("/api/v1/search?" + urlencode({"q": query}))
    assert api.status_code == 400 and reason in api.json["error"]["message"]
    cli = runner.invoke(args=["search", "--", query])  # -- as a shell user writes before -x
    assert cli.exit_code != 0 and reason in cli.output
    assert "Traceback" not in cli.output


@pytest.mark.parametrize("query", SEARCHABLE)
def test_odd_but_searchable_queries_are_searched(client, runner, demo_catalog, query) -> None:  # type: ignore[no-untyped-def]
    api = client.get("/api/v1/search?" + urlencode({"q": query}))
    assert api.status_code == 200, api.json
    page = client.get("/search?" + urlencode({"q": query})).get_data(as_text=True)
    assert "Nothing found" in page or "moment" in page
    assert runner.invoke(args=["search", "--", query]).exit_code == 0
