"""The first pages, read as a visitor reads them: parsed structure, not substrings."""

import io
import re
from pathlib import Path

import pytest
import webvtt
from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog import catalog
from media_catalog.models import MediaItem, Segment


def page(client, url: str, status: int = 200) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_home_lists_films_people_and_events_in_date_order(client, demo_catalog) -> None:
    soup = page(client, "/")
    assert [a.get_text(strip=True) for a in soup.select("ul.films a")] == ["Refusenik"]
    people = [a.get_text() for a in soup.select("ul.chips a")]
    assert "Ida Nudel" in people or "Natan Sharansky" in people
    dates = [d.get_text() for d in soup.select("ol.timeline .date")]
    assert len(dates) >= 20 and re.search(r"\b19\d\d\b", dates[0])  # "May 20, 1952 – …"


def test_film_page_shows_interviews_and_visible_archival_clips(client, demo_catalog) -> None:
    soup = page(client, "/films/refusenik")
    sections = {
        s.h2.get_text(): [a["href"] for a in s.select(".card a")] for s in soup.select("section")
    }
    assert "/media/interview-historian" in sections["Interviews"]
    assert "/media/kgb-car-home-movie-1970s" in sections["Archival footage"]
    assert "/media/refusenik-gathering-ovrashki-1970s" not in sections["Archival footage"]


def test_media_page_lists_every_segment_with_a_timestamp_link(client, demo_catalog) -> None:
    soup = page(client, "/media/interview-historian")
    rows = soup.select("section.transcript ol.segments li")
    assert len(rows) == 108
    first = rows[0].select_one("a.timestamp")
    assert first["href"].startswith("/media/interview-historian?t=")
    assert rows[0].select_one(".speaker").get_text()


def test_hebrew_transcript_is_right_to_left_beside_its_english_translation(
    client, demo_catalog
) -> None:
    soup = page(client, "/media/interview-organizer")
    rows = soup.select("section.transcript.parallel table.aligned tbody tr")
    directions = {(td["lang"], td["dir"]) for row in rows for td in row.find_all("td")}
    assert directions == {("he", "rtl"), ("en", "ltr")}
    assert [td["lang"] for td in rows[0].find_all("td")] == ["he", "en"]  # side by side
    assert [t["srclang"] for t in soup.select("video track")] == ["he", "en"] or soup.select_one(
        "p.notice"
    )  # without media there is no player, only the notice


def test_entity_page_lists_moments_grouped_by_media(client, demo_catalog) -> None:
    soup = page(client, "/entities/zev-yaroslavsky")
    assert soup.h1.get_text() == "Zev Yaroslavsky"
    films = [h.get_text(strip=True) for h in soup.select("#moments-h ~ section h3.film-heading")]
    assert films == ["Refusenik"]  # moments grouped by film, then by media item
    groups = [h.get_text() for h in soup.select("#moments-h ~ section h4")]
    assert any("KGB" in g for g in groups)
    assert all(a["href"].startswith("/media/") for a in soup.select("ul.moments a.timestamp"))


@pytest.mark.parametrize("slug", ["kgb", "leningrad-hijacking-affair", "six-day-war"])
def test_entity_page_lists_each_moment_once(client, demo_catalog, slug) -> None:  # type: ignore[no-untyped-def]
    """Found in the original and in its translation, or twice in one segment: one moment."""
    soup = page(client, f"/entities/{slug}")
    rows = soup.select("#moments-h ~ section ul.moments > li")
    for section in soup.select("section.film-moments"):
        for moments in section.select("ul.moments"):
            links = [a["href"] for a in moments.select("a.timestamp")]
            assert len(links) == len(set(links))
    distinct = {
        (h4.a["href"], a["href"])
        for section in soup.select("section.film-moments")
        for h4 in section.select("h4")
        for a in h4.find_next_sibling("ul").select("a.timestamp")
    }
    assert len(rows) == len(distinct)
    assert int(soup.select_one("#moments-h .count").get_text()) <= len(rows)


def test_a_moment_in_an_original_and_its_translation_shows_the_original(
    client, demo_catalog
) -> None:
    soup = page(client, "/entities/kgb")
    heading = next(h for h in soup.select("h4") if "/media/interview-organizer" in h.a["href"])
    excerpts = [s.get_text() for s in heading.find_next_sibling("ul").select(".excerpt")]
    assert excerpts and all(any("\u0590" <= c <= "\u05ff" for c in e) for e in excerpts)


def test_unknown_pages_answer_a_friendly_404(client, demo_catalog) -> None:
    soup = page(client, "/entities/nobody", 404)
    assert soup.h1.get_text() == "Not found"
    assert (
        client.get("/api/nothing", headers={"Accept": "application/json"}).json["error"]["code"]
        == 404
    )


def test_a_failing_request_never_shows_a_traceback(app, client, demo_catalog, monkeypatch) -> None:
    def broken(*_args):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals")

    monkeypatch.setattr(catalog, "films", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert BeautifulSoup(body, "html.parser").h1.get_text() == "Something went wrong"


RESTRICTED_CLIP = "refusenik-gathering-ovrashki-1970s"


@pytest.mark.parametrize(
    "url",
    [
        f"/media/{RESTRICTED_CLIP}",
        f"/media/{RESTRICTED_CLIP}/captions/en.vtt",
        f"/media/{RESTRICTED_CLIP}/file/original",
        f"/media/{RESTRICTED_CLIP}/file/poster",
    ],
)
def test_restricted_clip_is_not_found_for_visitors(client, demo_catalog, url: str) -> None:
    assert client.get(url).status_code == 404


def test_restricted_passage_is_absent_from_page_and_captions(client, demo_catalog) -> None:
    with demo_catalog() as session:
        hidden = session.scalars(select(Segment.text).where(Segment.restricted)).all()
    assert len(hidden) >= 7
    html = client.get("/media/interview-refusenik").get_data(as_text=True)
    captions = client.get("/media/interview-refusenik/captions/ru.vtt").get_data(as_text=True)
    for text in hidden:
        assert text not in html and text not in captions


def test_captions_are_webvtt_with_speakers(client, demo_catalog) -> None:
    response = client.get("/media/interview-historian/captions/en.vtt")
    assert response.mimetype == "text/vtt"
    captions = webvtt.from_buffer(io.StringIO(response.get_data(as_text=True)), format="vtt")
    assert len(captions) == 108
    assert captions[0].voice and captions[0].start.startswith("00:00:")


def test_media_files_answer_range_requests(client, demo_catalog, media_root: Path) -> None:
    (media_root / "interview-historian.mp4").write_bytes(bytes(range(256)) * 40)
    with demo_catalog.begin() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        item.media_path = "interview-historian.mp4"
    with client.get(
        "/media/interview-historian/file/original", headers={"Range": "bytes=10-19"}
    ) as response:
        assert response.status_code == 206
        assert response.data == bytes(range(10, 20))
        assert response.headers["Content-Range"] == "bytes 10-19/10240"


def test_media_paths_cannot_escape_media_root(client, demo_catalog) -> None:
    with demo_catalog.begin() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        item.media_path = "../../../../etc/passwd"
    assert client.get("/media/interview-historian/file/original").status_code == 404


def test_media_page_marks_mentions_and_lists_entities(client, demo_catalog) -> None:
    soup = page(client, "/media/interview-refusenik")
    ru = soup.select('section.transcript td[lang="ru"]')
    links = {a.get_text(): a["href"] for cell in ru for a in cell.select("a.mention")}
    assert links.get("Щаранского") == "/entities/natan-sharansky"
    side = [a.get_text() for a in soup.select(".player-side ul.in-item > li > a")]
    assert "Natan Sharansky" in side and "Moscow" in side
    assert side.index("Natan Sharansky") < side.index("Moscow")  # people before places


def test_mention_markup_escapes_the_text(app) -> None:
    from types import SimpleNamespace

    from media_catalog.web.context import marked_text

    entity = SimpleNamespace(kind="person", slug="x")
    with app.test_request_context():
        html = str(marked_text("<b>Ida</b> & Ida", [(13, 16, entity)]))
    assert (
        html
        == '&lt;b&gt;Ida&lt;/b&gt; &amp; <a class="mention mention-person" href="/entities/x">Ida</a>'
    )


def test_the_site_icon_is_served_and_linked(client, demo_catalog) -> None:
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    icon = page(client, "/").select_one("head link[rel=icon]")
    assert icon["href"] == "/favicon.ico"
