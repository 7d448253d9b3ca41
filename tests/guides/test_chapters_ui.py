"""Chapters on the web and the command line: hosts and editors mark, edit (conflicts shown) and
delete chapters; editors upload WebVTT chapters; the player and the film page show them."""

from __future__ import annotations

import io

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from media_catalog.config import PROJECT_ROOT
from media_catalog.models import Chapter

DEMO_CHAPTERS = PROJECT_ROOT / "chapters" / "refusenik.vtt"


def page(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def chapter_count(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Chapter)) or 0


def test_the_cli_imports_a_webvtt_chapters_track_onto_a_film(runner, demo_catalog, client) -> None:
    result = runner.invoke(args=["chapters", "import", "refusenik", str(DEMO_CHAPTERS)])
    assert result.exit_code == 0, result.output
    assert "9 chapter(s) imported onto refusenik" in result.output
    film = page(client.get("/films/refusenik"))
    items = [li.get_text(" ", strip=True) for li in film.select("ol.chapter-list li")]
    assert items[0] == "0:00 Opening: letters from Moscow" and len(items) == 9
    # Again: the earlier import is replaced, not doubled.
    runner.invoke(args=["chapters", "import", "refusenik", str(DEMO_CHAPTERS)])
    assert chapter_count(demo_catalog) == 9


def test_the_cli_refuses_a_bad_track_naming_the_line(runner, demo_catalog, write) -> None:
    bad = write(
        "bad.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nFine\n\n00:00:09.000 --> 00:00:07.000\nBackwards\n",
    )
    result = runner.invoke(args=["chapters", "import", "interview-historian", str(bad)])
    assert result.exit_code == 1
    assert "bad.vtt:6" in result.output
    assert chapter_count(demo_catalog) == 0
    result = runner.invoke(args=["chapters", "import", "no-such-thing", str(DEMO_CHAPTERS)])
    assert result.exit_code == 1 and "no film or media item 'no-such-thing'" in result.output
    help_text = runner.invoke(args=["chapters", "import", "--help"]).output
    assert "Example" in help_text


def test_a_host_marks_edits_and_deletes_chapters_shown_in_the_player(
    client, sessions, demo_catalog, login_as, csrf
) -> None:
    login_as("host")
    url = "/chapters/media/interview-historian"
    response = client.post(
        url, data={"csrf_token": csrf(), "start": "0:00:20", "title": "Введение"}
    )
    assert response.status_code == 302
    client.post(url, data={"csrf_token": csrf(), "start": "45.5", "end": "60", "title": "הקדמה"})
    player = page(client.get("/media/interview-historian"))
    listed = [
        li.get_text(" ", strip=True) for li in player.select("section.chapters ol.chapter-list li")
    ]
    assert listed == ["0:20 Введение", "0:45 הקדמה"]
    marks = player.select("section.chapters .timestrip a")
    assert [a["href"] for a in marks] == [
        "/media/interview-historian?t=20",
        "/media/interview-historian?t=45.5",
    ]
    assert all(a["class"][0].startswith("at-") for a in marks)
    # Edit on a stale version: refused, both versions shown with the typed title kept.
    manage = page(client.get(url))
    form = manage.select("ol.chapter-list li form.guide-form")[0]
    fields = {i["name"]: i.get("value", "") for i in form.select("input")}
    client.post(form["action"], data={**fields, "title": "Opening"})
    response = client.post(form["action"], data={**fields, "title": "Mine"})
    conflict = page(response)
    notice = conflict.select_one(".notice.error").get_text()
    assert "changed this chapter while you were editing" in notice
    title = conflict.select_one("tr[data-field=title]")
    assert title.select_one(".theirs output").get_text() == "Opening"
    assert title.select_one(".yours input")["value"] == "Mine"
    # Bad input names the field.
    response = client.post(
        url, data={"csrf_token": csrf(), "start": "later", "title": "x"}, follow_redirects=True
    )
    assert "start: 'later' is not a time" in page(response).select_one(".notice.error").get_text()
    delete = page(client.get(url)).select("ol.chapter-list li form.inline")[1]
    client.post(delete["action"], data={"csrf_token": csrf()})
    player = page(client.get("/media/interview-historian"))
    assert [li.get_text(" ", strip=True) for li in player.select("section.chapters li")] == [
        "0:20 Opening"
    ]


def test_only_editors_upload_and_a_bad_upload_changes_nothing(
    client, sessions, demo_catalog, login_as, csrf
) -> None:
    url = "/chapters/films/refusenik/import"
    login_as("host")
    sent = {"csrf_token": csrf(), "file": (io.BytesIO(DEMO_CHAPTERS.read_bytes()), "refusenik.vtt")}
    assert client.post(url, data=sent, content_type="multipart/form-data").status_code == 403
    client.post("/logout", data={"csrf_token": csrf()})
    login_as("editor")
    bad = {
        "csrf_token": csrf(),
        "file": (
            io.BytesIO(
                b"WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nFine\n\n00:00:09.000 --> 00:00:07.000\nBackwards\n"
            ),
            "mine.vtt",
        ),
    }
    response = client.post(url, data=bad, content_type="multipart/form-data", follow_redirects=True)
    assert (
        page(response)
        .select_one(".notice.error")
        .get_text()
        .startswith("Nothing imported: mine.vtt:6")
    )
    assert chapter_count(sessions) == 0
    good = {"csrf_token": csrf(), "file": (io.BytesIO(DEMO_CHAPTERS.read_bytes()), "refusenik.vtt")}
    response = client.post(
        url, data=good, content_type="multipart/form-data", follow_redirects=True
    )
    assert "9 chapters imported from refusenik.vtt" in page(response).get_text()


def test_chapters_of_restricted_media_are_hidden_from_hosts(
    client, demo_catalog, login_as, csrf
) -> None:
    login_as("host")
    slug = "refusenik-seminar-moscow-flat-circa-1978"
    assert client.get(f"/chapters/media/{slug}").status_code == 404
    response = client.post(
        f"/chapters/media/{slug}", data={"csrf_token": csrf(), "start": "1", "title": "x"}
    )
    assert response.status_code == 404


def test_the_demo_command_brings_the_demo_films_chapters(runner, sessions) -> None:
    for _ in range(2):  # twice: replaced, not doubled
        result = runner.invoke(args=["demo", "--no-media"])
        assert result.exit_code == 0, result.output
    assert chapter_count(sessions) == 9
