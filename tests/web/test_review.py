"""The review queue pages: highlighted matches, play links, form and JSON decisions (409 when
stale, CSRF required), bulk confirmation and unknown names resolved from the page."""

import pytest
from bs4 import BeautifulSoup
from conftest import csrf_token_of
from sqlalchemy import func, select

from media_catalog.models import Annotation, Entity, MediaItem, NameCandidate


def soup_of(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_queue_shows_the_match_highlighted_with_a_play_link(client, demo_catalog, login_as) -> None:
    login_as("editor")
    soup = soup_of(client, "/review?media=interview-historian")
    item = soup.select_one("li.suggestion")
    with demo_catalog() as session:
        annotation = session.get(Annotation, int(item["data-id"]))
        assert item.select_one("mark").get_text() == annotation.quote
        play = item.select_one("a.play")["href"]
        assert play.startswith("/media/interview-historian?t=") and "#t=" in play
    by_media = soup_of(client, "/review?by=media")
    assert by_media.select("section.review-group h2 a")[0]["href"].startswith("/media/")


def test_form_decision_and_stale_form(client, demo_catalog, login_as) -> None:
    login_as("editor")
    item = soup_of(client, "/review?media=interview-historian").select_one("li.suggestion")
    form = {i["name"]: i.get("value", "") for i in item.select("form.decide input[type=hidden]")}
    response = client.post(
        f"/review/annotations/{item['data-id']}", data={**form, "action": "confirm"}
    )
    assert response.status_code == 302
    with demo_catalog() as session:
        assert session.get(Annotation, int(item["data-id"])).status == "confirmed"
    stale = client.post(
        f"/review/annotations/{item['data-id']}",
        data={**form, "action": "reject"},
        follow_redirects=True,
    )
    alert = BeautifulSoup(stale.get_data(as_text=True), "html.parser").select_one(".notice.error")
    assert "changed this annotation while you were editing" in alert.get_text()
    with demo_catalog() as session:
        assert session.get(Annotation, int(item["data-id"])).status == "confirmed"


def test_json_decisions_answer_409_when_stale_and_need_the_csrf_header(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    item = soup_of(client, "/review?media=interview-historian").select_one("li.suggestion")
    url = item["data-api"]
    headers = {"X-CSRF-Token": csrf_token_of(client)}
    assert client.post(url, json={"action": "confirm", "version": 1}).status_code == 400
    ok = client.post(url, json={"action": "confirm", "version": 1}, headers=headers)
    assert (
        ok.status_code == 200
        and ok.get_json()["status"] == "confirmed"
        and ok.get_json()["version"] == 2
    )
    stale = client.post(url, json={"action": "reject", "version": 1}, headers=headers)
    assert stale.status_code == 409
    error = stale.get_json()["error"]
    assert error["current"]["status"] == "confirmed" and error["changed_by"] == "editor@example.org"
    assert (
        client.post(
            "/api/review/annotations/999999",
            json={"action": "confirm", "version": 1},
            headers=headers,
        ).status_code
        == 404
    )


def test_bulk_confirm_from_the_page(client, demo_catalog, login_as) -> None:
    login_as("editor")
    soup = soup_of(client, "/review?media=interview-historian")
    bulk = soup.select_one("form.bulk")
    data = {i["name"]: i["value"] for i in bulk.select("input")}
    count = int(bulk.button.get_text().split()[2])
    with demo_catalog() as session:
        entity = session.scalar(select(Entity).where(Entity.slug == data["entity"]))
        item = session.scalar(select(MediaItem).where(MediaItem.slug == data["media"]))
        query = select(Annotation).where(
            Annotation.entity_id == entity.id, Annotation.media_item_id == item.id
        )
        before = {a.id: a.status for a in session.scalars(query)}
    client.post("/review/confirm-all", data=data)
    with demo_catalog() as session:
        after = {a.id: a.status for a in session.scalars(query)}
    changed = [i for i in after if after[i] != before[i]]
    assert len(changed) == count and {after[i] for i in changed} == {"confirmed"}
    assert "suggested" not in after.values()


def test_unknown_names_become_entities_or_are_dismissed(client, demo_catalog, login_as) -> None:
    login_as("editor")
    soup = soup_of(client, "/review/candidates")
    forms = soup.select("ul.candidates form")
    assert len(forms) >= 2
    first = {i["name"]: i["value"] for i in forms[0].select("input[type=hidden]")}
    second = {i["name"]: i["value"] for i in forms[1].select("input[type=hidden]")}
    client.post("/review/candidates", data={**first, "action": "dismiss"})
    client.post("/review/candidates", data={**second, "action": "entity", "kind": "organization"})
    with demo_catalog() as session:
        statuses = {c.text: c.status for c in session.scalars(select(NameCandidate))}
        assert statuses[first["text"]] == "dismissed" and statuses[second["text"]] == "done"
        assert (
            session.scalar(select(Entity).where(Entity.name == second["text"])).kind
            == "organization"
        )


def test_admins_read_the_audit_feed_and_one_records_history(client, demo_catalog, login_as) -> None:
    login_as("editor", "ed@example.org")
    item = soup_of(client, "/review?media=interview-historian").select_one("li.suggestion")
    form = {i["name"]: i.get("value", "") for i in item.select("form.decide input[type=hidden]")}
    client.post(f"/review/annotations/{item['data-id']}", data={**form, "action": "confirm"})
    client.post("/logout", data={"csrf_token": csrf_token_of(client)})
    login_as("admin")
    feed = soup_of(client, "/admin/audit")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in feed.select("table.audit tbody tr")
    ]
    assert rows[0][1:4] == ["cli", "create", "user admin@example.org"]  # newest first
    assert any(r[1] == "ed@example.org" and r[3] == f"annotation {item['data-id']}" for r in rows)
    history = soup_of(client, f"/admin/audit?type=annotation&id={item['data-id']}")
    [row] = history.select("table.audit tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells[1:3] == ["ed@example.org", "update"]
    assert "status: suggested" in cells[4] and "status: confirmed" in cells[5]


def test_the_queue_comes_in_pages_of_fifty_with_links_between_them(
    client, demo_catalog, login_as
) -> None:
    from media_catalog.web.review import PER_PAGE

    login_as("editor")
    first = soup_of(client, "/review?by=media")
    total = int(first.select_one(".review-count")["data-total"])
    assert total > PER_PAGE  # the demo has a few hundred suggestions
    pages = -(-total // PER_PAGE)
    assert len(first.select("li.suggestion")) == PER_PAGE
    links = first.select("nav.review-pages a")
    # The first, the last and those around the current page; a gap marked between.
    assert [a.get_text() for a in links if a.get_text().isdigit()] == ["1", "2", "3", str(pages)]
    assert first.select_one("nav.review-pages .gap").get_text() == "…"
    assert all("by=media" in a["href"] for a in links)
    seen = {li["data-id"] for li in first.select("li.suggestion")}
    last = soup_of(
        client,
        first.select_one("nav.review-pages a[rel=next]")["href"].replace("page=2", f"page={pages}"),
    )
    on_last = {li["data-id"] for li in last.select("li.suggestion")}
    assert len(on_last) == total - (pages - 1) * PER_PAGE and not on_last & seen
    assert last.select_one("nav.review-pages a[aria-current=page]").get_text() == str(pages)
    assert last.select_one("nav.review-pages a[rel=next]") is None
    # A page past the end shows the last one; a back link keeps the page it was decided on.
    beyond = soup_of(client, f"/review?by=media&page={pages + 5}")
    assert {li["data-id"] for li in beyond.select("li.suggestion")} == on_last
    assert last.select_one("form.decide input[name=back]")["value"].endswith(f"page={pages}")


def test_confirm_all_says_how_many_it_confirms_on_every_page(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    soup = soup_of(client, "/review")
    for bulk in soup.select("form.bulk"):
        data = {i["name"]: i["value"] for i in bulk.select("input")}
        with demo_catalog() as session:
            count = session.scalar(
                select(func.count())
                .select_from(Annotation)
                .join(MediaItem, MediaItem.id == Annotation.media_item_id)
                .join(Entity, Entity.id == Annotation.entity_id)
                .where(
                    MediaItem.slug == data["media"],
                    Entity.slug == data["entity"],
                    Annotation.status == "suggested",
                )
            )
        assert int(bulk.button.get_text().split()[2]) == count


@pytest.mark.parametrize(
    ("page", "pages", "window"),
    [
        (1, 1, [1]),
        (1, 7, [1, 2, 3, None, 7]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
        (50, 4000, [1, None, 48, 49, 50, 51, 52, None, 4000]),
        (4000, 4000, [1, None, 3998, 3999, 4000]),
    ],
)
def test_page_links_are_the_ends_and_those_around_the_page(page, pages, window) -> None:
    from media_catalog.web.forms import page_window

    assert page_window(page, pages) == window


def test_review_pages_speak_russian_and_hebrew(client, demo_catalog, login_as) -> None:
    login_as("editor")
    edits = client.get("/review/edits", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Назад к очереди проверки" in edits
    names = client.get("/review/candidates", headers={"Accept-Language": "he"})
    html = names.get_data(as_text=True)
    assert names.status_code == 200 and "שמות לא מוכרים" in html and 'dir="rtl"' in html


def test_the_queue_speaks_russian_and_hebrew(client, demo_catalog, login_as) -> None:
    login_as("editor")
    ru = soup_of_in(client, "/review?media=interview-historian", "ru")
    assert "ждут проверки" in ru.select_one(".review-count").get_text()
    assert ru.select_one("form.bulk button").get_text().startswith("Подтвердить все упоминания")
    he = soup_of_in(client, "/review", "he")
    assert he.select_one("button[value=confirm]").get_text() == "אישור"
    assert "Confirm" not in he.get_text()


def soup_of_in(client, url: str, language: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    page = client.get(url, headers={"Accept-Language": language})
    return BeautifulSoup(page.get_data(as_text=True), "html.parser")
