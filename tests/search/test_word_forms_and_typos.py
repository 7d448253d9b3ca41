"""Search finds the other forms of a word and name in every language the catalog holds, and a
mistyped word's close spellings, saying so; a quoted phrase stays exact."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from media_catalog.search import search


def run(sessions, query: str):  # type: ignore[no-untyped-def]
    with sessions() as session:
        return search(session, None, query, per_page=100)


def texts(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.snippet.text for hit in results.hits]


@pytest.mark.parametrize("query", ["Щаранского", "Щаранским", "לשרנסקי", "ושרנסקי"])
def test_a_form_of_a_name_finds_the_person_in_every_form_and_script(demo_catalog, query) -> None:
    results = run(demo_catalog, query)
    nominative = run(demo_catalog, "Щаранский")
    assert results.total_hits >= nominative.total_hits > 30
    assert results.named_entities == [("natan-sharansky", "Natan Sharansky")]
    assert {"en", "ru", "he"} <= {f.value for f in results.facets["languages"]}


def test_russian_inflection_of_a_name_the_dictionary_lacks(demo_catalog) -> None:
    results = run(demo_catalog, "Нудели")
    assert results.total_hits > 0 and not results.corrections
    marked = [t for hit in results.hits for t in hit.snippet.pieces if t[1]]
    assert marked  # the form that matched is highlighted


def test_russian_dictionary_word_finds_its_other_forms(demo_catalog) -> None:
    plural = run(demo_catalog, "обыски")
    assert plural.total_hits > 0
    assert any("обыск" in text.lower() for text in texts(plural))


def test_english_plural_and_possessive(demo_catalog) -> None:
    singular = run(demo_catalog, "refusenik")
    plural = run(demo_catalog, "refuseniks")
    assert singular.total_hits == plural.total_hits > 0
    assert run(demo_catalog, "Sharansky's").total_hits == run(demo_catalog, "Sharansky").total_hits


def test_a_quoted_phrase_means_its_words_exactly(demo_catalog) -> None:
    exact = run(demo_catalog, '"refuseniks"')
    assert 0 < exact.total_hits < run(demo_catalog, "refuseniks").total_hits
    assert all("refuseniks" in text.lower() for text in texts(exact))


@pytest.mark.parametrize(
    ("typed", "meant"), [("Sharanksy", "sharansky"), ("Slepack", "slepak"), ("Moscw", "moscow")]
)
def test_a_typo_is_searched_as_its_close_spellings_and_says_so(demo_catalog, typed, meant) -> None:
    results = run(demo_catalog, typed)
    assert results.corrections and results.corrections[0][0] == typed.lower()
    assert meant in results.corrections[0][1]
    assert results.total_hits == run(demo_catalog, meant).total_hits > 0


def test_short_words_and_held_words_are_never_corrected(demo_catalog) -> None:
    assert not run(demo_catalog, "Kgbx").corrections  # four letters: searched as typed
    assert run(demo_catalog, "Kgbx").total_hits == 0
    assert not run(demo_catalog, "visa").corrections


def test_the_page_and_the_api_say_what_was_searched_instead(client, demo_catalog) -> None:
    page = client.get("/search?q=Sharanksy").get_data(as_text=True)
    assert "also showing results for" in page and "sharansky" in page
    data = client.get("/api/v1/search?q=Sharanksy").json
    assert data["corrections"] == [{"typed": "sharanksy", "searched": ["sharansky"]}]
    assert data["total_hits"] > 0


def test_a_rare_slip_held_once_gets_a_did_you_mean(client, demo_catalog) -> None:
    with demo_catalog() as session:
        first = session.scalar(text("SELECT min(id) FROM segments"))
        session.execute(
            text("UPDATE segments SET text = text || ' Sharanksy' WHERE id = :i"), {"i": first}
        )
        session.commit()
    results = run(demo_catalog, "Sharanksy")
    assert results.total_hits == 1 and not results.corrections  # searched as typed
    assert results.suggestions == [("sharanksy", "sharansky")]
    page = client.get("/search?q=Sharanksy").get_data(as_text=True)
    assert "Did you mean" in page and "q=sharansky" in page
