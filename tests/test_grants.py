"""Access grants: an admin lets one user see one restricted media item, and withdraws it."""

import pytest
from sqlalchemy import select

from media_catalog import access, catalog, grants
from media_catalog.accounts import AccountError, add_user
from media_catalog.db import transaction
from media_catalog.errors import NotFound
from media_catalog.models import AuditEvent, User

RESTRICTED = "refusenik-seminar-moscow-flat-circa-1978"
PASSWORD = "a long enough secret"


@pytest.fixture
def researcher(demo_catalog) -> str:
    with transaction(demo_catalog) as session:
        add_user(session, "researcher@example.org", PASSWORD, "viewer")
        add_user(session, "other@example.org", PASSWORD, "viewer")
    return "researcher@example.org"


def user(session, email):  # type: ignore[no-untyped-def]
    return session.scalar(select(User).where(User.email == email))


def test_a_grant_opens_one_item_to_one_user_until_withdrawn(demo_catalog, researcher) -> None:
    with demo_catalog() as session, pytest.raises(NotFound):
        catalog.media_item(session, user(session, researcher), RESTRICTED)
    with transaction(demo_catalog) as session:
        grants.grant_access(session, researcher, RESTRICTED, note="thesis on the seminars")
    with demo_catalog() as session:
        item = catalog.media_item(session, user(session, researcher), RESTRICTED)
        assert item.slug == RESTRICTED
        visible = {
            i.slug
            for i in session.scalars(
                select(type(item)).where(access.media_visible(user(session, researcher)))
            )
        }
        assert RESTRICTED in visible and "refusenik-gathering-ovrashki-1970s" not in visible
        with pytest.raises(NotFound):
            catalog.media_item(session, user(session, "other@example.org"), RESTRICTED)
        with pytest.raises(NotFound):
            catalog.media_item(session, None, RESTRICTED)
    with transaction(demo_catalog) as session:
        grants.withdraw_access(session, researcher, RESTRICTED)
    with demo_catalog() as session:
        with pytest.raises(NotFound):
            catalog.media_item(session, user(session, researcher), RESTRICTED)
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.object_type == "access_grant")
        ).all()
        assert [(e.action, e.actor) for e in events] == [("create", "cli"), ("delete", "cli")]
        assert events[0].after["note"] == "thesis on the seminars"


def test_a_grant_covers_the_items_restricted_passages(demo_catalog, researcher) -> None:
    slug = "interview-refusenik"
    with demo_catalog() as session:
        item = catalog.media_item(session, None, slug)
        public = sum(
            len(catalog.visible_segments(session, None, t))
            for t in catalog.transcripts_of(session, None, item)
        )
        editor_view = sum(
            len(catalog.visible_segments(session, User(role="editor"), t))
            for t in catalog.transcripts_of(session, User(role="editor"), item)
        )
    assert editor_view > public
    with demo_catalog() as session, pytest.raises(AccountError, match="not restricted"):
        grants.grant_access(session, researcher, slug)
    with transaction(demo_catalog) as session:
        grants.grant_access(session, researcher, "refusenik-gathering-ovrashki-1970s")
        with pytest.raises(AccountError, match="already has access"):
            grants.grant_access(session, researcher, "refusenik-gathering-ovrashki-1970s")


def test_grant_commands(runner, demo_catalog, researcher) -> None:
    result = runner.invoke(args=["grant", "add", researcher, RESTRICTED, "--note", "thesis"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["grant", "list"]).output.splitlines()
    assert listing[0].split("\t")[:3] == [researcher, RESTRICTED, "cli"]
    assert runner.invoke(args=["grant", "withdraw", researcher, RESTRICTED]).exit_code == 0
    assert runner.invoke(args=["grant", "list"]).output.strip() == "No access grants."
    missing = runner.invoke(args=["grant", "withdraw", researcher, RESTRICTED])
    assert missing.exit_code == 1 and "has no access grant" in missing.output


def test_admin_grants_and_withdraws_on_the_page(client, demo_catalog, researcher, login_as) -> None:
    from bs4 import BeautifulSoup
    from conftest import csrf_token_of

    login_as("admin")
    token = csrf_token_of(client)
    client.post(
        "/admin/grants", data={"csrf_token": token, "email": researcher, "media": RESTRICTED}
    )
    soup = BeautifulSoup(client.get("/admin/grants").get_data(as_text=True), "html.parser")
    rows = [
        [td.get_text(strip=True) for td in tr.select("td")][:3]
        for tr in soup.select("table.grants tbody tr")
    ]
    assert len(rows) == 1 and rows[0][0] == researcher and rows[0][2] == "admin@example.org"
    client.post(
        "/admin/grants/withdraw",
        data={"csrf_token": token, "email": researcher, "media": RESTRICTED},
    )
    soup = BeautifulSoup(client.get("/admin/grants").get_data(as_text=True), "html.parser")
    assert not soup.select("table.grants")
