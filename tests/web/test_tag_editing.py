"""Editing a tag on the media page: role and range validated with the field named, viewers
refused, CSRF required, a stale save kept beside the newer one, line endings made `\\n` with no
history for an unchanged save, and a range over a restricted passage hidden from the public."""

from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog import audit
from media_catalog.db import transaction
from media_catalog.editing import tagging
from media_catalog.models import Annotation, MediaItem, Segment, User

MEDIA = "interview-historian"


def soup(response):  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def a_tag(sessions, **values):  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        user = session.scalar(select(User).where(User.email == "editor@example.org"))
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        return tagging.add_tag(
            session, user, item, **({"start_ms": 1000, "end_ms": 2000, "tag": "kitchen"} | values)
        ).id


def edit_form(client, tag_id):  # type: ignore[no-untyped-def]
    page = soup(client.get(f"/media/{MEDIA}"))
    form = page.select_one(f"form#tag-{tag_id}")
    data = {i["name"]: i.get("value", "") for i in form.select("input")}
    data |= {t["name"]: t.get_text() for t in form.select("textarea")}
    data |= {s["name"]: s.select_one("option[selected]")["value"] for s in form.select("select")}
    return form["action"], data


def error_of(client, response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302
    return soup(client.get(response.headers["Location"])).select_one(".notice.error").get_text()


def test_the_add_form_offers_every_role_with_the_kinds_default(client, demo_catalog, login_as):
    login_as("editor")
    role = soup(client.get(f"/media/{MEDIA}")).select_one("#tag-role")
    assert [o["value"] for o in role.select("option")][:3] == ["speaking", "mentioned", "depicted"]
    assert role.select_one("option[selected]")["value"] == "mentioned"  # an interview
    car = soup(client.get("/media/kgb-car-home-movie-1970s")).select_one("#tag-role")
    assert car.select_one("option[selected]")["value"] == "depicted"  # footage


def test_bad_roles_and_ranges_name_the_field(client, demo_catalog, login_as) -> None:
    login_as("editor")
    tag_id = a_tag(demo_catalog, entity_slug="kgb", tag="")
    action, data = edit_form(client, tag_id)
    bad_role = client.post(action, data=data | {"role": "hero"})
    assert "role: 'hero' is not a role" in error_of(client, bad_role)
    backwards = client.post(action, data=data | {"in": "5", "out": "4"})
    assert "out: the out point must come after the in point" in error_of(client, backwards)
    beyond = client.post(action, data=data | {"out": "99999"})
    assert "out: past the end of the media" in error_of(client, beyond)
    added = client.post(
        f"/media/{MEDIA}/tags",
        data={
            "csrf_token": data["csrf_token"],
            "in": "1",
            "out": "2",
            "entity": "kgb",
            "role": "villain",
        },
    )
    assert "role: 'villain' is not a role" in error_of(client, added)
    moved = client.post(action, data=data | {"in": "1.5", "out": "3", "role": "interviewer"})
    assert moved.status_code == 302
    with demo_catalog() as session:
        tag = session.get(Annotation, tag_id)
        assert (tag.start_ms, tag.end_ms, tag.role, tag.version) == (1500, 3000, "interviewer", 2)


def test_viewers_cannot_tag_and_every_save_needs_csrf(
    client, demo_catalog, login_as, add_user
) -> None:
    add_user("editor")
    tag_id = a_tag(demo_catalog)
    login_as("viewer")
    assert soup(client.get(f"/media/{MEDIA}")).select_one("form.tag-edit") is None
    refused = client.post(f"/media/{MEDIA}/tags/{tag_id}", data={"in": "0", "out": "1"})
    assert refused.status_code in (400, 403)
    login_as("editor", "other@example.org")
    action, data = edit_form(client, tag_id)
    del data["csrf_token"]
    assert client.post(action, data=data | {"out": "1.2"}).status_code == 400
    with demo_catalog() as session:
        assert session.get(Annotation, tag_id).end_ms == 2000


def test_a_stale_save_keeps_the_losers_text_beside_the_winners(client, demo_catalog, login_as):
    login_as("editor")
    tag_id = a_tag(demo_catalog, note="first")
    action, data = edit_form(client, tag_id)
    assert client.post(action, data=data | {"note": "theirs\r\nsecond line"}).status_code == 302
    stale = client.post(action, data=data | {"note": "mine, typed at length"})
    assert stale.status_code == 200  # the form to go on with (conflicts.py)
    page = soup(stale)
    assert page.h1.get_text() == "Someone saved this while you were editing"
    row = page.select_one("tr[data-field=note]")
    assert row.select_one(".theirs").get_text(strip=True) == "theirs\nsecond line"
    assert row.select_one(".yours textarea").get_text() == "mine, typed at length"
    resend = {i["name"]: i.get("value", "") for i in page.select("form.conflict-form input")}
    resend |= {t["name"]: t.get_text() for t in page.select("form.conflict-form .yours textarea")}
    assert client.post(action, data=resend).status_code == 302
    with demo_catalog() as session:
        assert session.get(Annotation, tag_id).note == "mine, typed at length"


def test_text_saves_keep_lf_and_an_unchanged_save_leaves_no_history(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    url = f"/media/{MEDIA}/segments/en-1"
    form = soup(client.get(url)).select_one("form.segment-form")
    data = {
        i["name"]: i.get("value", "") for i in form.select("input") if i.get("type") != "checkbox"
    }
    data |= {t["name"]: t.get_text() for t in form.select("textarea")}
    text = "Two lines,\r\nas a browser sends them"
    assert client.post(url, data=data | {"text": text}).status_code == 302
    with demo_catalog() as session:
        segment = session.scalar(select(Segment).where(Segment.text.like("Two lines,%")))
        assert segment.text == "Two lines,\nas a browser sends them"
        events = len(audit.history(session, "segment", segment.id))
    form = soup(client.get(url)).select_one("form.segment-form")
    again = {
        i["name"]: i.get("value", "") for i in form.select("input") if i.get("type") != "checkbox"
    }
    again |= {t["name"]: t.get_text().replace("\n", "\r\n") for t in form.select("textarea")}
    assert client.post(url, data=again).status_code == 302
    with demo_catalog() as session:
        assert len(audit.history(session, "segment", segment.id)) == events
        assert session.get(Segment, segment.id).version == 2


def test_a_range_moved_over_a_restricted_passage_is_hidden_from_the_public(
    client, demo_catalog, login_as
) -> None:
    login_as("editor")
    tag_id = a_tag(demo_catalog, start_ms=0, end_ms=1000, tag="secret kitchen")
    with demo_catalog() as session:
        segment = session.scalar(
            select(Segment).where(Segment.position == 5).join(Segment.transcript)
        )
        start, end = segment.start_ms, segment.end_ms
    url = f"/media/{MEDIA}/segments/en-5"
    form = soup(client.get(url)).select_one("form.segment-form")
    data = {
        i["name"]: i.get("value", "") for i in form.select("input") if i.get("type") != "checkbox"
    }
    data |= {t["name"]: t.get_text() for t in form.select("textarea")}
    client.post(url, data=data | {"restricted": "1", "restriction_note": "withdrawn"})
    action, tag_form = edit_form(client, tag_id)
    client.post(action, data=tag_form | {"in": f"{start / 1000:g}", "out": f"{end / 1000:g}"})
    assert "secret kitchen" in soup(client.get(f"/media/{MEDIA}")).get_text()  # editors see it
    client.post("/logout", data={"csrf_token": tag_form["csrf_token"]})
    public = soup(client.get(f"/media/{MEDIA}"))
    assert "secret kitchen" not in public.get_text()
    assert not [a for a in public.select("p.tags a") if f"{start / 1000:g}" in a["href"]]
