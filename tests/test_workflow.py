"""The indexing workflow: statuses with who and when, audited; the board lists items by status."""

import pytest
from bs4 import BeautifulSoup
from conftest import csrf_token_of
from sqlalchemy import select

from media_catalog import audit
from media_catalog.accounts import add_user
from media_catalog.db import transaction
from media_catalog.editing import workflow
from media_catalog.errors import CatalogError
from media_catalog.models import MediaItem, User

MEDIA = "interview-historian"


def test_moving_an_item_records_who_and_when(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        ann = add_user(session, "ann@example.org", "a long enough secret", "editor")
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        assert item.indexing_status == "not_started"
        workflow.set_status(session, ann, item, "in_progress")
        with pytest.raises(CatalogError, match="unknown status 'done'"):
            workflow.set_status(session, ann, item, "done")
    with demo_catalog() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == MEDIA))
        assert (item.indexing_status, item.status_by, item.version) == (
            "in_progress",
            "ann@example.org",
            1,
        )
        assert item.status_at is not None
        [event] = audit.history(session, "media_item", item.id)
        assert (event.before["status"], event.after["status"]) == ("not_started", "in_progress")
        columns = workflow.items_by_status(session, session.scalar(select(User)))
        assert [status for status, _label, _items in columns] == list(workflow.STATUSES)
        in_progress = dict((s, items) for s, _l, items in columns)["in_progress"]
        assert [i.slug for i in in_progress] == [MEDIA]
        public = [
            i.slug for _s, _l, items in workflow.items_by_status(session, None) for i in items
        ]
        assert "refusenik-seminar-moscow-flat-circa-1978" not in public


def test_the_board_moves_items(client, demo_catalog, login_as) -> None:
    login_as("editor")
    client.post(
        f"/workflow/{MEDIA}",
        data={"csrf_token": csrf_token_of(client), "status": "ready_for_review"},
    )
    soup = BeautifulSoup(client.get("/workflow").get_data(as_text=True), "html.parser")
    ready = soup.select_one("section#ready_for_review")
    [row] = ready.select("ul.workflow-items li")
    assert (
        row.a["href"] == f"/media/{MEDIA}"
        and "editor@example.org" in row.select_one(".by").get_text()
    )
    assert len(soup.select("section#not_started ul.workflow-items li")) > 5


def test_the_board_and_its_message_speak_russian_and_hebrew(client, demo_catalog, login_as) -> None:
    login_as("editor")
    moved = client.post(
        f"/workflow/{MEDIA}",
        data={"csrf_token": csrf_token_of(client), "status": "complete"},
        headers={"Accept-Language": "ru"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Ход индексирования" in moved and "Готово</option>" in moved and ": Готово." in moved
    board = client.get("/workflow", headers={"Accept-Language": "he"}).get_data(as_text=True)
    soup = BeautifulSoup(board, "html.parser")
    assert soup.select_one("section#in_progress h2").get_text().startswith("בעבודה")
    assert "Not started" not in board
