"""Entity management in the browser's forms: create, edit with a stale version, names that the
matcher then finds, merge (old address redirects), delete behind a typed confirmation, CSRF."""

from bs4 import BeautifulSoup
from conftest import csrf_token_of
from sqlalchemy import func, select

from media_catalog.models import Annotation, Entity


def soup_of(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def messages(client, response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code in (301, 302), response.status_code
    return soup_of(client, response.headers["Location"]).select_one(".messages").get_text()


def entity(sessions, slug):  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(Entity).where(Entity.slug == slug))


def test_an_editor_creates_an_entity_and_its_names_are_linked(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    soup = soup_of(client, "/entities/new?kind=person")
    assert soup.select_one("#e-kind option[selected]")["value"] == "person"
    token = csrf_token_of(client)
    response = client.post(
        "/entities/new",
        data={
            "csrf_token": token,
            "kind": "person",
            "name": "Ruth Halpern",
            "date_text": "1927",
        },
    )
    assert response.headers["Location"] == "/entities/ruth-halpern/edit"
    created = entity(demo_catalog, "ruth-halpern")
    assert created.date_start == "1927-01-01"
    # a name added on the edit page is found in the transcripts at once
    response = client.post(
        "/entities/ruth-halpern/aliases",
        data={"csrf_token": token, "text": "Professor Halpern", "language": "en"},
    )
    assert "also goes by" in messages(client, response)
    with demo_catalog() as session:
        found = session.scalar(
            select(func.count(Annotation.id)).where(Annotation.entity_id == created.id)
        )
    page = soup_of(client, "/entities/ruth-halpern")
    assert "Professor Halpern" in page.select_one("ul.aliases").get_text()
    assert found == 2 == int(page.select_one("#moments-h .count").get_text())


def test_a_bad_or_stale_edit_is_refused_and_says_why(client, demo_catalog, login_as) -> None:
    login_as("editor")
    soup = soup_of(client, "/entities/ida-nudel/edit")
    form = {i["name"]: i.get("value", "") for i in soup.select("form.entity-form input")}
    form.update(kind="person", name="Ida Nudel", description="New words.")
    form.pop("restricted", None)
    assert client.post("/entities/ida-nudel/edit", data=form).status_code == 302
    stale = client.post("/entities/ida-nudel/edit", data=form | {"description": "Other words."})
    conflict = BeautifulSoup(stale.get_data(as_text=True), "html.parser")  # both versions
    assert "while you were editing" in conflict.select_one(".notice.error").get_text()
    row = conflict.select_one("tr[data-field=description]")
    assert row.select_one(".theirs output").get_text() == "New words."
    assert row.select_one(".yours input")["value"] == "Other words."
    bad = client.post("/entities/ida-nudel/edit", data=form | {"version": "2", "name": ""})
    assert "name: an entity needs a name" in messages(client, bad)
    assert entity(demo_catalog, "ida-nudel").description == "New words."


def test_merge_shows_what_moves_then_redirects_the_old_address(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    token = csrf_token_of(client)
    client.post("/entities/new", data={"csrf_token": token, "kind": "person", "name": "I. Nudel"})
    edit = soup_of(client, "/entities/i-nudel/edit")
    options = [o["value"] for o in edit.select("#m-into option")]
    assert "ida-nudel" in options and "moscow" not in options  # only the same kind
    review = soup_of(client, "/entities/i-nudel/merge?into=ida-nudel")
    assert "I. Nudel" in review.select_one("h1").get_text()
    response = client.post(
        "/entities/i-nudel/merge", data={"csrf_token": token, "into": "ida-nudel"}
    )
    assert response.headers["Location"] == "/entities/ida-nudel"
    assert entity(demo_catalog, "i-nudel") is None
    old = client.get("/entities/i-nudel")
    assert (old.status_code, old.headers["Location"]) == (301, "/entities/ida-nudel")
    assert client.get("/entities/never-was").status_code == 404


def test_delete_needs_the_typed_name_and_a_csrf_token(client, demo_catalog, login_as) -> None:
    login_as("editor")
    token = csrf_token_of(client)
    page = soup_of(client, "/entities/ida-nudel/delete")
    assert "moments" in page.select_one("main").get_text()
    assert (
        client.post("/entities/ida-nudel/delete", data={"confirm": "Ida Nudel"}).status_code == 400
    )
    wrong = client.post("/entities/ida-nudel/delete", data={"csrf_token": token, "confirm": "Ida"})
    assert "type the name" in messages(client, wrong)
    assert entity(demo_catalog, "ida-nudel") is not None
    done = client.post(
        "/entities/ida-nudel/delete", data={"csrf_token": token, "confirm": "Ida Nudel"}
    )
    assert "Deleted Ida Nudel" in messages(client, done)
    assert client.get("/entities/ida-nudel").status_code == 404


def test_viewers_and_hosts_see_no_editing_links(client, demo_catalog, login_as) -> None:
    login_as("host")
    page = soup_of(client, "/entities/ida-nudel")
    assert not page.select(".editor-actions")
    assert client.get("/entities/ida-nudel/edit").status_code == 403


def test_saving_a_form_keeps_line_endings_so_history_shows_only_real_changes(
    client, demo_catalog, login_as
) -> None:
    """Browsers send a textarea's lines as CRLF; the catalog keeps LF."""
    from media_catalog.models import AuditEvent

    login_as("editor")

    def save(description: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        soup = soup_of(client, "/entities/ida-nudel/edit")
        form = {i["name"]: i.get("value", "") for i in soup.select("form.entity-form input")}
        form.update(kind="person", name="Ida Nudel", description=description)
        form.pop("restricted", None)
        assert client.post("/entities/ida-nudel/edit", data=form).status_code == 302
        with demo_catalog() as session:
            event = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.object_type == "entity")
                .order_by(AuditEvent.id.desc())
            ).first()
            return event.id, event.after or {}

    first, after = save("First line.\r\nSecond line.\rThird.")
    assert after.get("description") == "First line.\nSecond line.\nThird."
    assert entity(demo_catalog, "ida-nudel").description == "First line.\nSecond line.\nThird."
    resent, _ = save("First line.\r\nSecond line.\r\nThird.")  # the same text, as sent by a browser
    assert resent == first  # no change, so no history entry
