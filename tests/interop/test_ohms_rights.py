"""OHMS exports carry the rights: <rights> the statement with its URI and holder (inherited ones
say so), <usage> the terms, the credit line and the permalink; still valid against the XSD."""

from sqlalchemy import select
from test_ohms_schema import NS, assert_valid

from media_catalog.db import transaction
from media_catalog.interop.ohms_export import export_ohms
from media_catalog.models import Film, MediaItem


def _export(sessions, slug: str) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        root = assert_valid(
            export_ohms(session, None, item, "5.4", None, f"https://x.test/id/{item.pid}")
        )
        return root.find(f".//{NS}rights").text, root.find(f".//{NS}usage").text, item.pid


def test_the_clips_statement_terms_credit_and_permalink(demo_catalog) -> None:
    rights, usage, pid = _export(demo_catalog, "arrival-lod-airport-1971")
    assert rights.startswith(
        "In Copyright – Educational Use Permitted (http://rightsstatements.org/vocab/InC-EDU/1.0/)."
        " Rights holder: Israeli Newsreel Collection (demo)."
    )
    assert "Credit: Courtesy of the Israeli Newsreel Collection (demo credit)." in usage
    assert usage.startswith("Demo record; screenings for education only")
    assert usage.endswith(f"Cite as https://x.test/id/{pid} (identifier {pid}).")


def test_an_interview_without_rights_says_they_come_from_the_film(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        film.rights_uri = "http://creativecommons.org/licenses/by-nc-nd/4.0/"
    rights, _usage, _pid = _export(demo_catalog, "interview-historian")
    assert rights == (
        "CC BY-NC-ND 4.0 (http://creativecommons.org/licenses/by-nc-nd/4.0/). "
        "From the film Refusenik."
    )
