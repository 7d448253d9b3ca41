"""Consent records kept with the files: a `consents:` list in an item's sidecar, each entry the
uses one signed form allows (for a narrator, an authority person's slug, or for the item
itself), the dates it holds and the scan of the form beside the sidecar. An import brings the
sidecar's records in line with the file: new ones recorded, changed or removed ones withdrawn,
each change audited; records made in the app are never touched.

    consents:
      - narrator: natan-sharansky          # optional: without it, the item's own consent
        uses: [public_web, screening, education]
        given_on: "2006-03-14"
        valid_until: "2031-12-31"           # optional
        form: forms/sharansky-release.pdf   # optional, beside the sidecar
        note: Signed after the recording
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, consent
from ..errors import FieldError, IngestError
from ..models import Consent, Entity, MediaItem
from .sidecars import Fields

ORIGIN = "sidecar"
FORM_LIMIT = 20 * 1024 * 1024  # a scan of a few pages; more is not a consent form


@dataclass(frozen=True)
class SidecarConsent:
    """One `consents:` entry, checked; `line` is where it starts, for errors about it."""

    narrator: str | None
    uses: str
    given_on: str
    valid_until: str | None
    note: str
    form: Path | None
    line: int


def read_consents(fields: Fields) -> list[SidecarConsent]:
    """The sidecar's `consents:` entries; a bad one fails naming the file, line and field."""
    records = []
    for number, entry in enumerate(fields.items("consents"), 1):
        if not isinstance(entry, dict):
            raise fields.fail("consents", f"entry {number} must be a mapping (uses, given_on, ...)")
        part = Fields(entry, fields.file)  # type: ignore[arg-type]
        uses = entry.get("uses")
        try:
            if not isinstance(uses, list) or not all(isinstance(u, str) for u in uses):
                raise FieldError("uses", "must be a list, e.g. [public_web, screening]")
            cleaned = consent.clean_uses(uses)
            given = consent.iso_date("given_on", part.text("given_on") or "", required=True)
            until = consent.iso_date("valid_until", part.text("valid_until") or "", required=False)
        except FieldError as exc:
            raise _failure(part, number, exc.field, exc.reason) from None
        if until is not None and given is not None and until < given:
            raise _failure(part, number, "valid_until", f"{until} is before given_on, {given}")
        records.append(
            SidecarConsent(
                narrator=part.slug("narrator", required=False),
                uses=cleaned,
                given_on=given or "",
                valid_until=until,
                note=part.text("note") or "",
                form=_form_path(part, number),
                line=part.data.line if hasattr(part.data, "line") else 0,
            )
        )
    return records


def _failure(part: Fields, number: int, field: str, reason: str) -> IngestError:
    line = part.line_of(field) or None
    return IngestError(part.file, f"field 'consents[{number}].{field}': {reason}", line)


def _form_path(part: Fields, number: int) -> Path | None:
    """The form's file, beside the sidecar (never above it), read to check it is a scan."""
    name = part.text("form")
    if name is None:
        return None
    folder = Path(part.file).resolve().parent
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise _failure(part, number, "form", f"{name} must be beside the sidecar, not above it")
    if not path.is_file():
        raise _failure(part, number, "form", f"{name}: no such file beside the sidecar")
    if path.stat().st_size > FORM_LIMIT:
        raise _failure(part, number, "form", f"{name} is larger than {FORM_LIMIT} bytes")
    head = path.read_bytes()[:8]
    if not any(head.startswith(signature) for signature in consent.FORM_SIGNATURES):
        raise _failure(part, number, "form", f"{name} is not a PDF, PNG or JPEG scan")
    return path


def sync(
    session: Session,
    item: MediaItem,
    source: str,
    records: list[SidecarConsent],
    consent_dir: Path | None,
    actor: str,
) -> None:
    """Make the item's consents from the sidecar `source` what it now says: records that match
    one of its entries stay as they are, the others are withdrawn, new entries are recorded.
    A sidecar is known by its file name within the item, so the same files imported from
    another folder (moved, or uploaded again) update the records rather than add twins."""
    wanted = {_key_of(session, source, record): record for record in records}
    existing = session.scalars(
        select(Consent).where(
            Consent.origin == ORIGIN,
            Consent.media_item_id == item.id,
            Consent.source == Path(source).name,
        )
    )
    kept = set()
    for record in existing:
        key = _stored_key(record, consent_dir)
        if key in wanted and key not in kept:
            kept.add(key)
            continue
        audit.record(session, actor, "consent_withdraw", "consent", record.id,
                     before=consent.state_of(record), note=f"no longer in {source}")  # fmt: skip
        if record.form_path and consent_dir is not None:
            (consent_dir / record.form_path).unlink(missing_ok=True)
        session.delete(record)
    for key, record in wanted.items():
        if key not in kept:
            _record(session, item, source, key, record, consent_dir, actor)
    session.flush()


def _key_of(session: Session, source: str, record: SidecarConsent) -> tuple:  # type: ignore[type-arg]
    person = None
    if record.narrator is not None:
        person = session.scalar(select(Entity).where(Entity.slug == record.narrator))
        if person is None or person.kind != "person":
            raise IngestError(
                source,
                f"field 'consents.narrator': {record.narrator!r} is not a person in the "
                "authority (import authority/ first)",
                record.line or None,
            )
    form = hashlib.sha256(record.form.read_bytes()).hexdigest() if record.form else None
    return (person.id if person else None, record.uses, record.given_on, record.valid_until,
            record.note, form)  # fmt: skip


def _stored_key(record: Consent, consent_dir: Path | None) -> tuple:  # type: ignore[type-arg]
    form = None
    if record.form_path and consent_dir is not None:
        stored = consent_dir / record.form_path
        form = hashlib.sha256(stored.read_bytes()).hexdigest() if stored.is_file() else "gone"
    return (record.entity_id, record.uses, record.given_on, record.valid_until, record.note, form)


def _record(
    session: Session,
    item: MediaItem,
    source: str,
    key: tuple,  # type: ignore[type-arg]
    record: SidecarConsent,
    consent_dir: Path | None,
    actor: str,
) -> None:
    made = Consent(
        entity_id=key[0],
        # A narrator's consent from an item's sidecar is for that item; the item's own too.
        media_item_id=item.id,
        uses=record.uses,
        given_on=record.given_on,
        valid_until=record.valid_until,
        note=record.note,
        origin=ORIGIN,
        source=Path(source).name,
        recorded_by=actor,
    )
    if record.form is not None:
        if consent_dir is None:
            raise IngestError(source, "field 'consents.form': no consent folder (CONSENT_DIR)")
        made.form_path = consent.store_form(consent_dir, record.form.name, record.form.read_bytes())
        made.form_name = record.form.name
    session.add(made)
    session.flush()
    audit.record(session, actor, "consent_record", "consent", made.id,
                 after=consent.state_of(made), note=f"from {source}")  # fmt: skip
