"""Rights and licences of films and media items: imported from sidecars (unknown URIs refused
naming file, line and field), edited in the editor's form, inherited from the film and said so
on the page."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import csrf_token_of
from sqlalchemy import select

from media_catalog import rights
from media_catalog.db import transaction
from media_catalog.errors import IngestError
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Film, MediaItem

CLIP = "arrival-lod-airport-1971"  # the demo clip whose sidecar gives a rights statement
INTERVIEW = "interview-historian"  # no rights of its own


def _item(session, slug: str) -> MediaItem:  # type: ignore[no-untyped-def]
    return session.scalar(select(MediaItem).where(MediaItem.slug == slug))


def _set_film_rights(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        film.rights_uri = "http://rightsstatements.org/vocab/InC/1.0/"
        film.rights_holder = "Film Rights Holder (test)"
        film.credit_line = "From the film Refusenik (test credit)"


def test_the_demo_clip_sidecar_gives_its_statement_holder_terms_and_note(demo_catalog) -> None:
    with demo_catalog() as session:
        item = _item(session, CLIP)
        assert item.rights_uri == "http://rightsstatements.org/vocab/InC-EDU/1.0/"
        assert item.rights_holder == "Israeli Newsreel Collection (demo)"
        assert item.reuse_terms.startswith("Demo record; screenings for education")
        assert item.rights == "Demo record; no rights cleared."
        held = rights.of_item(item)
        # No credit line of its own: the archive's credit travels with its footage.
        assert held.credit == item.source_credit and held.from_film is None
        assert held.label == "In Copyright – Educational Use Permitted"


def test_an_item_without_rights_takes_its_films_and_the_page_says_so(client, demo_catalog) -> None:
    _set_film_rights(demo_catalog)
    with demo_catalog() as session:
        held = rights.of_item(_item(session, INTERVIEW))
        assert held.uri == "http://rightsstatements.org/vocab/InC/1.0/"
        assert held.from_film is not None and held.from_film.slug == "refusenik"
        own = rights.of_item(_item(session, CLIP))  # its own statement wins over the film's
        assert own.uri.endswith("/InC-EDU/1.0/") and own.from_film is None
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").data, "html.parser")
    section = page.select_one("section.rights")
    assert "(from the film Refusenik)" in " ".join(section.h2.get_text().split())
    assert section.select_one("a[rel=license]")["href"] == held.uri
    assert section.select_one(".credit-line").get_text() == "From the film Refusenik (test credit)"
    own_page = BeautifulSoup(client.get(f"/media/{CLIP}").data, "html.parser")
    assert "from the film" not in own_page.select_one("section.rights h2").get_text()
    film_page = BeautifulSoup(client.get("/films/refusenik").data, "html.parser")
    assert film_page.select_one("section.rights a[rel=license]").get_text() == "In Copyright"


def _clip_sidecar(tmp_path: Path, rights_block: str) -> Path:
    path = tmp_path / "clip.yaml"
    path.write_text(f"slug: test-clip\ntitle: A test clip\nkind: archival\n{rights_block}", "utf-8")
    return path


def test_an_unknown_licence_names_the_file_line_and_field(sessions, media_root, tmp_path) -> None:
    path = _clip_sidecar(
        tmp_path,
        "rights:\n  holder: Someone\n  licence: https://creativecommons.org/licenses/by/3.0/\n",
    )
    summary = import_paths(sessions, [path], media_root)
    (failure,) = summary.failed
    assert f"{path}:6: field 'rights.licence'" in failure.detail
    assert "is not a RightsStatements.org statement" in failure.detail
    with sessions() as session:
        assert _item(session, "test-clip") is None  # nothing of a bad file is stored


def test_sidecar_rights_error_is_an_ingest_error_with_its_line(tmp_path) -> None:
    from media_catalog.ingest.sidecars import Fields, load_sidecar

    path = _clip_sidecar(tmp_path, "rights:\n  statement: http://example.org/mine\n")
    with pytest.raises(IngestError) as raised:
        Fields(load_sidecar(path), str(path)).rights()
    assert raised.value.line == 5 and "rights.statement" in str(raised.value)


def test_editors_set_rights_in_the_record_form_and_a_bad_uri_is_refused(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    with demo_catalog() as session:
        item = _item(session, INTERVIEW)
        version = item.version
    form = {
        "csrf_token": csrf_token_of(client),
        "version": str(version),
        "title": "Interview with a historian",
        "rights_uri": "https://creativecommons.org/licenses/by-nc/4.0/",
        "rights_holder": "The Historian",
        "credit_line": "Courtesy of the historian",
        "reuse_terms": "Non-commercial screenings.",
    }
    response = client.post(f"/media/{INTERVIEW}/metadata", data=form)
    assert response.status_code == 302
    with demo_catalog() as session:
        item = _item(session, INTERVIEW)
        assert item.rights_uri == "http://creativecommons.org/licenses/by-nc/4.0/"
        assert (item.rights_holder, item.credit_line) == (
            "The Historian",
            "Courtesy of the historian",
        )
        version = item.version
    bad = form | {
        "version": str(version),
        "rights_uri": "http://example.org/free",
        "rights_holder": "X",
    }
    client.post(f"/media/{INTERVIEW}/metadata", data=bad)
    page = client.get(f"/media/{INTERVIEW}").get_data(as_text=True)
    assert "rights_uri" in page and "is not a RightsStatements.org statement" in page
    with demo_catalog() as session:
        assert _item(session, INTERVIEW).rights_holder == "The Historian"  # nothing saved


def test_the_record_form_offers_every_known_statement(client, demo_catalog, login_as) -> None:
    from media_catalog import licences

    login_as("editor")
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").data, "html.parser")
    options = [o["value"] for o in page.select("#md-rights-uri option") if o["value"]]
    assert options == list(licences.KNOWN)


def test_editors_set_a_films_rights_on_its_page_and_they_are_audited(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    page = BeautifulSoup(client.get("/films/refusenik").data, "html.parser")
    form = page.select_one("form.film-rights-form")
    data = {i["name"]: i.get("value", "") for i in form.select("input")}
    data |= {
        "rights_uri": "http://rightsstatements.org/vocab/InC/1.0/",
        "credit_line": "Film credit",
    }
    assert client.post(form["action"], data=data).status_code == 302
    with demo_catalog() as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        assert (film.rights_uri, film.credit_line) == (data["rights_uri"], "Film credit")
        from media_catalog.models import AuditEvent

        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "rights.changed"))
        assert event.after["credit_line"] == "Film credit" and event.before["credit_line"] is None
    refused = client.post(form["action"], data=data | {"rights_uri": "javascript:alert(1)"})
    assert refused.status_code == 302
    with demo_catalog() as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        assert film.rights_uri == "http://rightsstatements.org/vocab/InC/1.0/"
    assert "is not a RightsStatements.org statement" in client.get("/films/refusenik").get_data(
        as_text=True
    )
