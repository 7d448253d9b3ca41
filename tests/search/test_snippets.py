"""Snippets mark the matched words in the original text, safely escaped."""

import pytest

from media_catalog.search.query import parse
from media_catalog.search.snippets import make_snippet, match_spans


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        ("He was refused a visa.", "refus*", ["refused"]),
        ("Ещё одно письмо", "еще", ["Ещё"]),  # ё/е, in the text as written
        ("Natan Sharansky, then Sharansky again", '"natan sharansky"', ["Natan Sharansky"]),
        ("Café Zürich", "zurich cafe", ["Café", "Zürich"]),
        ("visas and a visa", "visa", ["visa"]),  # whole words only
        ("שרנסקי נכנס", "שרנסקי", ["שרנסקי"]),
    ],
)
def test_match_spans_find_whole_words_across_spellings(text, query, marked) -> None:  # type: ignore[no-untyped-def]
    spans = match_spans(text, parse(query).terms)
    assert [text[s:e] for s, e in spans] == marked


def test_snippet_html_escapes_everything_but_its_marks() -> None:
    text = "<script>alert(1)</script> & the visa"
    snippet = make_snippet(text, match_spans(text, parse("visa").terms))
    assert str(snippet.html) == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; the <mark>visa</mark>"
    assert snippet.text == text
    assert snippet.highlights == [(len(text) - 4, len(text))]


def test_long_text_is_trimmed_around_the_first_mark() -> None:
    text = " ".join(["word"] * 100) + " Sharansky " + " ".join(["word"] * 100)
    snippet = make_snippet(text, match_spans(text, parse("Sharansky").terms), width=80)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert "<mark>Sharansky</mark>" in str(snippet.html)
    assert len(snippet.text) < 100


def test_text_that_looks_like_markup_is_searchable_and_inert(
    demo_catalog, transcript_file, client
) -> None:  # type: ignore[no-untyped-def]
    """Both databases find words inside what looks like a tag, and the snippet stays text."""
    from pathlib import Path

    from media_catalog.ingest.batch import import_paths
    from media_catalog.search import search

    track = transcript_file(
        "x.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
        "&lt;script&gt;alert(1)&lt;/script&gt; rock-and-roll at 3.14\n",
    )
    assert not import_paths(demo_catalog, [track], Path(".")).failed
    with demo_catalog() as session:
        for query in ("alert", "roll", '"rock and roll"'):
            results = search(session, None, query)
            hits = [hit for group in results.groups for hit in group.hits]
            assert hits, query
    from bs4 import BeautifulSoup

    html = client.get("/search?q=alert").get_data(as_text=True)
    assert "&lt;script&gt;" in html and "&lt;/script&gt;" in html
    assert not BeautifulSoup(html, "html.parser").select("main script")
