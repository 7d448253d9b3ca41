"""The editor's panel on the media page: shown to editors only; tags and record edits saved."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog.models import Annotation, MediaItem


def soup_of(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_only_editors_see_the_panel(client, demo_catalog, login_as) -> None:
    assert soup_of(client, "/media/interview-historian").select_one("#editor-panel") is None
    login_as("viewer")
    assert soup_of(client, "/media/interview-historian").select_one("#editor-panel") is None


def test_tag_and_record_forms(client, demo_catalog, login_as) -> None:
    login_as("editor")
    soup = soup_of(client, "/media/kgb-car-home-movie-1970s")
    tag_form = soup.select_one("form.tag-form")
    token = tag_form.select_one("input[name=csrf_token]")["value"]
    response = client.post(
        tag_form["action"],
        data={"csrf_token": token, "in": "2", "out": "4.5", "tag": "car", "note": "a Volga"},
    )
    assert response.status_code == 302
    bad = client.post(
        tag_form["action"], data={"csrf_token": token, "in": "x", "out": "4"}, follow_redirects=True
    )
    assert (
        "in: give a time in seconds"
        in BeautifulSoup(bad.get_data(as_text=True), "html.parser")
        .select_one(".notice.error")
        .get_text()
    )
    record = soup.select_one("form.metadata-form")
    data = {
        i["name"]: i.get("value", "") for i in record.select("input") if i.get("type") != "checkbox"
    }
    data.update({t["name"]: t.get_text() for t in record.select("textarea")})
    client.post(record["action"], data={**data, "title": "Home movie: the car outside"})
    with demo_catalog() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "kgb-car-home-movie-1970s"))
        assert (item.title, item.version) == ("Home movie: the car outside", 2)
        tag = session.scalar(select(Annotation).where(Annotation.tag == "car"))
        assert (tag.start_ms, tag.end_ms, tag.note, tag.author) == (
            2000,
            4500,
            "a Volga",
            "editor@example.org",
        )
    page = soup_of(client, "/media/kgb-car-home-movie-1970s")
    assert "car" in [b.get_text() for b in page.select("p.tags .badge")]
