"""Building a guide through the web as a host: the draft from the catalog, editing, sections
added, moved and deleted, moments added, version conflicts, and who may open or edit it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from guide_fixtures import builder_fields, draft_through_web, section_ids
from sqlalchemy import select

from media_catalog.models import Guide


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def refused(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    """The builder shown again after a refused save, with what was typed."""
    assert response.status_code == 422, response.status_code
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
    prompts = [li.get_text() for li in page.select("#section-5 ol.questions li")]
    assert "Opening: letters from Moscow" in prompts[-1]
    # Scenes ask about the people and events they are about, drawn from the catalog.
    trial = [li.get_text() for li in page.select("#section-6 ol.questions li")]
    assert any("“Leningrad hijacking affair” (1970)" in q for q in trial), trial
    arrest = page.select_one("#section-10")
    assert "Natan Sharansky" in arrest.select_one("dl.guide-entities").get_text()
    assert any("Natan Sharansky" in li.get_text() for li in arrest.select("ol.questions li"))


def test_every_part_can_be_edited_added_moved_and_deleted(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf, "Refusenik at the Elm Street library")
    ids = section_ids(sessions, token)
    summary_id, using_id, scene_id = ids[0], ids[1], ids[4]
    fields = builder_fields(client, token)
    fields.update(
        {
            f"s{summary_id}-title": "Об этом фильме",
            f"s{summary_id}-body": "Наш вечер.\n\nשלום לכולם",
            f"s{summary_id}-questions": "Who was waiting?\n\n  What did they risk?  ",
            # A scene's film time is edited in the same save.
            f"s{scene_id}-title": "Prologue",
            f"s{scene_id}-start": "0:01:05",
            f"s{scene_id}-end": "0:06:30",
        }
    )
    assert client.post(f"/guides/{token}/edit", data=fields).status_code == 302
    page = soup(client.get(f"/guides/{token}"))
    first = page.select_one("#section-1")
    assert first.h2.get_text(strip=True) == "Об этом фильме"
    assert [p.get_text() for p in first.find_all("p")] == ["Наш вечер.", "שלום לכולם"]
    assert [li.get_text() for li in first.select("ol.questions li")] == [
        "Who was waiting?",
        "What did they risk?",
    ]
    assert "1:05–6:30 Prologue" in section_titles(client, token)
    # Add a section at the end, move it up, delete another: each button saves the form too.
    fields = builder_fields(client, token)
    client.post(
        f"/guides/{token}/edit",
        data={**fields, "action": "add", "new_kind": "activity", "new_title": "Write a letter"},
    )
    titles = section_titles(client, token)
    assert titles[-1] == "Write a letter"
    added = section_ids(sessions, token)[-1]
    client.post(
        f"/guides/{token}/edit", data={**builder_fields(client, token), "action": f"up-{added}"}
    )
    assert section_titles(client, token)[-2:] == ["Write a letter", "Delve deeper"]
    client.post(
        f"/guides/{token}/edit",
        data={**builder_fields(client, token), "action": f"delete-{using_id}"},
    )
    titles = section_titles(client, token)
    assert "Using this guide" not in titles and len(titles) == 4 + 9 + 2 + 1 - 1


def test_one_save_keeps_what_was_typed_in_every_section(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    """Typing in three sections, then pressing any one button (here: move a section) keeps all
    three; a refused save shows the page again with every typed field as it was."""
    login_as("host")
    token = draft_through_web(client, csrf)
    ids = section_ids(sessions, token)
    fields = builder_fields(client, token)
    typed = {
        f"s{ids[0]}-body": "One.",
        f"s{ids[3]}-body": "Four.",
        f"s{ids[6]}-questions": "Seven?",
    }
    client.post(f"/guides/{token}/edit", data={**fields, **typed, "action": f"down-{ids[1]}"})
    page = soup(client.get(f"/guides/{token}/edit"))
    for name, value in typed.items():
        assert page.select_one(f"[name={name}]").get_text() == value
    # A bad time in one scene: nothing saved, and every field keeps what was typed.
    fields = builder_fields(client, token)
    bad = {f"s{ids[0]}-body": "Kept though refused.", f"s{ids[5]}-start": "soon"}
    response = client.post(f"/guides/{token}/edit", data={**fields, **bad})
    page = refused(response)
    assert "start: 'soon' is not a time" in page.select_one(".notice.error").get_text()
    assert page.select_one(f"[name=s{ids[0]}-body]").get_text() == "Kept though refused."
    assert page.select_one(f"[name=s{ids[5]}-start]")["value"] == "soon"


def test_a_stale_edit_is_refused_and_shown(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    stale = builder_fields(client, token)
    assert (
        client.post(f"/guides/{token}/edit", data={**stale, "title": "First tab"}).status_code
        == 302
    )
    response = client.post(f"/guides/{token}/edit", data={**stale, "title": "Second tab"})
    page = refused(response)
    assert (
        "changed this guide while you were editing" in page.select_one(".notice.error").get_text()
    )
    assert page.h1.get_text(strip=True) == "First tab"  # what is saved
    assert page.select_one("#guide-title")["value"] == "Second tab"  # what this tab typed, kept
    assert int(page.select_one("input[name=version]")["value"]) == version_of(sessions, token)


def test_bad_input_names_the_field(client, sessions, chaptered_catalog, login_as, csrf) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    scene_id = section_ids(sessions, token)[4]
    before = version_of(sessions, token)
    fields = builder_fields(client, token)
    response = client.post(f"/guides/{token}/edit", data={**fields, f"s{scene_id}-end": "later"})
    message = refused(response).select_one(".notice.error")
    assert (
        "end: 'later' is not a time (give 1:23:45 or seconds), in section “Opening: letters from Moscow”"
        in message.get_text()
    )
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
    fields = builder_fields(client, token)
    client.post(f"/guides/{token}/edit", data={**fields, "visibility": visibility})
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
    people_id = section_ids(sessions, token)[2]
    fields = builder_fields(client, token)
    ticked = fields[f"s{people_id}-entities"]
    assert len(ticked) >= 2
    # Untick the first person, add one by name (any case); an unknown name is refused.
    response = client.post(
        f"/guides/{token}/edit",
        data={
            **fields,
            f"s{people_id}-entities": ticked[1:],
            f"s{people_id}-add_entity": "   Yuli Edelstein ",
        },
        follow_redirects=True,
    )
    assert "Guide saved." in response.get_data(as_text=True)
    names = [
        dt.get_text(" ", strip=True)
        for dt in soup(client.get(f"/guides/{token}")).select("#section-3 dt")
    ]
    assert names[-1].startswith("Yuli Edelstein") and len(names) == len(ticked)
    assert not any(ticked[0].replace("-", " ") in n.lower() for n in names)
    fields = builder_fields(client, token)
    response = client.post(
        f"/guides/{token}/edit", data={**fields, f"s{people_id}-add_entity": "Nobody Known"}
    )
    assert (
        "add: no person, event or place called 'Nobody Known'"
        in refused(response).select_one(".notice.error").get_text()
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
    sections = section_ids(sessions, token)
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
    fields = builder_fields(client, token)
    moment = next(name for name in fields if name.startswith("m") and name.endswith("-start"))
    prefix = moment.removesuffix("start")
    changed = {f"{prefix}start": "0:00:25", f"{prefix}end": "40", f"{prefix}note": "Shorter"}
    response = client.post(
        f"/guides/{token}/edit", data={**fields, **changed, f"{prefix}section": sections[5]}
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
    fields = builder_fields(client, token)
    response = client.post(f"/guides/{token}/edit", data={**fields, f"{prefix}section": "x"})
    assert "section: choose a section" in refused(response).select_one(".notice.error").get_text()
    # Removing the moment is a button of the same form.
    moment_id = prefix.strip("m-")
    client.post(f"/guides/{token}/edit", data={**fields, "action": f"remove-{moment_id}"})
    assert not soup(client.get(f"/guides/{token}")).select("figure.guide-moment")
    # Deleting, from the builder's own form, asks for the box to be ticked.
    delete = soup(client.get(f"/guides/{token}/edit")).select_one("main #delete-guide form")
    assert delete.select_one("input[type=checkbox][name=confirm]")
    response = client.post(delete["action"], data={"csrf_token": csrf()}, follow_redirects=True)
    assert "tick the box" in soup(response).select_one(".notice.error").get_text()
    client.post(delete["action"], data={"csrf_token": csrf(), "confirm": "yes"})
    assert client.get(f"/guides/{token}").status_code == 404


def test_the_guide_list_and_the_moment_picker_speak_russian_and_hebrew(
    client, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    ru = {"Accept-Language": "ru"}
    empty_picker = client.get("/media/interview-historian?t=20,35", headers=ru)
    link = soup(empty_picker).select_one("a.add-to-guide")["href"]
    none_yet = soup(client.get(link, headers=ru)).select_one("main p a[href='/guides']")
    assert none_yet.get_text() == "Начните новый"  # the link inside the translated sentence
    token = draft_through_web(client, csrf)
    listing = client.get("/guides", headers=ru).get_data(as_text=True)
    assert "Ваши путеводители" in listing and "личный" in listing
    picker = client.get(link, headers={"Accept-Language": "he"}).get_data(as_text=True)
    assert "הוספת רגע למדריך" in picker and f"/guides/{token}/moments" in picker
