"""Cite this moment: the player links every segment to its citation page; Chicago on the page,
BibTeX and CSL-JSON to download, each parsed back here with a real parser."""

import json

import bibtexparser
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from sqlalchemy import select

from media_catalog.models import MediaItem, Segment, Transcript

ITEM = "interview-historian"  # Miriam Halpern (fictional), by Daniel Kerr, Boston, 2006-03


def _first_cite_link(client) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    page = BeautifulSoup(client.get(f"/media/{ITEM}").data, "html.parser")
    segment = page.select_one("li.segment")
    return segment["data-start"], segment.select_one("a.cite")["href"]


def test_every_segment_links_to_its_citation(client, demo_catalog) -> None:
    page = BeautifulSoup(client.get(f"/media/{ITEM}").data, "html.parser")
    segments = page.select("li.segment")
    links = [s.select_one("a.cite")["href"] for s in segments]
    assert segments and len(set(links)) == len(segments)
    assert all(link.startswith("/cite/") for link in links)


def test_the_page_gives_chicago_and_a_permalink_with_the_time(client, demo_catalog) -> None:
    start, link = _first_cite_link(client)
    page = BeautifulSoup(client.get(link).data, "html.parser")
    chicago = page.select_one(".citation.chicago").get_text()
    permalink = page.select_one("a.permalink")["href"]
    assert permalink.startswith("http://localhost/id/")
    assert chicago.startswith("Miriam Halpern (fictional). “")
    assert "Interview by Daniel Kerr (fictional). Boston, March 2006." in chicago
    assert f"{permalink}." in chicago and "At 0:" in chicago
    resolved = demo_client_get(client, permalink)
    assert resolved.status_code == 302
    assert resolved.headers["Location"].startswith(f"/media/{ITEM}?t={int(start) / 1000:g}")


def demo_client_get(client, url: str):  # type: ignore[no-untyped-def]
    return client.get(url.removeprefix("http://localhost"))


def _one_entry(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    (entry,) = library.entries
    fields = {field.key: field.value for field in entry.fields}
    return fields | {"ENTRYTYPE": entry.entry_type, "ID": entry.key}


def test_bibtex_parses_back_with_its_fields(client, demo_catalog) -> None:
    _start, link = _first_cite_link(client)
    response = client.get(f"{link}.bib")
    assert response.mimetype == "application/x-bibtex"
    assert "attachment" in response.headers["Content-Disposition"]
    entry = _one_entry(response.get_data(as_text=True))
    pid = link.removeprefix("/cite/")
    assert entry["ENTRYTYPE"] == "misc" and entry["ID"] == f"mc{pid}"
    assert entry["author"] == "{Miriam Halpern (fictional)}"
    assert entry["howpublished"] == "Interview by Daniel Kerr (fictional)"
    assert (entry["year"], entry["month"]) == ("2006", "mar")
    assert entry["url"] == f"http://localhost/id/{pid}"


def test_bibtex_escapes_latex_specials(client, demo_catalog) -> None:
    from datetime import date

    from media_catalog import citations

    with demo_catalog() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == ITEM))
        segment = session.scalar(
            select(Segment).join(Transcript).where(Transcript.media_item_id == item.id)
        )
        item.title = "50% of {us} & #1_thing"
        text = citations.bibtex(citations.Moment(item, segment, "http://x/id/p", date(2026, 1, 2)))
        session.rollback()
    entry = _one_entry(text)
    assert entry["title"] == r"50\% of \{us\} \& \#1\_thing"


def test_csl_json_reads_into_a_citation_processor(client, demo_catalog) -> None:
    _start, link = _first_cite_link(client)
    response = client.get(f"{link}.json")
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    items = json.loads(response.data)
    (record,) = items
    assert record["type"] == "interview" and record["issued"] == {"date-parts": [[2006, 3]]}
    assert record["author"] == [{"literal": "Miriam Halpern (fictional)"}]
    assert record["URL"].endswith(record["id"]) and "At 0:" in record["note"]
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(record["id"])]))
    (text,) = [str(entry) for entry in bibliography.bibliography()]
    assert "Miriam Halpern (fictional)" in text and "2006" in text
