"""The search page and the browse additions, read as a visitor reads them."""

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from bs4 import BeautifulSoup


def page(client, url: str, status: int = 200) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_every_page_has_a_labelled_search_box(client, demo_catalog) -> None:
    soup = page(client, "/")
    form = soup.select_one("header form[role=search]")
    assert form["action"] == "/search"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]") is not None


def test_results_are_grouped_per_item_with_counts_and_moment_links(client, demo_catalog) -> None:
    soup = page(client, "/search?q=Shcharansky")
    groups = soup.select("article.result-group")
    assert len(groups) >= 4
    for group in groups:
        count = int(group.select_one("h3 .count").get_text())
        assert count >= len(group.select("ul.moments li"))
    links = [a["href"] for a in soup.select("article a.timestamp")]
    assert links and all(urlparse(h).path.startswith("/media/") and "t=" in h for h in links)
    assert soup.select("article mark")  # matched words highlighted
    assert "Natan Sharansky" in soup.select_one("#results-h ~ p.meta").get_text()


def test_snippets_escape_transcript_text(client, demo_catalog, sessions) -> None:
    from sqlalchemy import select

    from media_catalog.models import Segment

    with sessions() as session, session.begin():
        segment = session.scalar(select(Segment).where(Segment.text.contains("Glienicke")))
        segment.text = "<b>bold</b> & Glienicke"
    soup = page(client, "/search?q=Glienicke")
    excerpts = [e for e in soup.select(".excerpt") if "bold" in e.get_text()]
    assert excerpts and excerpts[0].find("b") is None
    assert excerpts[0].get_text() == "<b>bold</b> & Glienicke"


def test_facets_narrow_by_clicking(client, demo_catalog) -> None:
    soup = page(client, "/search?q=Sharansky")
    facet = soup.select_one("#facet-languages ~ ul a")
    narrowed = parse_qs(urlparse(facet["href"]).query)
    assert narrowed["q"] == ["Sharansky"] and narrowed["language"]
    soup = page(client, facet["href"])
    assert {b.get_text() for b in soup.select("article .badge")} == set(narrowed["language"])
    entity = soup.select_one("#facet-people ~ ul a")["href"]
    assert "entity=" in entity
    chosen = page(client, entity).select("ul.chosen li a")
    assert chosen  # the active filter shows, with a link to remove it


@pytest.mark.parametrize("query", ['"unbalanced', "OR", "-", "x" * 10_000, "Moscow OR", "*", "   "])
def test_bad_queries_get_a_helpful_message_not_an_error_page(client, demo_catalog, query) -> None:  # type: ignore[no-untyped-def]
    soup = page(client, "/search?" + urlencode({"q": query}))
    assert soup.h1.get_text() == "Search"
    if query.strip():
        assert soup.select_one("[role=alert]").get_text().strip()
    assert soup.select_one("input#search-q")["value"] == query


def test_bad_year_filter_is_explained(client, demo_catalog) -> None:
    soup = page(client, "/search?q=KGB&from=soon")
    assert "'soon' is not a year" in soup.select_one("[role=alert]").get_text()


def test_pages_link_to_each_other(client, demo_catalog, monkeypatch) -> None:
    from media_catalog import search

    monkeypatch.setattr(search, "PER_PAGE", 2)
    soup = page(client, "/search?q=Sharansky")
    following = soup.select_one("nav.pages a[rel=next]")["href"]
    second = page(client, following)
    assert second.select_one("nav.pages a[rel=prev]") is not None
    first_titles = {h.get_text() for h in soup.select("article h3 > a")}
    second_titles = {h.get_text() for h in second.select("article h3 > a")}
    assert first_titles and second_titles and not first_titles & second_titles


def test_restricted_material_is_absent_from_the_search_page(client, demo_catalog) -> None:
    soup = page(client, "/search?q=seminar")
    hrefs = [a["href"] for a in soup.select("a")]
    assert not any("refusenik-seminar-moscow-flat" in h for h in hrefs)
    assert (
        "Nothing found" in page(client, "/search?q=psychiatric").select_one("#results-h").get_text()
    )


def test_entity_page_shows_who_is_mentioned_alongside(client, demo_catalog) -> None:
    soup = page(client, "/entities/natan-sharansky")
    alongside = [a.get_text() for a in soup.select("#alongside-h ~ ul a")]
    assert "Glienicke Bridge" in alongside


def test_timeline_lists_events_in_date_order_with_moments(client, demo_catalog) -> None:
    soup = page(client, "/timeline")
    events = soup.select("ol.timeline-page > li")
    assert len(events) >= 20
    starts = [e.get("id") for e in events]
    assert len(set(starts)) == len(starts)
    dated = [e.select_one(".date").get_text() for e in events if e.select_one(".date")]
    years = [int(re.search(r"\d{4}", d)[0]) for d in dated]  # "May 20, 1952 – …", "1969"
    assert years == sorted(years)
    assert soup.select("ol.timeline-page ul.moments a.timestamp")


def test_film_page_lists_people_events_interviews_and_clips(client, demo_catalog) -> None:
    soup = page(client, "/films/refusenik")
    people = [a.get_text() for a in soup.select("#film-people-h ~ ul a")]
    events = [a.get_text() for a in soup.select("#film-events-h ~ ul a")]
    assert "Natan Sharansky" in people and events


def test_a_hit_opens_the_player_at_its_moment_with_the_query_and_the_way_back(
    client, demo_catalog, monkeypatch
) -> None:
    from media_catalog import search

    monkeypatch.setattr(search, "PER_PAGE", 2)
    results = "/search?q=Sharansky&kind=interview&page=2"
    soup = page(client, results)
    hit = soup.select_one("article.result-group ul.moments a.timestamp")
    url = urlparse(hit["href"])
    args = parse_qs(url.query)
    assert not url.fragment and "," not in args["t"][0]  # a point, not a shared range
    assert args["q"] == ["Sharansky"] and args["back"] == [results]
    title = parse_qs(urlparse(soup.select_one("article.result-group h3 a")["href"]).query)
    assert "t" not in title and title["back"] == [results]

    player = page(client, hit["href"])
    assert player.select_one("section.range") is None  # no "Shared range" banner for a hit
    assert player.select_one("a.back-to-results")["href"] == results
    marked = player.select(".segment.hit")
    assert marked and all(
        int(s["data-start"]) <= float(args["t"][0]) * 1000 < int(s["data-end"]) for s in marked
    )


def test_the_player_marks_every_name_of_a_person_searched(client, demo_catalog) -> None:
    import json

    soup = page(client, "/media/interview-historian?q=Shcharansky%20-Moscow")
    terms = json.loads(soup.select_one(".query-note")["data-terms"])
    assert "shcharansky" in terms and "sharansky" in " ".join(terms)
    assert "moscow" not in terms  # an exclusion is not a match


@pytest.mark.parametrize(
    "back", ["https://evil.example/search?q=x", "//evil.example/search", "/admin", "javascript:x"]
)
def test_back_to_results_leads_only_to_the_search_page(client, demo_catalog, back) -> None:  # type: ignore[no-untyped-def]
    soup = page(client, "/media/interview-historian?" + urlencode({"q": "KGB", "back": back}))
    assert soup.select_one("a.back-to-results") is None


def test_a_shared_range_keeps_its_banner_when_opened_with_a_query(client, demo_catalog) -> None:
    soup = page(client, "/media/interview-historian?t=60,75&shared=1&q=KGB")
    assert soup.select_one("section.range .range-label") is not None
    assert not soup.select(".segment.hit")


@pytest.mark.parametrize(
    ("args", "heading"),
    [
        ("from=1977", "Add words to search from 1977 on"),
        ("to=1980", "Add words to search up to 1980"),
        ("from=1970&to=1979", "Add words to search 1970–1979"),
        ("kind=interview", "Add words to search"),
    ],
)
def test_filters_without_words_ask_for_words_never_a_blank_page(
    client, demo_catalog, args, heading
) -> None:  # type: ignore[no-untyped-def]
    soup = page(client, f"/search?{args}")
    assert soup.select_one("#needs-words-h").get_text(" ", strip=True) == heading
    assert soup.select_one(".needs-words [role=status]").get_text().strip()
    given = parse_qs(args)
    for name, (value,) in given.items():  # the filters stay in the form
        field = soup.select_one(f"[name={name}]")
        chosen = field.select_one("option[selected]")["value"] if field.name == "select" else None
        assert (chosen or field.get("value")) == value
    events = soup.select("ul.period-events > li")
    if "from" in given or "to" in given:
        assert events
        low, high = int(given.get("from", ["1"])[0]), int(given.get("to", ["9999"])[0])
        for event in events:
            years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", event.get_text())]
            assert years and min(years) <= high and max(years) >= low, event.get_text()
            search = parse_qs(urlparse(event.select("a")[-1]["href"]).query)
            assert search["q"] and all(search[k] == v for k, v in given.items())
    else:
        assert not events


def test_an_empty_search_page_does_not_ask_for_words(client, demo_catalog) -> None:
    soup = page(client, "/search")
    assert soup.select_one("#needs-words-h") is None


@pytest.mark.parametrize(
    ("language", "found", "facet", "filters"),
    [("ru", "момент", "Люди", "Фильтры"), ("he", "רגע", "אנשים", "מסננים")],
)
def test_the_search_page_speaks_russian_and_hebrew(
    client, demo_catalog, language, found, facet, filters
) -> None:
    headers = {"Accept-Language": language}
    html = client.get("/search?q=Sharansky&kind=interview", headers=headers).get_data(as_text=True)
    page = BeautifulSoup(html, "html.parser")
    assert found in page.select_one("#results-h").get_text()
    assert facet in [h.get_text() for h in page.select(".facets h2")]
    assert page.select_one(".search-form summary").get_text() == filters
    chip = page.select_one("ul.chips.chosen li a")
    assert chip["aria-label"].endswith("interview") and "Remove" not in chip["aria-label"]
    empty = client.get("/search?from=1970&to=1979", headers=headers).get_data(as_text=True)
    assert "1970–1979" in empty and "Add words" not in empty
