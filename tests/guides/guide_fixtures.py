"""Helpers the guide tests share (the chaptered_catalog fixture is in tests/conftest.py)."""

from __future__ import annotations


def draft_through_web(client, csrf, title: str = "") -> str:  # type: ignore[no-untyped-def]
    """A host's "Draft a guide" form posted; returns the new guide's token."""
    response = client.post(
        "/guides/new", data={"film": "refusenik", "title": title, "csrf_token": csrf()}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert location.startswith("/guides/") and location.endswith("/edit")
    return location.split("/")[2]
