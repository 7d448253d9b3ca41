"""The search page, the timeline, and the additions to entity and film pages, read as parsed
HTML; bad queries get a message, never an error page."""

import re

import pytest
from bs4 import BeautifulSoup


def page(client, url: str, status: int = 200) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_search_page_groups_results_with_moment_links(client, demo_catalog) -> None:
    soup = page(client, "/search?q=Shcharansky")
    groups = soup.select("section.result-group")
    assert groups
    for group in groups:
        slug = group.h2.a["href"].split("/media/")[1].split("?")[0]
        for hit in group.select("ol.hits li"):
            link = hit.select_one("a.timestamp")["href"]
            assert link.startswith(f"/media/{slug}?t=") and "q=Shcharansky" in link
    marks = [m.get_text() for m in soup.select("ol.hits mark")]
    assert "Shcharansky" in marks
    assert len({li["lang"] for li in soup.select("ol.hits li")}) >= 2
    russian = page(client, "/search?q=Shcharansky&language=ru")  # Щаранский is found too
    assert {li["lang"] for li in russian.select("ol.hits li")} == {"ru"}
    assert soup.select_one(".facets") is not None


def test_facet_links_narrow_the_search(client, demo_catalog) -> None:
    soup = page(client, "/search?q=Sharansky")
    language_links = {
        a.get_text(): a["href"] for a in soup.select(".facets a") if "language=" in a["href"]
    }
    narrowed = page(client, language_links["ru"])
    assert {li["lang"] for li in narrowed.select("ol.hits li")} == {"ru"}


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "OR", "-Moscow", "x" * 10_000, "*", "' OR 1=1; DROP TABLE segments; --"],
)
def test_bad_queries_get_a_message_not_an_error(client, demo_catalog, query: str) -> None:
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    alert = soup.select_one('[role="alert"]')
    status = soup.select_one('[role="status"]')
    assert alert is not None or status is not None
    assert "Traceback" not in response.get_data(as_text=True)


def test_sql_like_queries_are_just_words(client, demo_catalog) -> None:
    response = client.get("/search", query_string={"q": "Moscow' OR '1'='1"})
    assert response.status_code == 200
    assert client.get("/search?q=Moscow").status_code == 200  # the table is still there


def test_search_page_hides_restricted_passages(client, demo_catalog) -> None:
    soup = page(client, "/search?q=schizophrenia")
    assert not soup.select("ol.hits li")
    assert "schizophrenia" not in soup.select_one("main").get_text().replace(
        soup.select_one("#q")["value"], ""
    )


def test_pages_link_to_each_other(client, demo_catalog) -> None:
    soup = page(client, "/search?q=refus*")
    next_link = soup.select_one('.pager a[rel="next"]')
    assert next_link is not None
    second = page(client, next_link["href"])
    assert second.select_one('.pager a[rel="prev"]') is not None
    first_ids = {a["href"] for a in soup.select("ol.hits a.timestamp")}
    second_ids = {a["href"] for a in second.select("ol.hits a.timestamp")}
    assert first_ids and second_ids and not first_ids & second_ids


def test_timeline_lists_events_in_date_order_with_moments(client, demo_catalog) -> None:
    soup = page(client, "/timeline")
    events = soup.select("ol.timeline.events > li")
    assert len(events) >= 20
    dates = [li.select_one(".date").get_text() for li in events if li.select_one(".date")]
    starts = [int(m.group()) for d in dates if (m := re.search(r"\d{4}", d))]
    assert len(starts) >= 20 and starts == sorted(starts)
    assert any(li.select("ul.moments a.timestamp") for li in events)


def test_entity_page_shows_who_is_mentioned_alongside(client, demo_catalog) -> None:
    soup = page(client, "/entities/natan-sharansky")
    alongside = [a.get_text() for a in soup.select("section[aria-labelledby=alongside-h] a")]
    assert alongside and "Natan Sharansky" not in alongside


def test_film_page_lists_its_people_and_events(client, demo_catalog) -> None:
    soup = page(client, "/films/refusenik")
    people = [a.get_text() for a in soup.select("section[aria-labelledby=people-h] a")]
    events = [a.get_text() for a in soup.select("section[aria-labelledby=events-h] a")]
    assert "Natan Sharansky" in people and events
