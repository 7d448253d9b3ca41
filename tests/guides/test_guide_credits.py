"""A guide's credits: the film's rights and, for each item its moments quote, the credit line
and rights a screening must show; in the page (and so the PDF) and the Markdown. Items left out
for the reader are left out of the credits too."""

from bs4 import BeautifulSoup
from sqlalchemy import select
from test_guide_exports import shared_guide  # noqa: F401  (the fixture)

from media_catalog.db import transaction
from media_catalog.models import Film, MediaItem

CLIP = "sssj-rally-new-york-circa-1972"


def _credit_of(sessions) -> str:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(MediaItem.source_credit).where(MediaItem.slug == CLIP))  # type: ignore[no-any-return]


def _film_rights(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        film.rights_uri = "http://rightsstatements.org/vocab/InC/1.0/"
        film.credit_line = "Refusenik (test film credit)"


def test_the_guide_credits_the_film_and_each_quoted_archive(client, sessions, shared_guide) -> None:  # noqa: F811
    _film_rights(sessions)
    credit = _credit_of(sessions)
    page = BeautifulSoup(client.get(f"/guides/{shared_guide}").data, "html.parser")
    section = page.select_one("section#credits")
    titles = [dt.get_text() for dt in section.select("dt")]
    lines = [dd.get_text(" ", strip=True) for dd in section.select("dd")]
    assert titles[0] == "Refusenik" and "Refusenik (test film credit)" in lines[0]
    assert section.select_one("a[rel=license]")["href"].endswith("/InC/1.0/")
    clip_line = lines[titles.index(next(t for t in titles if "rally" in t.lower()))]
    assert credit and credit in clip_line
    markdown = client.get(f"/guides/{shared_guide}/guide.md").get_data(as_text=True)
    credits = markdown.split("## Credits", 1)[1]
    assert "**Refusenik**: Refusenik (test film credit)" in credits and credit in credits


def test_items_the_reader_may_not_see_are_not_credited(client, sessions, shared_guide) -> None:  # noqa: F811
    with transaction(sessions) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == CLIP))
        item.restricted, item.restriction_note = True, "test"
        title = item.title
    markdown = client.get(f"/guides/{shared_guide}/guide.md").get_data(as_text=True)
    assert title not in markdown
