"""Guide fixtures: the demo catalog with the demo film's chapters, and a guide drafted from it
by a host through the web."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from media_catalog import chapters
from media_catalog.config import PROJECT_ROOT
from media_catalog.db import transaction
from media_catalog.models import Film

DEMO_CHAPTERS = PROJECT_ROOT / "chapters" / "refusenik.vtt"


@pytest.fixture
def chaptered_catalog(demo_catalog):  # type: ignore[no-untyped-def]
    with transaction(demo_catalog) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        chapters.import_webvtt_chapters(session, None, film, DEMO_CHAPTERS)
    return demo_catalog


def draft_through_web(client, csrf, title: str = "") -> str:  # type: ignore[no-untyped-def]
    """A host's "Draft a guide" form posted; returns the new guide's token."""
    response = client.post(
        "/guides/new", data={"film": "refusenik", "title": title, "csrf_token": csrf()}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert location.startswith("/guides/") and location.endswith("/edit")
    return location.split("/")[2]
