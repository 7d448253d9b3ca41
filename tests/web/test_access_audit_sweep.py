"""Who read restricted material, answered for every route: the restricted-material sweep's
addresses that name the demo's restricted clip, read by an editor and by a granted viewer;
each answer that serves it (pages, API, IIIF, OHMS, captions, media bytes, identifiers) leaves
an audit row for that clip. Reading the public interview leaves none."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from test_restricted_sweep import add_published_guide, every_get_url

from media_catalog import audit
from media_catalog.db import transaction
from media_catalog.models import AuditEvent, MediaItem

RESTRICTED = "refusenik-seminar-moscow-flat-circa-1978"
PUBLIC = "interview-historian"


def _noted(sessions, slug: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        events = audit.search(session, what="restricted-access")
        return [(e.actor, e.action) for e in events if e.object_id.split("/")[0] == slug]


def _clear(sessions) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        session.execute(delete(AuditEvent))


def _read(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """GET `url` to the end (a media file is streamed) and close it; its status."""
    with client.get(url) as response:
        response.get_data()
        return response.status_code


def _urls_naming(app, sessions, slug: str) -> list[str]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        pid = session.scalar(select(MediaItem.pid).where(MediaItem.slug == slug))
        return [u for u in every_get_url(app, session) if slug in u or pid in u]


@pytest.mark.parametrize("reader", ["editor", "granted viewer"])
def test_every_route_serving_restricted_material_audits_the_reading(
    app, client, demo_catalog, login_as, reader
) -> None:
    add_published_guide(demo_catalog)
    email = login_as("editor" if reader == "editor" else "viewer")
    if reader == "granted viewer":
        from media_catalog import grants

        with transaction(demo_catalog) as session:
            grants.grant_access(session, email, RESTRICTED, note="research")
    urls = _urls_naming(app, demo_catalog, RESTRICTED)
    assert len(urls) > 10
    served, silent = [], []
    for url in urls:
        _clear(demo_catalog)
        if _read(client, url) not in (200, 206):
            continue
        served.append(url)
        if not any(actor == email for actor, _action in _noted(demo_catalog, RESTRICTED)):
            silent.append(url)
    assert len(served) > 5 and silent == []


def test_reading_public_material_audits_nothing(app, client, demo_catalog, login_as) -> None:
    login_as("viewer")
    for url in _urls_naming(app, demo_catalog, PUBLIC):
        client.get(url)
    assert _noted(demo_catalog, PUBLIC) == []


def test_an_admin_reading_a_redacted_original_is_audited_and_an_editor_not(
    app, client, sessions, media_root, login_as
) -> None:
    """The original of an item with a redaction in force reaches admins only: each reading of it
    is on the audit trail; an editor gets the access copy, which hides the passage."""
    from redactionkit import SLUG, add_bright_item, redact

    add_bright_item(sessions, media_root)
    redact(app)
    _clear(sessions)
    login_as("editor")
    assert _read(client, f"/media/{SLUG}/file/original") == 200  # the access copy
    assert _noted(sessions, SLUG) == []
    login_as("admin")
    assert _read(client, f"/media/{SLUG}/file/original") == 200
    assert _read(client, f"/api/v1/media/{SLUG}") == 200
    assert sorted(_noted(sessions, SLUG)) == [
        ("admin@example.org", "download_restricted"),
    ]
