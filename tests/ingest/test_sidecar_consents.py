"""Consent records in sidecars (`consents:`): imported with their signed forms, marked as from
the sidecar, brought in line with the file on every re-import (audited), never touching a
consent recorded in the app; a bad entry fails naming file, line and field, storing nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from media_catalog import audit, consent
from media_catalog.db import transaction
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Consent, Entity, MediaItem, User

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe applied to OVIR in the spring.\n"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BLOCK = """\
consents:
  - uses: [public_web, screening]
    given_on: "2006-04-20"
    form: forms/release.pdf
    note: Signed after the recording
  - narrator: jane-roe
    uses: [education]
    given_on: "2006-04-20"
    valid_until: "2016-04-19"
"""


@pytest.fixture
def person(sessions):  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        session.add(Entity(slug="jane-roe", name="Jane Roe", kind="person"))


def run(sessions, path: Path, consent_dir: Path):  # type: ignore[no-untyped-def]
    return import_paths(sessions, [path], Path("/nonexistent"), consent_dir=consent_dir)


def records(sessions) -> list[tuple]:  # type: ignore[type-arg, no-untyped-def]
    with sessions() as session:
        rows = session.scalars(select(Consent).order_by(Consent.id))
        return [
            (r.id, r.entity.slug if r.entity else None, r.uses, r.valid_until, r.origin)
            for r in rows
        ]


@pytest.fixture
def track(transcript_file, person):  # type: ignore[no-untyped-def]
    """track(block) writes the track, its sidecar with `block` and the form beside it."""

    def _make(block: str = BLOCK) -> Path:
        path = transcript_file("jane.vtt", VTT, extra=block)
        (path.parent / "forms").mkdir(exist_ok=True)
        (path.parent / "forms" / "release.pdf").write_bytes(PDF)
        return path

    return _make


def test_a_sidecars_consents_are_recorded_with_their_form(sessions, track, tmp_path) -> None:
    store = tmp_path / "consent"
    summary = run(sessions, track(), store)
    assert not summary.failed, summary.failed[0].detail
    assert [r[1:] for r in records(sessions)] == [
        (None, "public_web screening", None, "sidecar"),
        ("jane-roe", "education", "2016-04-19", "sidecar"),
    ]
    with sessions() as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "test-interview"))
        own = session.scalar(select(Consent).where(Consent.entity_id.is_(None)))
        path, kind = consent.form_file(store, own)
        assert path.read_bytes() == PDF and kind == "application/pdf"
        assert own.form_name == "release.pdf" and own.source == "jane.yaml"
        # What they cover is what the checks read: screening yes, broadcast no.
        assert consent.item_gaps(session, item, "screening", "2026-12-04") == []
        assert consent.item_gaps(session, item, "broadcast", "2026-12-04")
        events = audit.search(session, what="consent")
        assert [e.action for e in events] == ["consent_record", "consent_record"]
        assert all("jane.yaml" in (e.note or "") for e in events)


def test_a_reimport_updates_only_what_changed_and_keeps_the_apps_records(
    sessions, track, tmp_path
) -> None:
    store = tmp_path / "consent"
    path = track()
    run(sessions, path, store)
    first = records(sessions)
    with transaction(sessions) as session:  # an editor records one more in the app
        editor = User(email="ed@example.org", password_hash="x", role="editor")
        session.add(editor)
        session.flush()
        item = session.scalar(select(MediaItem).where(MediaItem.slug == "test-interview"))
        consent.record_consent(session, editor, store, uses=["broadcast"], given_on="2020-01-01",
                               item=item)  # fmt: skip
    # Same records in the file, reworded note on the second: the first stays as it was.
    path.with_suffix(".yaml").write_text(
        path.with_suffix(".yaml").read_text().replace('valid_until: "2016-04-19"',
                                                      'valid_until: "2030-01-01"'),
        encoding="utf-8",
    )  # fmt: skip
    assert not run(sessions, path, store).failed
    now = records(sessions)
    assert now[0] == first[0]  # unchanged: the same record, not a new one
    assert [r[1:] for r in now[1:]] == [
        (None, "broadcast", None, "app"),
        ("jane-roe", "education", "2030-01-01", "sidecar"),
    ]
    # The block removed from the file: the sidecar's records go, the app's stays.
    text = path.with_suffix(".yaml").read_text()
    path.with_suffix(".yaml").write_text(text.split("consents:")[0], encoding="utf-8")
    assert not run(sessions, path, store).failed
    assert [r[1:] for r in records(sessions)] == [(None, "broadcast", None, "app")]
    assert not list(store.glob("*.pdf"))  # the withdrawn record's form went with it
    with sessions() as session:
        actions = [e.action for e in audit.search(session, what="consent")]
    assert actions.count("consent_withdraw") == 3  # the changed one, then both when removed


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("consents:\n  - uses: [television]\n    given_on: 2006-04-20\n",
         "field 'consents[1].uses': television is not one of"),
        ("consents:\n  - uses: public_web\n    given_on: 2006-04-20\n",
         "field 'consents[1].uses': must be a list"),
        ("consents:\n  - uses: [public_web]\n    given_on: April 2006\n",
         "field 'consents[1].given_on': 'April 2006' is not a date"),
        ("consents:\n  - uses: [public_web]\n    given_on: 2006-04-20\n    form: missing.pdf\n",
         "field 'consents[1].form': missing.pdf: no such file"),
        ("consents:\n  - uses: [public_web]\n    given_on: 2006-04-20\n    form: ../../x.pdf\n",
         "must be beside the sidecar"),
        ("consents:\n  - uses: [public_web]\n    given_on: 2006-04-20\n    form: jane.vtt\n",
         "is not a PDF, PNG or JPEG scan"),
        ("consents:\n  - narrator: nobody-known\n    uses: [public_web]\n    given_on: 2006-04-20\n",
         "'nobody-known' is not a person in the authority"),
    ],
    ids=["unknown-use", "not-a-list", "bad-date", "missing-form", "form-above", "not-a-scan",
         "unknown-narrator"],
)  # fmt: skip
def test_a_bad_entry_names_file_line_and_field_and_stores_nothing(
    sessions, track, tmp_path, table_counts, block, message
) -> None:
    before = table_counts()
    summary = run(sessions, track(block), tmp_path / "consent")
    detail = summary.failed[0].detail
    assert message in detail and "jane.yaml" in detail, detail
    assert re.search(r"jane\.yaml:(9|1[0-2]): ", detail), detail  # the line of the entry
    assert table_counts() == before
    assert not (tmp_path / "consent").exists() or not any((tmp_path / "consent").iterdir())
