"""Consent where material is used, through the web: the consent panel and signed form (editors
only), a reel's public share, its broadcast exports (and an admin's audited override), a guide
shared for screenings; and the audit's answers on the admin page and the command line."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog import audit, reels
from media_catalog.db import transaction
from media_catalog.models import (
    Annotation,
    AuditEvent,
    Consent,
    Entity,
    Guide,
    MediaItem,
    Reel,
    User,
)

sys.path.insert(0, str(Path(__file__).parent.parent / "guides"))  # guide_fixtures

INTERVIEW = "interview-refusenik"
NARRATOR = "natan-sharansky"
RESTRICTED = "refusenik-seminar-moscow-flat-circa-1978"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def narrated(app, demo_catalog):  # type: ignore[no-untyped-def]
    """The demo catalog, consent required, Natan Sharansky the refusenik interview's narrator,
    and none of the consents the demo's sidecars record (these tests record their own)."""
    app.config["CONSENT_UNRECORDED"] = "refuse"
    with transaction(demo_catalog) as session:
        for record in session.scalars(select(Consent)):
            session.delete(record)
        item = session.scalar(select(MediaItem).where(MediaItem.slug == INTERVIEW))
        person = session.scalar(select(Entity).where(Entity.slug == NARRATOR))
        session.add(
            Annotation(
                media_item_id=item.id,
                start_ms=0,
                end_ms=5_000,
                entity_id=person.id,
                role="speaking",
                origin="editor",
                status="confirmed",
            )
        )
    return demo_catalog


def _record_consent(client, csrf, uses, **fields):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": csrf(),
        "person": NARRATOR,
        "uses": uses,
        "given_on": "2020-01-01",
        "next": f"/media/{INTERVIEW}",
        **fields,
    }
    return client.post("/consents", data=data, content_type="multipart/form-data")


def _reel_of(sessions, email: str, slugs=(INTERVIEW,)) -> str:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        owner = session.scalar(select(User).where(User.email == email))
        reel = reels.create_reel(session, owner, "Selects")
        for slug in slugs:
            reels.add_entry(session, owner, reel, slug, 1_000, 6_000)
        return reel.slug


def _messages(client) -> str:  # type: ignore[no-untyped-def]
    page = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    return " ".join(m.get_text(" ", strip=True) for m in page.select(".messages p.notice"))


def test_editors_record_consent_with_its_form_and_only_they_see_it(
    app, client, csrf, narrated, login_as
) -> None:
    login_as("viewer")
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").get_data(as_text=True), "html.parser")
    assert page.select_one("section#consent") is None
    assert _record_consent(client, csrf, ["public_web"]).status_code == 403
    login_as("editor")
    response = _record_consent(
        client, csrf, ["public_web", "screening"], form=(io.BytesIO(PDF), "release.pdf")
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#consent")
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").get_data(as_text=True), "html.parser")
    panel = page.select_one("section#consent")
    coverage = {li["data-use"]: li.get_text(" ", strip=True) for li in panel.select("li[data-use]")}
    assert coverage["public_web"].endswith("covered") and "not covered" not in coverage["screening"]
    assert "not covered" in coverage["broadcast"] and "Natan Sharansky" in coverage["broadcast"]
    hebrew = client.get(f"/media/{INTERVIEW}", headers={"Accept-Language": "he"})
    panel_he = BeautifulSoup(hebrew.get_data(as_text=True), "html.parser").select_one("#consent")
    assert panel_he.select_one("h2").get_text() == "הסכמה"
    assert "לא מכוסה" in panel_he.select_one("li[data-use=broadcast]").get_text()
    link = panel.select_one("table.consent-records a[href^='/consents/']")
    assert link.get_text() == "release.pdf"
    download = client.get(link["href"])
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()  # a file response holds its file open until closed
    person_page = BeautifulSoup(
        client.get(f"/entities/{NARRATOR}").get_data(as_text=True), "html.parser"
    )
    assert person_page.select_one("section#consent tr[data-consent]") is not None
    href = link["href"]
    login_as("viewer", "reader@example.org")
    assert client.get(href).status_code == 403
    client.post("/logout", data={"csrf_token": csrf()})
    assert client.get(href).status_code == 302  # sign in first


def test_a_refused_consent_form_says_which_field(client, csrf, narrated, login_as) -> None:
    with narrated() as session:
        before = len(audit.search(session, what="consent"))  # the demo import's records
    login_as("editor")
    _record_consent(client, csrf, ["broadcast"], given_on="yesterday")
    message = _messages(client)
    assert "given_on" in message and "yesterday" in message
    _record_consent(client, csrf, ["broadcast"], form=(io.BytesIO(b"<html>"), "form.html"))
    assert "not a PDF, PNG or JPEG" in _messages(client)
    with narrated() as session:
        assert len(audit.search(session, what="consent")) == before
        assert session.scalar(select(Consent)) is None


def test_withdrawing_a_consent_takes_its_cover_away(client, csrf, narrated, login_as) -> None:
    login_as("editor")
    _record_consent(client, csrf, ["public_web"])
    slug = _reel_of(narrated, "editor@example.org")
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").get_data(as_text=True), "html.parser")
    withdraw = page.select_one("tr[data-consent] form")["action"]
    client.post(withdraw, data={"csrf_token": csrf(), "next": f"/media/{INTERVIEW}"})
    client.post(f"/reels/{slug}/share", data={"csrf_token": csrf()})
    with narrated() as session:
        assert session.scalar(select(Reel.share_token).where(Reel.slug == slug)) is None


def test_a_public_share_needs_public_web_consent(client, csrf, narrated, login_as) -> None:
    login_as("editor")
    slug = _reel_of(narrated, "editor@example.org")
    _record_consent(client, csrf, ["research"])
    response = client.post(f"/reels/{slug}/share", data={"csrf_token": csrf()})
    assert response.status_code == 302
    message = _messages(client)
    assert "not consented for public web" in message and "research only" in message
    with narrated() as session:
        assert session.scalar(select(Reel.share_token).where(Reel.slug == slug)) is None
    _record_consent(client, csrf, ["public_web"], given_on="2021-01-01")
    client.post(f"/reels/{slug}/share", data={"csrf_token": csrf()})
    with narrated() as session:
        token = session.scalar(select(Reel.share_token).where(Reel.slug == slug))
    assert token and client.get(f"/shared/{token}").status_code == 200


def test_an_archival_only_reel_needs_no_consent(client, csrf, narrated, login_as) -> None:
    login_as("editor")
    slug = _reel_of(narrated, "editor@example.org", ("sharansky-glienicke-bridge-1986-02-11",))
    client.post(f"/reels/{slug}/share", data={"csrf_token": csrf()})
    assert client.get(f"/reels/{slug}/export.edl").status_code == 200
    with narrated() as session:
        assert session.scalar(select(Reel.share_token).where(Reel.slug == slug))


@pytest.mark.parametrize("fmt", ["edl", "fcpxml", "otio", "csv"])
def test_broadcast_exports_are_refused_without_broadcast_consent(
    client, csrf, narrated, login_as, fmt
) -> None:
    login_as("editor")
    slug = _reel_of(narrated, "editor@example.org")
    _record_consent(client, csrf, ["public_web", "screening"])
    response = client.get(f"/reels/{slug}/export.{fmt}")
    assert response.status_code == 302 and response.headers["Location"].endswith("#export-h")
    assert "not consented for broadcast" in _messages(client)
    _record_consent(client, csrf, ["broadcast"])
    assert client.get(f"/reels/{slug}/export.{fmt}").status_code == 200


def test_subclip_exports_are_refused_without_broadcast_consent(
    client, csrf, narrated, login_as
) -> None:
    login_as("editor")
    slug = _reel_of(narrated, "editor@example.org")
    client.post(f"/reels/{slug}/subclips", data={"csrf_token": csrf(), "mode": "copy"})
    assert "not consented for broadcast" in _messages(client)
    with narrated() as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.object_type == "job")) is None


def test_only_an_admin_overrides_an_export_and_the_reason_is_audited(
    client, csrf, narrated, login_as
) -> None:
    login_as("editor")
    mine = _reel_of(narrated, "editor@example.org")
    form = {"fmt": "edl", "override": "1", "override_reason": "Estate approved by letter"}
    assert (
        client.post(f"/reels/{mine}/export", data={**form, "csrf_token": csrf()}).status_code == 403
    )
    editors_page = BeautifulSoup(client.get(f"/reels/{mine}").get_data(as_text=True), "html.parser")
    assert editors_page.select("[name=override_reason]") == []
    login_as("admin")
    slug = _reel_of(narrated, "admin@example.org")
    page = BeautifulSoup(client.get(f"/reels/{slug}").get_data(as_text=True), "html.parser")
    override_form = page.select_one("form.export-override")
    assert override_form["action"] == f"/reels/{slug}/export"
    assert {f["name"] for f in override_form.select("[name]")} >= {
        "csrf_token",
        "fmt",
        "override",
        "override_reason",
    }
    # The share and sub-clip forms carry the same fields for an admin.
    assert len(page.select("fieldset.consent-override")) == 3
    blank = client.post(
        f"/reels/{slug}/export", data={**form, "override_reason": " ", "csrf_token": csrf()}
    )
    assert blank.status_code == 302 and "override_reason" in _messages(client)
    without = client.post(f"/reels/{slug}/export", data={"fmt": "edl", "csrf_token": csrf()})
    assert without.status_code == 302 and "not consented for broadcast" in _messages(client)
    response = client.post(f"/reels/{slug}/export", data={**form, "csrf_token": csrf()})
    assert response.status_code == 200 and b"TITLE:" in response.data
    with narrated() as session:
        [event] = audit.search(session, what="consent-overrides")
    assert (event.actor, event.object_id, event.note) == (
        "admin@example.org",
        slug,
        "Estate approved by letter",
    )
    assert event.after["not_covered"] == [
        {"item": INTERVIEW, "narrator": "Natan Sharansky", "reason": "no consent on record"}
    ]
    assert client.post(f"/reels/{slug}/export", data=form).status_code == 400  # no CSRF token


def _guide_quoting_the_interview(client, csrf, sessions) -> str:  # type: ignore[no-untyped-def]
    """A guide drafted by the signed-in editor, quoting the narrated interview; its token."""
    from guide_fixtures import draft_through_web

    from media_catalog import guides

    token = draft_through_web(client, csrf, "Evening screening")
    with transaction(sessions) as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        host = session.scalar(select(User).where(User.email == "editor@example.org"))
        item = session.scalar(select(MediaItem).where(MediaItem.slug == INTERVIEW))
        guides.add_moment(session, host, guide, guide.sections[0].id, item, 1_000, 6_000)
    return token


def _publish(client, token: str):  # type: ignore[no-untyped-def]
    from guide_fixtures import builder_fields

    fields = builder_fields(client, token)
    return client.post(f"/guides/{token}/edit", data={**fields, "visibility": "published"})


def test_a_guide_is_shared_for_screenings_only_with_screening_consent(
    client, csrf, narrated, login_as
) -> None:
    login_as("editor")
    _record_consent(client, csrf, ["research"])
    token = _guide_quoting_the_interview(client, csrf, narrated)
    response = _publish(client, token)
    assert response.status_code == 422
    assert "not consented for screening" in response.get_data(as_text=True)
    with narrated() as session:
        assert session.scalar(select(Guide.visibility).where(Guide.token == token)) == "private"
    _record_consent(client, csrf, ["screening"])
    _publish(client, token)
    with narrated() as session:
        assert session.scalar(select(Guide.visibility).where(Guide.token == token)) == "published"


def test_who_saw_restricted_material_is_answered(app, client, csrf, narrated, login_as) -> None:
    login_as("viewer")
    assert client.get(f"/media/{RESTRICTED}").status_code == 404
    login_as("editor")
    assert client.get(f"/media/{RESTRICTED}").status_code == 200
    assert client.get(f"/media/{RESTRICTED}").status_code == 200  # one viewing, one row
    client.get("/media/interview-historian")  # nothing restricted in it
    login_as("admin")
    page = BeautifulSoup(
        client.get("/admin/audit?what=restricted-access").get_data(as_text=True), "html.parser"
    )
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("table.audit tbody tr")
    ]
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("editor@example.org", "view_restricted", f"media item {RESTRICTED}")
    ]
    bad = client.get("/admin/audit?since=someday").get_data(as_text=True)
    assert "since" in BeautifulSoup(bad, "html.parser").select_one("[role=alert]").get_text()
    result = app.test_cli_runner().invoke(
        args=["audit", "--what", "restricted-access", "--who", "editor@example.org"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split("\t")[1:4] == [
        "editor@example.org",
        "view_restricted",
        f"media_item {RESTRICTED}",
    ]
    refused = app.test_cli_runner().invoke(args=["audit", "--what", "everything"])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "what: 'everything' is not one of" in refused.output


def test_reel_edits_are_audited(client, csrf, narrated, login_as) -> None:
    login_as("editor")
    slug = _reel_of(narrated, "editor@example.org")
    client.post(f"/reels/{slug}/rename", data={"csrf_token": csrf(), "name": "Final cut"})
    with narrated() as session:
        events = audit.search(session, what="reels")
    assert [e.action for e in reversed(events)] == ["create", "add_entry", "rename"]
    assert events[0].after["was"] == {"name": "Selects", "slug": slug}


def test_an_admin_publishes_a_guide_past_missing_consent_with_a_reason(
    client, csrf, narrated, login_as
) -> None:
    from guide_fixtures import builder_fields, draft_through_web

    from media_catalog import guides

    login_as("admin")
    token = draft_through_web(client, csrf, "Festival screening")
    with transaction(narrated) as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        admin = session.scalar(select(User).where(User.email == "admin@example.org"))
        item = session.scalar(select(MediaItem).where(MediaItem.slug == INTERVIEW))
        guides.add_moment(session, admin, guide, guide.sections[0].id, item, 1_000, 6_000)
        guide_id = guide.id
    fields = builder_fields(client, token)
    assert "override_reason" in fields
    published = {**fields, "visibility": "published", "override": "1"}
    refused = client.post(f"/guides/{token}/edit", data={**published, "override_reason": ""})
    assert refused.status_code == 422 and "override_reason" in refused.get_data(as_text=True)
    reason = "Narrator present at the festival, consent form on its way"
    client.post(f"/guides/{token}/edit", data={**published, "override_reason": reason})
    with narrated() as session:
        assert session.scalar(select(Guide.visibility).where(Guide.token == token)) == "published"
        [event] = audit.search(session, what="consent-overrides")
    assert (event.object_type, event.object_id, event.note) == ("guide", str(guide_id), reason)
    assert event.after["use"] == "screening"


def test_consent_withdrawn_after_sharing_takes_its_entries_out_of_the_link(
    app, client, csrf, narrated, login_as
) -> None:
    login_as("editor")
    _record_consent(client, csrf, ["public_web"])
    slug = _reel_of(
        narrated, "editor@example.org", (INTERVIEW, "sharansky-glienicke-bridge-1986-02-11")
    )
    client.post(f"/reels/{slug}/share", data={"csrf_token": csrf()})
    with narrated() as session:
        token = session.scalar(select(Reel.share_token).where(Reel.slug == slug))
    visitor = app.test_client()

    def titles() -> list[str]:
        page = BeautifulSoup(visitor.get(f"/shared/{token}").get_data(as_text=True), "html.parser")
        return [li.select_one("span[dir]").get_text() for li in page.select("ol.shared-entries li")]

    with narrated() as session:
        interview, bridge = (
            session.scalar(select(MediaItem.title).where(MediaItem.slug == s))
            for s in (INTERVIEW, "sharansky-glienicke-bridge-1986-02-11")
        )
    assert titles() == [interview, bridge]
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").get_data(as_text=True), "html.parser")
    withdraw = page.select_one("tr[data-consent] form")["action"]
    client.post(withdraw, data={"csrf_token": csrf(), "next": f"/media/{INTERVIEW}"})
    assert titles() == [bridge]
    assert visitor.get(f"/shared/{token}/1.mp4").status_code == 404  # the interview's entry
    # An admin's override for the share keeps it whole, until the share stops.
    with transaction(narrated) as session:
        audit.record(
            session,
            "admin@example.org",
            "consent_override",
            "reel",
            slug,
            after={"use": "public_web", "not_covered": []},
            note="screening partner's web page",
        )
    assert titles() == [interview, bridge]
    with transaction(narrated) as session:
        audit.record(session, "editor@example.org", "unshare", "reel", slug)
    assert titles() == [bridge]


def test_a_guide_printed_for_a_screening_needs_screening_consent(
    client, csrf, narrated, login_as
) -> None:
    from guide_fixtures import draft_through_web

    from media_catalog import guides

    login_as("editor")
    _record_consent(client, csrf, ["education"])
    token = draft_through_web(client, csrf, "Classroom print")
    with transaction(narrated) as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        host = session.scalar(select(User).where(User.email == "editor@example.org"))
        item = session.scalar(select(MediaItem).where(MediaItem.slug == INTERVIEW))
        guides.add_moment(session, host, guide, guide.sections[0].id, item, 1_000, 6_000)
        guide_id = guide.id
    refused = client.get(f"/guides/{token}/guide.pdf")
    assert refused.status_code == 403
    message = BeautifulSoup(refused.get_data(as_text=True), "html.parser").get_text(" ")
    assert "not consented for screening" in message and "education" in message
    assert "Traceback" not in message
    with transaction(narrated) as session:  # an admin's override for this guide stands
        audit.record(
            session,
            "admin@example.org",
            "consent_override",
            "guide",
            str(guide_id),
            after={"use": "screening", "not_covered": []},
            note="screening for the narrator's family",
        )
    printed = client.get(f"/guides/{token}/guide.pdf")
    assert printed.status_code == 200 and printed.data.startswith(b"%PDF")


def test_a_shared_range_needs_public_web_consent(client, csrf, narrated, login_as) -> None:
    share = {"from": "0:01", "to": "0:05"}
    refused = client.get(f"/media/{INTERVIEW}", query_string=share)
    assert refused.status_code == 403
    page = BeautifulSoup(client.get(f"/media/{INTERVIEW}").get_data(as_text=True), "html.parser")
    assert page.select_one("form.share-range") is None
    assert page.select_one(".share-range-refused") is not None
    # A link made before the consent lapsed opens the player, without the shared banner.
    banner = client.get(f"/media/{INTERVIEW}?t=1,5&shared=1").get_data(as_text=True)
    assert BeautifulSoup(banner, "html.parser").select_one("section.range") is None
    archival = client.get("/media/sharansky-glienicke-bridge-1986-02-11", query_string=share)
    assert archival.status_code == 302  # footage with no narrator needs no consent
    opened = client.get(archival.headers["Location"]).get_data(as_text=True)
    assert BeautifulSoup(opened, "html.parser").select_one("section.range") is not None
    login_as("editor")
    _record_consent(client, csrf, ["public_web"])
    allowed = client.get(f"/media/{INTERVIEW}", query_string=share)
    assert allowed.status_code == 302 and "shared=1" in allowed.headers["Location"]


def test_a_published_guide_read_after_consent_lapsed_leaves_the_moments_out(
    client, csrf, narrated, login_as
) -> None:
    """Published while consent for screening covered the interview; then the consent ended (its
    last day passed): readers get the guide without those moments, told how many, in HTML and
    Markdown, and no PDF; its editor sees them, with what is no longer covered."""
    login_as("editor")
    _record_consent(client, csrf, ["screening"])
    token = _guide_quoting_the_interview(client, csrf, narrated)
    _publish(client, token)
    moment = f"/media/{INTERVIEW}?t=1,6"
    client.post("/logout", data={"csrf_token": csrf()})
    assert moment in client.get(f"/guides/{token}").get_data(as_text=True)  # covered: shown

    with transaction(narrated) as session:  # the consent's last day was yesterday
        session.scalar(select(Consent)).valid_until = "2020-12-31"
    page = client.get(f"/guides/{token}").get_data(as_text=True)
    assert moment not in page and "1 moment is left out" in page
    markdown = client.get(f"/guides/{token}/guide.md").get_data(as_text=True)
    assert moment not in markdown and "1 moment is left out" in markdown
    assert client.get(f"/guides/{token}/guide.pdf").status_code == 403

    from conftest import PASSWORD

    sign_in = {"email": "editor@example.org", "password": PASSWORD, "csrf_token": csrf()}
    client.post("/login", data=sign_in)  # the guide's own editor sees what to act on
    page = BeautifulSoup(client.get(f"/guides/{token}").get_data(as_text=True), "html.parser")
    assert page.select_one(f'a[href*="{moment}"]') is not None
    warning = page.select_one(".notice.warning").get_text(" ", strip=True)
    assert "consent for screening ended 2020-12-31" in warning
