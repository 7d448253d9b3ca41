"""Screening mode without a browser: the cue list, moving the stop (CSRF-protected, JSON and
form), the audience's short link and state, and who may follow."""

from __future__ import annotations

from bs4 import BeautifulSoup
from guide_fixtures import draft_through_web
from sqlalchemy import select

from media_catalog.models import Guide


def share(client, sessions, csrf, token: str) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        version = session.scalar(select(Guide.version).where(Guide.token == token))
    client.post(
        f"/guides/{token}/edit",
        data={"csrf_token": csrf(), "version": version, "title": "Screening", "visibility": "link"},
    )


def test_the_cue_list_follows_the_films_running_time(
    client, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    page = BeautifulSoup(
        client.get(f"/guides/{token}/screen").get_data(as_text=True), "html.parser"
    )
    cues = page.select("ol.cues > li")
    assert [int(li["data-start"]) for li in cues] == sorted(int(li["data-start"]) for li in cues)
    assert cues[6].select_one(".cue-time").get_text() == "1:14:00"
    assert "Freedom Sunday" in cues[6].select_one(".cue-title").get_text()
    assert cues[6].select("ol.questions li")  # each stop's prompts
    assert "of 1:57:00" in page.select_one(".screen-clock").get_text()  # the film's running time
    marks = page.select(".timestrip-cues a")
    assert [m["class"][0] for m in marks][:3] == [
        "at-0",
        "at-11",
        "at-31",
    ]  # 6:30 and 18:00 of 1:57:00
    assert page.select_one(".second-screen img")["src"].startswith("data:image/svg+xml")
    assert page.select_one("#short-link")["href"] == f"http://localhost/s/{token}"
    assert "private" in page.select_one(".notice.error").get_text()


def test_the_host_moves_the_stop_and_the_audience_sees_it(
    app, client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    audience = app.test_client()
    assert audience.get(f"/guides/{token}/follow.json").status_code == 404  # private so far
    share(client, sessions, csrf, token)
    assert audience.get(f"/s/{token}").headers["Location"] == f"/guides/{token}/follow"
    assert audience.get(f"/guides/{token}/follow.json").get_json()["scene"] is None
    url = f"/guides/{token}/screen/stop"
    assert client.post(url, json={"stop": 3}).status_code == 400  # no CSRF header
    response = client.post(url, json={"stop": 3}, headers={"X-CSRF-Token": csrf()})
    assert response.get_json()["stop"] == 3
    state = audience.get(f"/guides/{token}/follow.json").get_json()
    assert state["scene"]["title"] == "Asking to leave: the refuseniks"
    assert state["scene"]["clock"] == "31:00" and state["stops"] == 9
    follow = BeautifulSoup(
        audience.get(f"/guides/{token}/follow").get_data(as_text=True), "html.parser"
    )
    assert follow.select_one("#follow-title").get_text() == "Asking to leave: the refuseniks"
    # Without JavaScript: the form posts; a stop past the end is refused, nothing changes.
    response = client.post(url, data={"csrf_token": csrf(), "stop": "12"}, follow_redirects=True)
    assert "stop: no such scene" in response.get_data(as_text=True)
    json_headers = {"X-CSRF-Token": csrf(), "Accept": "application/json"}  # as screening.js sends
    response = client.post(url, json={"stop": "x"}, headers=json_headers)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == 400
    assert audience.get(f"/guides/{token}/follow.json").get_json()["stop"] == 3
    # The audience cannot move the stop.
    assert audience.post(url, json={"stop": 1}).status_code in (400, 302)


def test_screening_mode_speaks_russian_and_hebrew(
    client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf)
    ru = client.get(f"/guides/{token}/screen", headers={"Accept-Language": "ru"})
    page = BeautifulSoup(ru.get_data(as_text=True), "html.parser")
    assert "из 1:57:00" in page.select_one(".screen-clock").get_text()
    assert "личный" in page.select_one(".notice.error").get_text()
    # The audience link stays a link inside the translated sentence, its address escaped once.
    assert page.select_one("#short-link")["href"] == f"http://localhost/s/{token}"
    assert page.select_one("#short-link").find_parent("p").get_text().startswith("Зрителям")
    he = client.get(f"/guides/{token}/screen", headers={"Accept-Language": "he"})
    page = BeautifulSoup(he.get_data(as_text=True), "html.parser")
    steps = {b.get_text(): b["data-step"] for b in page.select("button[data-step]")}
    assert steps == {"העצירה הקודמת": "-1", "העצירה הבאה": "1"}  # screening.js reads data-step
