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
