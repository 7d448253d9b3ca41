"""Machine transcripts are marked wherever they show (search results, the player, IIIF) and rank
below typed text for the same match."""

from __future__ import annotations

from html.parser import HTMLParser

from speechkit import add_item
from sqlalchemy import select

from media_catalog.models import MediaItem, Segment, Transcript
from media_catalog.search import search

SAID = "the glass factory in Minsk closed that winter"


def _track(sessions, slug: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    add_item(sessions, slug, None)
    with sessions() as session, session.begin():
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        track = Transcript(
            media_item=item,
            language="en",
            kind=kind,
            source_path="-",
            checksum="0",
            encoding="utf-8",
            engine="pocketsphinx" if kind == "machine" else None,
        )
        track.segments.append(Segment(position=0, start_ms=1000, end_ms=4000, text=SAID))
        session.add(track)


class _Badges(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._open = tag == "span" and "machine" in (dict(attrs).get("class") or "").split()

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._open and data.strip():
            self.found.append(data.strip())
            self._open = False


def _badges(html: str) -> list[str]:
    parser = _Badges()
    parser.feed(html)
    return parser.found


def test_machine_text_ranks_below_typed_text_for_the_same_match(sessions) -> None:
    _track(sessions, "a-machine", "machine")  # first in every tie-break by slug or id
    _track(sessions, "b-typed", "original")
    with sessions() as session:
        results = search(session, None, "glass factory")
    order = [(g.media.slug, [h.machine for h in g.hits]) for g in results.groups]
    assert order == [("b-typed", [False]), ("a-machine", [True])]
    assert results.groups[0].score > results.groups[1].score


def test_search_page_and_player_show_the_machine_badge(client, sessions) -> None:
    _track(sessions, "a-machine", "machine")
    _track(sessions, "b-typed", "original")
    page = client.get("/search?q=glass+factory")
    assert _badges(page.get_data(as_text=True)) == ["machine transcript"]
    assert _badges(client.get("/media/a-machine").get_data(as_text=True)) == ["machine transcript"]
    assert _badges(client.get("/media/b-typed").get_data(as_text=True)) == []


def test_ohms_and_iiif_exports_say_the_transcript_is_machine_made(sessions, client) -> None:
    from media_catalog.interop.ohms_export import export_ohms

    _track(sessions, "a-machine", "machine")
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "a-machine"))
        xml = export_ohms(session, None, item)
    assert "machine transcript made by speech recognition (pocketsphinx)" in xml
    assert "glass factory" in xml
    manifest = client.get("/iiif/a-machine/manifest.json")
    assert manifest.status_code == 200
    assert "EN machine transcript (speech recognition)" in manifest.get_data(as_text=True)
