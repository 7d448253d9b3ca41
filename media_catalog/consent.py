"""Consent per use: what each narrator and item was consented for (CONSENT_USES), from when and
until when, with the signed form kept as a file; and the one check every use calls (a public
share, a guide for a screening, a broadcast export), which refuses what is not covered unless an
admin overrides it with a reason, written to the audit trail. Not here: rights and licences
(rights.py), restrictions (restrictions.py)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import access, audit
from .errors import FieldError, NotFound
from .models import (
    CONSENT_USES,
    Annotation,
    AuditEvent,
    Consent,
    Entity,
    MediaItem,
    Segment,
    Transcript,
    User,
)
from .wording import N_, Translate, english

USE_LABELS = {
    "public_web": N_("public web"),
    "screening": N_("screening"),
    "education": N_("education"),
    "broadcast": N_("broadcast"),
    "research": N_("research only"),
}
REFUSED = N_(
    "not consented for %(use)s: %(gaps)s. An admin may override with a reason, which is audited."
)
NO_CONSENT = N_("no consent on record")
# Annotation roles that make a person a narrator of an item (someone whose voice it carries).
NARRATOR_ROLES = ("speaking", "interviewee", "narrator")
# A signed form is a scan or a PDF: told by its first bytes, not by the name it came with.
FORM_SIGNATURES = {b"%PDF-": ".pdf", b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
FORM_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


class ConsentRefused(FieldError):
    """A use the consents on record do not cover; `gaps` says which item and narrator and why."""

    def __init__(self, use: str, gaps: list[Gap]) -> None:
        self.use = use
        self.gaps = gaps
        super().__init__("consent", REFUSED)

    def reason_in(self, translate: Translate) -> str:
        listed = "; ".join(gap.describe(translate) for gap in self.gaps)
        return translate(self.template, use=translate(USE_LABELS[self.use]), gaps=listed)


@dataclass(frozen=True)
class Gap:
    """One item (and narrator, when the consent is a person's) not covered for a use: `why`
    (marked N_) names the `uses` and the date `on` it turns on."""

    item_slug: str
    item_title: str
    narrator: str | None
    why: str
    uses: tuple[str, ...] = ()
    on: str | None = None

    @property
    def reason(self) -> str:
        return self.reason_in(english)

    def reason_in(self, translate: Translate) -> str:
        uses = ", ".join(translate(USE_LABELS[use]) for use in self.uses)
        return translate(self.why, uses=uses, on=self.on or "")

    def describe(self, translate: Translate = english) -> str:
        reason = self.reason_in(translate)
        if self.narrator:
            return translate(
                N_("%(item)s (narrator %(narrator)s): %(reason)s"),
                item=self.item_title,
                narrator=self.narrator,
                reason=reason,
            )
        return translate(N_("%(item)s: %(reason)s"), item=self.item_title, reason=reason)

    def as_dict(self) -> dict[str, str | None]:
        return {"item": self.item_slug, "narrator": self.narrator, "reason": self.reason}


def today_utc() -> str:
    return datetime.now(UTC).date().isoformat()


def iso_date(field: str, text: str, required: bool) -> str | None:
    text = text.strip()
    if not text:
        if required:
            raise FieldError(field, N_("give a date as YYYY-MM-DD"))
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldError(field, N_("'%(text)s' is not a date as YYYY-MM-DD"), text=text) from None


def clean_uses(uses: Iterable[str]) -> str:
    chosen = [use.strip() for use in uses if use.strip()]
    unknown = [use for use in chosen if use not in CONSENT_USES]
    if unknown:
        raise FieldError(
            "uses",
            N_("%(given)s is not one of %(choices)s"),
            given=", ".join(unknown),
            choices=", ".join(CONSENT_USES),
        )
    if not chosen:
        raise FieldError("uses", N_("tick at least one use the form consents to"))
    if "research" in chosen and len(set(chosen)) > 1:
        raise FieldError("uses", N_("research only cannot go with other uses"))
    return " ".join(use for use in CONSENT_USES if use in chosen)


def store_form(consent_dir: Path, name: str, data: bytes) -> str:
    suffix = next((s for sig, s in FORM_SIGNATURES.items() if data.startswith(sig)), None)
    if suffix is None:
        raise FieldError(
            "form", N_("%(file)s is not a PDF, PNG or JPEG scan"), file=name or "the file"
        )
    consent_dir.mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(12)}{suffix}"  # never the uploaded name: no paths from users
    (consent_dir / stored).write_bytes(data)
    return stored


def record_consent(
    session: Session,
    user: User,
    consent_dir: Path,
    *,
    uses: Iterable[str],
    given_on: str,
    valid_until: str = "",
    note: str = "",
    item: MediaItem | None = None,
    person: Entity | None = None,
    form: tuple[str, bytes] | None = None,
) -> Consent:
    """Keep one signed consent for a person (all their items, or `item` only) or an item."""
    if person is None and item is None:
        raise FieldError("person", N_("name the narrator or the item the consent is for"))
    if person is not None and person.kind != "person":
        raise FieldError(
            "person",
            N_("%(name)s is a %(kind)s, not a person"),
            name=person.name,
            kind=person.kind,
        )
    given = iso_date("given_on", given_on, required=True)
    until = iso_date("valid_until", valid_until, required=False)
    if until is not None and given is not None and until < given:
        raise FieldError(
            "valid_until",
            N_("%(until)s is before the date given, %(given)s"),
            until=until,
            given=given,
        )
    consent = Consent(
        entity_id=person.id if person else None,
        media_item_id=item.id if item else None,
        uses=clean_uses(uses),
        given_on=given,
        valid_until=until,
        note=note.strip(),
        recorded_by=user.email,
    )
    if form is not None and form[1]:
        consent.form_path = store_form(consent_dir, form[0], form[1])
        consent.form_name = Path(form[0]).name[:300] or consent.form_path
    session.add(consent)
    session.flush()
    audit.record(session, user, "consent_record", "consent", consent.id, after=state_of(consent))
    return consent


def withdraw_consent(session: Session, user: User, consent_dir: Path, consent_id: int) -> None:
    consent = consent_by_id(session, consent_id)
    audit.record(session, user, "consent_withdraw", "consent", consent.id, before=state_of(consent))
    if consent.form_path:
        (consent_dir / consent.form_path).unlink(missing_ok=True)
    session.delete(consent)
    session.flush()


def state_of(consent: Consent) -> dict[str, str | None]:
    return {
        "person": consent.entity.slug if consent.entity else None,
        "item": consent.media_item.slug if consent.media_item else None,
        "uses": consent.uses,
        "given_on": consent.given_on,
        "valid_until": consent.valid_until,
        "form": consent.form_name,
    }


def consent_by_id(session: Session, consent_id: int) -> Consent:
    consent = session.get(Consent, consent_id)
    if consent is None:
        raise NotFound(f"no consent {consent_id}")
    return consent


def form_file(consent_dir: Path, consent: Consent) -> tuple[Path, str]:
    """The stored form and its media type; NotFound when none was attached or it is gone."""
    if not consent.form_path or not re.fullmatch(r"[0-9a-f]{24}\.(pdf|png|jpg)", consent.form_path):
        raise NotFound(f"consent {consent.id} has no form")
    path = consent_dir / consent.form_path
    if not path.is_file():
        raise NotFound(f"the form of consent {consent.id} is missing from {consent_dir}")
    return path, FORM_TYPES[path.suffix]


def consents_for_item(session: Session, item: MediaItem) -> list[Consent]:
    """The item's own consents and those of its narrators (for it, or for all their items)."""
    people = [person.id for person in narrators(session, item)]
    query = select(Consent).where(
        or_(
            Consent.media_item_id == item.id,
            Consent.entity_id.in_(people) & Consent.media_item_id.is_(None),
        )
    )
    return list(session.scalars(query.order_by(Consent.given_on, Consent.id)))


def consents_for_person(session: Session, person: Entity) -> list[Consent]:
    query = select(Consent).where(Consent.entity_id == person.id)
    return list(session.scalars(query.order_by(Consent.given_on, Consent.id)))


def narrators(session: Session, item: MediaItem) -> list[Entity]:
    """People whose voice the item carries: the speakers its segments name, and speaking (or
    interviewee) links not rejected."""
    linked = select(Annotation.entity_id).where(
        Annotation.media_item_id == item.id,
        Annotation.role.in_(NARRATOR_ROLES),
        Annotation.status != "rejected",
    )
    speakers = (
        select(Segment.speaker_entity_id)
        .join(Transcript, Transcript.id == Segment.transcript_id)
        .where(Transcript.media_item_id == item.id, Segment.speaker_entity_id.is_not(None))
    )
    query = select(Entity).where(
        Entity.kind == "person", or_(Entity.id.in_(linked), Entity.id.in_(speakers))
    )
    return list(session.scalars(query.order_by(Entity.name)))


def _why_not(
    records: list[Consent], use: str, today: str
) -> tuple[str, tuple[str, ...], str | None] | None:
    """None when one record covers `use` on `today`; else the reason (a Gap's why, uses and
    date), from the closest record."""
    if any(_covers(record, use, today) for record in records):
        return None
    for record in records:
        if use in record.use_list:
            if record.given_on > today:
                return N_("consent for %(uses)s starts %(on)s"), (use,), record.given_on
            return N_("consent for %(uses)s ended %(on)s"), (use,), record.valid_until
    covered = sorted({u for record in records for u in record.use_list}, key=USE_LABELS.get)
    return N_("consent is for %(uses)s"), tuple(covered), None


def _covers(record: Consent, use: str, today: str) -> bool:
    in_force = record.given_on <= today and (
        record.valid_until is None or today <= record.valid_until
    )
    return in_force and use in record.use_list


def item_gaps(
    session: Session, item: MediaItem, use: str, today: str, unrecorded: str = "refuse"
) -> list[Gap]:
    """What keeps `item` from `use`: each narrator needs a consent of theirs (for this item or
    all), and an item's own consents, when it has any, must cover the use too. An interview with
    no consent on record is refused unless the site lets unrecorded ones through. Items that
    carry no one's testimony (archival footage with no narrator) need no consent."""
    people = narrators(session, item)
    if not people and item.kind != "interview":
        return []
    own = list(session.scalars(select(Consent).where(Consent.media_item_id == item.id)))
    own_item = [record for record in own if record.entity_id is None]
    gaps: list[Gap] = []
    subjects: list[tuple[str | None, list[Consent]]] = [
        (
            person.name,
            [r for r in own if r.entity_id == person.id] + _general(session, person),
        )
        for person in people
    ]
    if own_item or not people:
        subjects.append((None, own_item))
    for narrator, records in subjects:
        if not records:
            if unrecorded == "allow":
                continue
            why: tuple[str, tuple[str, ...], str | None] | None = (NO_CONSENT, (), None)
        else:
            why = _why_not(records, use, today)
        if why:
            gaps.append(Gap(item.slug, item.title, narrator, *why))
    return gaps


def _general(session: Session, person: Entity) -> list[Consent]:
    query = select(Consent).where(Consent.entity_id == person.id, Consent.media_item_id.is_(None))
    return list(session.scalars(query))


def check_use(
    session: Session,
    user: User | str | None,
    items: Iterable[MediaItem],
    use: str,
    target: tuple[str, str],
    *,
    override_reason: str | None = None,
    today: str | None = None,
    unrecorded: str = "refuse",
) -> list[Gap]:
    """Refuse `use` of `items` (for `target`: an object type and id, as the audit names them)
    with ConsentRefused when consent does not cover it. An admin (or the command line, `user`
    being its actor's name) passing a reason overrides: the gaps and the reason go to the audit
    trail, and the gaps are returned."""
    if use not in CONSENT_USES:
        raise ValueError(use)
    when = today or today_utc()
    seen: dict[int, MediaItem] = {item.id: item for item in items}
    gaps = [
        gap for item in seen.values() for gap in item_gaps(session, item, use, when, unrecorded)
    ]
    if not gaps:
        return []
    if override_reason is None:
        raise ConsentRefused(use, gaps)
    # A name is the command line's actor: whoever holds the database may override.
    if not isinstance(user, str) and not access.has_role(user, "admin"):
        raise FieldError("override_reason", N_("only an admin may override consent"))
    if not override_reason.strip():
        raise FieldError("override_reason", N_("say why consent is overridden; it is audited"))
    audit.record(
        session,
        user,
        "consent_override",
        target[0],
        target[1],
        after={"use": use, "not_covered": [gap.as_dict() for gap in gaps]},
        note=override_reason.strip(),
    )
    return gaps


def is_overridden(session: Session, target: tuple[str, str], use: str) -> bool:
    """Whether an admin's override of `use` for `target` still stands: one was recorded and the
    target has not been withdrawn since (for a reel, its share stopped)."""
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == target[0],
            AuditEvent.object_id == target[1],
            AuditEvent.action.in_(("consent_override", "unshare")),
        )
        .order_by(AuditEvent.id.desc())
    )
    for event in events:
        if event.action == "unshare":
            return False
        if (event.after or {}).get("use") == use:
            return True
    return False


def uncovered_items(
    session: Session, items: Iterable[MediaItem], use: str, unrecorded: str = "refuse"
) -> set[int]:
    """The ids of those `items` whose consent does not cover `use` today."""
    today = today_utc()
    return {item.id for item in items if item_gaps(session, item, use, today, unrecorded)}


def use_summary(session: Session, item: MediaItem, today: str | None = None) -> str:
    """What consent allows of `item` today, in one line for shot lists and exchange files
    ("consent: public web, screening; not broadcast"); empty for footage that needs none."""
    if not narrators(session, item) and item.kind != "interview":
        return ""
    when = today or today_utc()
    shown = [use for use in CONSENT_USES if use != "research"]
    gaps = {use: item_gaps(session, item, use, when) for use in CONSENT_USES}
    allowed = [use for use in shown if not gaps[use]]
    if not allowed:
        reasons = {gap.reason for gap in gaps["public_web"]}
        if reasons == {"no consent on record"}:
            return "consent: none on record"
        return "consent: research only" if not gaps["research"] else "consent: no use covered"
    refused = [use for use in shown if gaps[use]]
    line = "consent: " + ", ".join(USE_LABELS[use] for use in allowed)
    return line + (f"; not {', '.join(USE_LABELS[use] for use in refused)}" if refused else "")
