"""Consent per use (consent.py): what covers a use and what does not, the admin override, the
signed form kept on disk; and the audit trail's questions (audit.search)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from media_catalog import accounts, audit, consent
from media_catalog.db import transaction
from media_catalog.errors import FieldError
from media_catalog.models import Annotation, AuditEvent, Consent, Entity, MediaItem, User

PASSWORD = "correct horse battery staple"
INTERVIEW = "interview-refusenik"
ARCHIVAL = "sharansky-glienicke-bridge-1986-02-11"
NARRATOR = "natan-sharansky"
TODAY = "2026-12-04"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _item(session, slug: str) -> MediaItem:  # type: ignore[no-untyped-def]
    return session.scalar(select(MediaItem).where(MediaItem.slug == slug))


def _person(session, slug: str = NARRATOR) -> Entity:  # type: ignore[no-untyped-def]
    return session.scalar(select(Entity).where(Entity.slug == slug))


def _user(session, role: str) -> User:  # type: ignore[no-untyped-def]
    email = f"{role}@example.org"
    found = session.scalar(select(User).where(User.email == email))
    return found or accounts.add_user(session, email, PASSWORD, role)


@pytest.fixture
def narrated(demo_catalog):  # type: ignore[no-untyped-def]
    """The demo catalog with Natan Sharansky linked as the speaker of the refusenik interview,
    and none of the consents the demo's sidecars record (these tests are about his own)."""
    with transaction(demo_catalog) as session:
        item, person = _item(session, INTERVIEW), _person(session)
        for record in session.scalars(select(Consent)):
            session.delete(record)
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


def _record(session, tmp_path: Path, uses, given=TODAY, until="", item=None, person=None):  # type: ignore[no-untyped-def]
    return consent.record_consent(
        session,
        _user(session, "editor"),
        tmp_path / "consent",
        uses=uses,
        given_on=given,
        valid_until=until,
        item=item,
        person=person,
    )


def test_narrators_are_the_people_speaking(narrated) -> None:
    with narrated() as session:
        assert [p.slug for p in consent.narrators(session, _item(session, INTERVIEW))] == [NARRATOR]
        assert consent.narrators(session, _item(session, ARCHIVAL)) == []


def test_the_demos_sidecar_consents_cover_all_but_one_broadcast(demo_catalog) -> None:
    with demo_catalog() as session:
        covered = _item(session, "interview-historian")
        assert consent.item_gaps(session, covered, "broadcast", TODAY, "refuse") == []
        refused = consent.item_gaps(session, _item(session, INTERVIEW), "broadcast", TODAY)
        assert [(g.item_slug, g.narrator, g.reason) for g in refused] == [
            (INTERVIEW, None, "consent is for education, public web, screening")
        ]
        assert consent.item_gaps(session, _item(session, INTERVIEW), "screening", TODAY) == []


def test_nothing_on_record_refuses_an_interview_unless_the_site_allows_it(demo_catalog) -> None:
    with transaction(demo_catalog) as session:  # as if its sidecar had recorded none
        for record in session.scalars(select(Consent)):
            session.delete(record)
    with demo_catalog() as session:
        item = _item(session, "interview-historian")
        gaps = consent.item_gaps(session, item, "broadcast", TODAY, "refuse")
        assert [(g.item_slug, g.narrator, g.reason) for g in gaps] == [
            ("interview-historian", None, "no consent on record")
        ]
        assert consent.item_gaps(session, item, "broadcast", TODAY, "allow") == []
        # Footage that carries no one's testimony needs no consent.
        assert consent.item_gaps(session, _item(session, ARCHIVAL), "broadcast", TODAY) == []


@pytest.mark.parametrize(
    ("uses", "given", "until", "use", "reason"),
    [
        (["public_web", "broadcast"], "2020-01-01", "", "broadcast", None),
        (["public_web", "broadcast"], "2020-01-01", TODAY, "broadcast", None),  # last day
        (["research"], "2020-01-01", "", "broadcast", "consent is for research only"),
        (["screening"], "2020-01-01", "", "public_web", "consent is for screening"),
        (
            ["broadcast"],
            "2020-01-01",
            "2026-12-03",
            "broadcast",
            "consent for broadcast ended 2026-12-03",
        ),
        (["broadcast"], "2026-12-05", "", "broadcast", "consent for broadcast starts 2026-12-05"),
    ],
)
def test_a_narrators_consent_covers_its_uses_between_its_dates(
    narrated, tmp_path, uses, given, until, use, reason
) -> None:
    with transaction(narrated) as session:
        _record(session, tmp_path, uses, given, until, person=_person(session))
    with narrated() as session:
        gaps = consent.item_gaps(session, _item(session, INTERVIEW), use, TODAY)
        assert [(g.narrator, g.reason) for g in gaps] == (
            [] if reason is None else [("Natan Sharansky", reason)]
        )


def test_an_items_own_consent_narrows_what_its_narrator_allowed(narrated, tmp_path) -> None:
    with transaction(narrated) as session:
        _record(
            session, tmp_path, ["broadcast", "screening"], "2020-01-01", person=_person(session)
        )
        _record(session, tmp_path, ["screening"], "2020-01-01", item=_item(session, INTERVIEW))
    with narrated() as session:
        item = _item(session, INTERVIEW)
        assert consent.item_gaps(session, item, "screening", TODAY) == []
        [gap] = consent.item_gaps(session, item, "broadcast", TODAY)
        assert (gap.narrator, gap.reason) == (None, "consent is for screening")
        # A narrator's consent for another item does not cover this one.
        assert [c.uses for c in consent.consents_for_item(session, item)] == [
            "screening broadcast",
            "screening",
        ]


def test_check_use_refuses_and_only_an_admin_overrides_with_a_reason(narrated, tmp_path) -> None:
    with transaction(narrated) as session:
        _record(session, tmp_path, ["research"], "2020-01-01", person=_person(session))
    target = ("reel", "selects")
    with narrated() as session:
        items = [_item(session, INTERVIEW), _item(session, ARCHIVAL)]
        editor, admin = _user(session, "editor"), _user(session, "admin")
        with pytest.raises(consent.ConsentRefused) as refused:
            consent.check_use(session, editor, items, "broadcast", target, today=TODAY)
        assert refused.value.field == "consent"
        assert "Natan Sharansky" in str(refused.value) and "research only" in str(refused.value)
        with pytest.raises(FieldError, match="only an admin may override"):
            consent.check_use(
                session, editor, items, "broadcast", target, override_reason="x", today=TODAY
            )
        with pytest.raises(FieldError, match="say why"):
            consent.check_use(
                session, admin, items, "broadcast", target, override_reason="  ", today=TODAY
            )
        assert (
            session.scalar(select(AuditEvent).where(AuditEvent.action == "consent_override"))
            is None
        )
        gaps = consent.check_use(
            session,
            admin,
            items,
            "broadcast",
            target,
            override_reason="Family agreed by phone",
            today=TODAY,
        )
        session.commit()
        assert [g.item_slug for g in gaps] == [INTERVIEW]
        [event] = audit.search(session, what="consent-overrides")
        assert (event.actor, event.object_type, event.object_id) == (
            "admin@example.org",
            "reel",
            "selects",
        )
        assert event.note == "Family agreed by phone"
        assert event.after["use"] == "broadcast"
        assert event.after["not_covered"][0]["narrator"] == "Natan Sharansky"
        # A covered use passes and writes nothing.
        assert consent.check_use(session, editor, items, "research", target, today=TODAY) == []


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"uses": []}, "uses", "tick at least one"),
        ({"uses": ["research", "broadcast"]}, "uses", "research only cannot go with other uses"),
        ({"uses": ["television"]}, "uses", "television is not one of"),
        ({"given_on": "4 Dec 2026"}, "given_on", "is not a date"),
        ({"given_on": ""}, "given_on", "give a date"),
        ({"valid_until": "2020-01-01"}, "valid_until", "before the date given"),
        ({"form": ("form.pdf", b"MZ\x90\x00 not a scan")}, "form", "is not a PDF, PNG or JPEG"),
    ],
)
def test_a_consent_that_cannot_be_kept_names_its_field(
    narrated, tmp_path, fields, field, reason
) -> None:
    values = {"uses": ["broadcast"], "given_on": TODAY, "valid_until": "", **fields}
    with narrated() as session:
        with pytest.raises(FieldError) as refused:
            consent.record_consent(
                session, _user(session, "editor"), tmp_path, person=_person(session), **values
            )
        assert refused.value.field == field and reason in refused.value.reason
        assert session.scalar(select(Consent)) is None
    assert not any(tmp_path.glob("*.pdf"))


def test_the_signed_form_is_kept_under_a_name_of_its_own_and_goes_with_a_withdrawal(
    narrated, tmp_path
) -> None:
    store = tmp_path / "consent"
    with transaction(narrated) as session:
        kept = consent.record_consent(
            session,
            _user(session, "editor"),
            store,
            uses=["public_web"],
            given_on=TODAY,
            person=_person(session),
            form=("../../Release form.pdf", PDF),
        )
        consent_id = kept.id
    with narrated() as session:
        record = session.get(Consent, consent_id)
        path, mimetype = consent.form_file(store, record)
        assert path.parent == store and path.read_bytes() == PDF and mimetype == "application/pdf"
        assert record.form_name == "Release form.pdf"
    with transaction(narrated) as session:
        consent.withdraw_consent(session, _user(session, "editor"), store, consent_id)
    assert not path.exists()
    with narrated() as session:
        events = audit.search(session, what="consent")
        mine = [e for e in events if e.actor == "editor@example.org"]  # not the demo import's
        actions = [e.action for e in mine if e.object_id == str(consent_id)]
        assert actions == ["consent_withdraw", "consent_record"]


def test_audit_search_answers_who_what_and_since(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        audit.record(session, "a@example.org", "view_restricted", "media_item", "x")
        audit.record(session, "b@example.org", "download_restricted", "transcript", "x/en")
        audit.record(session, "a@example.org", "share", "reel", "selects")
        old = audit.record(session, "a@example.org", "view_restricted", "media_item", "y")
        session.flush()
        old.at = datetime.now(UTC) - timedelta(days=30)
    with demo_catalog() as session:
        asked = audit.search(session, what="restricted-access")
        assert [(e.actor, e.object_id) for e in asked] == [
            ("a@example.org", "y"),
            ("b@example.org", "x/en"),
            ("a@example.org", "x"),
        ]
        recent = audit.search(
            session, what="restricted-access", who="A@example.org", since=audit.parse_since("7d")
        )
        assert [e.object_id for e in recent] == ["x"]
        assert [e.action for e in audit.search(session, what="reels")] == ["share"]
        with pytest.raises(FieldError, match="what"):
            audit.search(session, what="everything")
    with pytest.raises(FieldError, match="since"):
        audit.parse_since("last week")
    assert audit.parse_since("2026-12-01") == datetime(2026, 12, 1, tzinfo=UTC)


def test_a_changed_restriction_is_its_own_audit_event(demo_catalog) -> None:
    with transaction(demo_catalog) as session:
        item, user = _item(session, "interview-historian"), _user(session, "editor")

        def state(obj):  # type: ignore[no-untyped-def]
            return {"restricted": obj.restricted, "restriction_note": obj.restriction_note}

        audit.save_versioned(
            session,
            user,
            item,
            item.version,
            {"restricted": True, "restriction_note": "family request"},
            state,
            "media_item",
        )
    with demo_catalog() as session:
        [event] = audit.search(session, what="restriction-changes")
        assert (event.actor, event.object_type) == ("editor@example.org", "media_item")
        assert event.after == {"restricted": True, "restriction_note": "family request"}
        assert event.before == {"restricted": False, "restriction_note": None}


def test_the_command_line_export_checks_broadcast_consent(app, narrated, tmp_path) -> None:
    from media_catalog import reels

    app.config["CONSENT_UNRECORDED"] = "refuse"
    with transaction(narrated) as session:
        owner = _user(session, "editor")
        reel = reels.create_reel(session, owner, "Broadcast cut")
        reels.add_entry(session, owner, reel, INTERVIEW, 1_000, 6_000)
    target = tmp_path / "cut.edl"
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["export", "reel", "Broadcast cut", "-o", str(target)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "consent: not consented for broadcast" in refused.output and not target.exists()
    done = runner.invoke(
        args=[
            "export",
            "reel",
            "Broadcast cut",
            "-o",
            str(target),
            "--override-reason",
            "BBC licence",
        ]
    )
    assert done.exit_code == 0, done.output
    assert target.read_text().startswith("TITLE:")
    with narrated() as session:
        [event] = audit.search(session, what="consent-overrides")
    assert (event.actor, event.object_id, event.note) == ("cli", "broadcast-cut", "BBC licence")
