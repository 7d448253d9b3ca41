"""The redaction panel: editors and admins redact and remove with CSRF-protected forms, each
change audited and the access copy queued; viewers and visitors cannot; errors name the field."""

from pathlib import Path

import pytest
from redactionkit import SLUG, add_bright_item
from sqlalchemy import select

from media_catalog.formats import media
from media_catalog.models import AuditEvent, Redaction

pytestmark = pytest.mark.skipif(not media.ffmpeg_available(), reason="needs ffmpeg")

ADD = f"/media/{SLUG}/redactions"


@pytest.fixture
def bright(app, sessions, media_root):  # type: ignore[no-untyped-def]
    add_bright_item(sessions, media_root)
    return app


def _redactions(sessions) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return [(r.start_ms, r.end_ms) for r in session.scalars(select(Redaction))]


def test_editor_redacts_and_removes(bright, client, login_as, csrf, sessions) -> None:
    login_as("editor")
    page = client.get(f"/media/{SLUG}").get_data(as_text=True)
    assert 'id="redactions"' in page
    done = client.post(
        ADD, data={"csrf_token": csrf(), "in": "3", "out": "5", "lapses": "2099-01-01"}
    )
    assert done.status_code == 302
    assert _redactions(sessions) == [(3_000, 5_000)]
    assert len(list((Path(bright.config["CACHE_DIR"]) / "access").iterdir())) == 1
    page = client.get(f"/media/{SLUG}").get_data(as_text=True)
    assert "embargoed until Jan 1, 2099, 00:00 UTC" in page and "The access copy is ready." in page
    hebrew = client.get(f"/media/{SLUG}", headers={"Accept-Language": "he"}).get_data(as_text=True)
    assert "באמברגו עד 1 בינו׳ 2099, 0:00 UTC" in hebrew and "עותק הגישה מוכן." in hebrew
    with sessions() as session:
        [found] = session.scalars(select(Redaction)).all()
    client.post(f"{ADD}/{found.id}/remove", data={"csrf_token": csrf()})
    assert _redactions(sessions) == []
    assert list((Path(bright.config["CACHE_DIR"]) / "access").iterdir()) == []
    with sessions() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    # (reading the page between them is on the trail too: editors read the redacted words)
    assert [a for a in actions if a in ("redact", "unredact")][-2:] == ["redact", "unredact"]


@pytest.mark.parametrize("role", [None, "viewer", "host"])
def test_others_cannot_redact(bright, client, login_as, csrf, sessions, role) -> None:
    if role:
        login_as(role)
    refused = client.post(ADD, data={"csrf_token": csrf(), "in": "3", "out": "5"})
    assert refused.status_code in (302, 403, 404)
    if refused.status_code == 302:
        assert "/login" in refused.headers["Location"]
    assert _redactions(sessions) == []
    assert 'id="redactions"' not in client.get(f"/media/{SLUG}").get_data(as_text=True)


def test_without_csrf_nothing_changes(bright, client, login_as, sessions) -> None:
    login_as("editor")
    assert client.post(ADD, data={"in": "3", "out": "5"}).status_code == 400
    assert _redactions(sessions) == []


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"in": "5", "out": "3"}, "end: must be after the start"),
        ({"in": "x", "out": "3"}, "in: give a time in seconds"),
        ({"in": "1", "out": "3", "lapses": "soon"}, "lapses: give a date as 2031-01-01"),
        ({"in": "1", "out": "3", "lapses": "2001-01-01"}, "lapses: the embargo end must be"),
    ],
)
def test_bad_input_names_the_field(bright, client, login_as, csrf, sessions, form, message) -> None:
    login_as("editor")
    page = client.post(ADD, data={"csrf_token": csrf(), **form}, follow_redirects=True)
    assert message in page.get_data(as_text=True)
    assert _redactions(sessions) == []


def test_a_copy_that_cannot_be_made_says_why_and_keeps_the_media_withheld(
    bright, client, login_as, csrf, media_root
) -> None:
    (media_root / "bright.mp4").unlink()
    login_as("editor")
    client.post(ADD, data={"csrf_token": csrf(), "in": "3", "out": "5"})
    page = client.get(f"/media/{SLUG}").get_data(as_text=True)
    assert "The access copy could not be made" in page
    assert "bright-clip: no media file to make an access copy from" in page
    assert client.get(f"/media/{SLUG}/file/original").status_code == 404


def test_the_flash_speaks_the_editors_language(bright, client, login_as, csrf, sessions) -> None:
    login_as("editor")
    form = {"csrf_token": csrf(), "in": "1", "out": "3", "lapses": "soon"}
    client.post(ADD, data=form, headers={"Accept-Language": "ru"})
    page = client.get(f"/media/{SLUG}", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Скрытие не сохранено" in page and "укажите дату в виде 2031-01-01" in page
    assert _redactions(sessions) == []
