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


def builder_fields(client, token: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The builder's one form as a browser would send it untouched: {name: value or [values]}."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(f"/guides/{token}/edit").get_data(as_text=True), "html.parser")
    form = page.select_one("form#guide-builder")
    fields: dict = {}  # type: ignore[type-arg]
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            value = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            value = chosen["value"]
        else:
            value = field.get("value", "")
        if field.get("type") == "checkbox":
            fields.setdefault(name, []).append(value)
        else:
            fields[name] = value
    return fields


def section_ids(sessions, token: str) -> list[int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from media_catalog.models import Guide

    with sessions() as session:
        return [s.id for s in session.scalar(select(Guide).where(Guide.token == token)).sections]
