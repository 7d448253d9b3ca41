"""Building a guide through the web as a host: the draft from the catalog, editing, sections
added, moved and deleted, moments added, version conflicts, and who may open or edit it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from guide_fixtures import draft_through_web
from sqlalchemy import select

from media_catalog.models import Guide


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def section_titles(client, token: str) -> list[str]:  # type: ignore[no-untyped-def]
    page = soup(client.get(f"/guides/{token}"))
    return [h.get_text(" ", strip=True) for h in page.select("article.guide-doc section > h2")]


def version_of(sessions, token: str) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(Guide.version).where(Guide.token == token))


def test_a_new_guide_is_drafted_from_the_catalog(client, chaptered_catalog, login_as, csrf) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    titles = section_titles(client, token)
    assert titles[:4] == [
        "Film summary",
        "Using this guide",
        "Featured people",
        "Background and timeline",
    ]
    assert titles[-2:] == ["Taking action", "Delve deeper"]
    # The film's chapters are the scenes, with their film times.
    assert titles[4] == "0:00–6:30 Opening: letters from Moscow"
    assert titles[9] == "58:00–1:14:00 The arrest of Natan Sharansky"
    page = soup(client.get(f"/guides/{token}"))
    summary = page.select_one("#section-1").get_text(" ", strip=True)
    assert "grassroots campaign" in summary  # the film's synopsis
    people = page.select("#section-3 dl.guide-entities dt")
    assert people, "featured people come from confirmed mentions"
    assert any("Sharansky" in dt.get_text() for dt in people)
    events = [dt.get_text(" ", strip=True) for dt in page.select("#section-4 dl.guide-entities dt")]
    years = [int(m.group(0)) for e in events if (m := re.search(r"\b(19\d\d)\b", e))]
    assert len(years) >= 3 and years == sorted(years)  # the timeline reads in date order
    prompts = page.select("#section-5 ol.questions li")
    assert prompts and "Opening: letters from Moscow" in prompts[0].get_text()


def test_every_part_can_be_edited_added_moved_and_deleted(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf, "Refusenik at the Elm Street library")
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        summary_id, using_id = guide.sections[0].id, guide.sections[1].id
        scene_id = next(s.id for s in guide.sections if s.kind == "scene")
    response = client.post(
        f"/guides/{token}/sections/{summary_id}",
        data={
            "csrf_token": csrf(),
            "version": version_of(sessions, token),
            "title": "Об этом фильме",
            "body": "Наш вечер.\n\nשלום לכולם",
            "questions": "Who was waiting?\n\n  What did they risk?  ",
        },
    )
    assert response.status_code == 302
    page = soup(client.get(f"/guides/{token}"))
    first = page.select_one("#section-1")
    assert first.h2.get_text(strip=True) == "Об этом фильме"
    assert [p.get_text() for p in first.find_all("p")] == ["Наш вечер.", "שלום לכולם"]
    assert [li.get_text() for li in first.select("ol.questions li")] == [
        "Who was waiting?",
        "What did they risk?",
    ]
    # A scene's film time is edited too.
    client.post(
        f"/guides/{token}/sections/{scene_id}",
        data={
            "csrf_token": csrf(),
            "version": version_of(sessions, token),
            "title": "Prologue",
            "body": "",
            "questions": "",
            "start": "0:01:05",
            "end": "0:06:30",
        },
    )
    assert "1:05–6:30 Prologue" in section_titles(client, token)
    # Add a section at the end, move it up, delete another.
    client.post(
        f"/guides/{token}/sections",
        data={
            "csrf_token": csrf(),
            "version": version_of(sessions, token),
            "kind": "activity",
            "title": "Write a letter",
        },
    )
    titles = section_titles(client, token)
    assert titles[-1] == "Write a letter"
    with sessions() as session:
        added = session.scalar(select(Guide).where(Guide.token == token)).sections[-1].id
    client.post(
        f"/guides/{token}/sections/{added}/move",
        data={"csrf_token": csrf(), "version": version_of(sessions, token), "direction": "up"},
    )
    assert section_titles(client, token)[-2:] == ["Write a letter", "Delve deeper"]
    client.post(
        f"/guides/{token}/sections/{using_id}/delete",
        data={"csrf_token": csrf(), "version": version_of(sessions, token)},
    )
    titles = section_titles(client, token)
    assert "Using this guide" not in titles and len(titles) == 4 + 9 + 2 + 1 - 1


def test_a_stale_edit_is_refused_and_shown(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    stale = version_of(sessions, token)
    data = {"csrf_token": csrf(), "title": "First tab", "visibility": "link", "version": stale}
    assert client.post(f"/guides/{token}/settings", data=data).status_code == 302
    data["title"] = "Second tab"
    response = client.post(f"/guides/{token}/settings", data=data, follow_redirects=True)
    page = soup(response)
    assert (
        "changed this guide while you were editing" in page.select_one(".notice.error").get_text()
    )
    assert page.h1.get_text(strip=True) == "First tab"


def test_bad_input_names_the_field(client, sessions, chaptered_catalog, login_as, csrf) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    with sessions() as session:
        scene_id = next(
            s.id
            for s in session.scalar(select(Guide).where(Guide.token == token)).sections
            if s.kind == "scene"
        )
    before = version_of(sessions, token)
    response = client.post(
        f"/guides/{token}/sections/{scene_id}",
        data={
            "csrf_token": csrf(),
            "version": before,
            "title": "x",
            "body": "",
            "questions": "",
            "start": "soon",
        },
        follow_redirects=True,
    )
    assert "start: 'soon' is not a time" in soup(response).select_one(".notice.error").get_text()
    assert version_of(sessions, token) == before  # nothing saved


def test_moments_are_added_from_the_player_with_their_excerpt(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    # The player offers "Add to a guide" to hosts, for the range on screen.
    player = soup(client.get("/media/interview-historian?t=20,35"))
    link = player.select_one("a.add-to-guide")["href"]
    picker = soup(client.get(link))
    form = picker.select_one(f"form[action='/guides/{token}/moments']")
    fields = {i["name"]: i.get("value", "") for i in form.select("input")}
    section = form.select("select[name=section] option")[5]["value"]
    fields.update(section=section, note="Listen for the date")
    response = client.post(form["action"], data=fields)
    assert response.status_code == 302
    page = soup(client.get(f"/guides/{token}"))
    moment = page.select_one("figure.guide-moment")
    assert (
        moment.select_one("a.timestamp")["href"]
        == "http://localhost/media/interview-historian?t=20,35#t=20,35"
    )
    assert moment.select_one("a.timestamp").get_text() == "0:20–0:35"
    assert moment.select_one("blockquote.excerpt").get_text(strip=True)
    assert moment.select_one("img.qr")["src"].startswith("data:image/svg+xml")
    assert "Listen for the date" in moment.get_text()


@pytest.mark.parametrize(
    ("visibility", "anonymous_opens", "listed"),
    [("private", False, False), ("link", True, False), ("published", True, True)],
)
def test_who_may_open_a_guide(
    app, client, sessions, chaptered_catalog, login_as, csrf, visibility, anonymous_opens, listed
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf, "Shared guide")
    client.post(
        f"/guides/{token}/settings",
        data={
            "csrf_token": csrf(),
            "version": version_of(sessions, token),
            "title": "Shared guide",
            "visibility": visibility,
        },
    )
    client.post("/logout", data={"csrf_token": csrf()})
    other = app.test_client()
    for url in (f"/guides/{token}", f"/guides/{token}/guide.md", f"/guides/{token}/follow.json"):
        assert other.get(url).status_code == (200 if anonymous_opens else 404), url
    assert ("Shared guide" in other.get("/guides").get_data(as_text=True)) is listed
    assert ("Shared guide" in other.get("/films/refusenik").get_data(as_text=True)) is listed
    # Nobody but the owner edits, whatever the visibility.
    assert other.get(f"/guides/{token}/edit").status_code == 302  # sign in first
    login_as("host", "other-host@example.org")
    assert client.get(f"/guides/{token}/edit").status_code == 404


def test_the_featured_people_are_edited_from_the_catalog(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    edit = soup(client.get(f"/guides/{token}/edit"))
    people = edit.select("fieldset.featured")[0]
    form = people.find_parent("form")
    ticked = [box["value"] for box in people.select("input[name=entities]")]
    assert len(ticked) >= 2
    fields = {
        i["name"]: i.get("value", "") for i in form.select("input[type=hidden], input[name=title]")
    }
    fields.update(body="", questions="")
    # Untick the first person, add one by name (any case); an unknown name is refused.
    response = client.post(
        form["action"],
        data={**fields, "entities": ticked[1:], "add_entity": "   Yuli Edelstein "},
        follow_redirects=True,
    )
    assert "Section saved." in response.get_data(as_text=True)
    names = [
        dt.get_text(" ", strip=True)
        for dt in soup(client.get(f"/guides/{token}")).select("#section-3 dt")
    ]
    assert names[-1].startswith("Yuli Edelstein") and len(names) == len(ticked)
    assert not any(ticked[0].replace("-", " ") in n.lower() for n in names)
    fields["version"] = version_of(sessions, token)
    response = client.post(
        form["action"],
        data={**fields, "entities": ticked, "add_entity": "Nobody Known"},
        follow_redirects=True,
    )
    assert (
        "add: no person, event or place called 'Nobody Known'"
        in soup(response).select_one(".notice.error").get_text()
    )


def test_hosts_are_offered_add_to_a_guide_on_search_results_and_entity_pages(
    client, chaptered_catalog, login_as
) -> None:
    pages = ["/search?q=Sharansky", "/entities/natan-sharansky", "/media/interview-historian"]
    for url in pages:
        assert not soup(client.get(url)).select("a.add-to-guide"), url  # not for visitors
    login_as("host")
    for url in pages:
        links = soup(client.get(url)).select("a.add-to-guide")
        assert links, url
        assert links[0]["href"].startswith("/guides/add-moment?media=")
    picker = soup(
        client.get(
            soup(client.get("/search?q=Sharansky")).select_one("a.add-to-guide[href*=interview-]")[
                "href"
            ]
        )
    )
    assert picker.select_one("blockquote.excerpt").get_text(strip=True)  # the words of that moment


def test_a_moment_is_edited_moved_and_the_guide_deleted(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    with sessions() as session:
        sections = [
            s.id for s in session.scalar(select(Guide).where(Guide.token == token)).sections
        ]
    client.post(
        f"/guides/{token}/moments",
        data={
            "csrf_token": csrf(),
            "media": "interview-historian",
            "start": "20",
            "end": "35",
            "section": sections[4],
        },
    )
    edit = soup(client.get(f"/guides/{token}/edit"))
    form = edit.select_one("details.edit-moment form")
    fields = {i["name"]: i.get("value", "") for i in form.select("input")}
    response = client.post(
        form["action"],
        data={**fields, "start": "0:00:25", "end": "40", "note": "Shorter", "section": sections[5]},
    )
    assert response.status_code == 302
    page = soup(client.get(f"/guides/{token}"))
    assert not page.select("#section-5 figure.guide-moment")
    moment = page.select_one("#section-6 figure.guide-moment")
    assert (
        moment.select_one("a.timestamp").get_text() == "0:25–0:40"
        and "Shorter" in moment.get_text()
    )
    # A section that is not this guide's, or none, is refused by name.
    fields["version"] = version_of(sessions, token)
    response = client.post(form["action"], data={**fields, "section": "x"}, follow_redirects=True)
    assert "section: choose a section" in soup(response).select_one(".notice.error").get_text()
    # Deleting, from the builder's own form, asks for the box to be ticked.
    delete = soup(client.get(f"/guides/{token}/edit")).select_one("main #delete-guide form")
    assert delete.select_one("input[type=checkbox][name=confirm]")
    response = client.post(delete["action"], data={"csrf_token": csrf()}, follow_redirects=True)
    assert "tick the box" in soup(response).select_one(".notice.error").get_text()
    client.post(delete["action"], data={"csrf_token": csrf(), "confirm": "yes"})
    assert client.get(f"/guides/{token}").status_code == 404
