"""Editors' selects: reels of moments, built, reordered, renamed, duplicated, shared. A reel is
private to its owner; a shared reel is reached by its link until it expires. What an entry shows
(and what every export carries) goes through access.py for whoever is looking."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, selectinload

from .. import access, audit, catalog, consent
from ..errors import FieldError, NotFound
from ..models import MediaItem, Reel, ReelEntry, Segment, Transcript, User
from ..timecode import format_clock
from ..wording import N_

NAME_MAX = 200
NOTE_MAX = 2000
HANDLE_MAX_MS = 60_000
NOT_AN_ENTRY = N_("not an entry of this reel: %(entry)s")
EXCERPT_MAX = 240


class ReelError(FieldError):
    """A reel change that cannot be made: names the field and the reason."""


@dataclass
class EntryView:
    """An entry as a page or an export shows it: the moment, its words, where it sits."""

    entry: ReelEntry
    media: MediaItem
    excerpt: str
    record_in_ms: int  # where it starts in the reel played end to end
    consent: str = ""  # what the narrators consented to (consent.use_summary), for exports

    @property
    def duration_ms(self) -> int:
        return self.entry.duration_ms


def slugify(name: str) -> str:
    """`Sharansky's release` -> `sharanskys-release`; Cyrillic and Hebrew letters are kept."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"['\u2019]", "", text)
    text = re.sub(r"[^\w]+", "-", text).strip("-_")
    return text[:80] or "reel"


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ReelError("name", N_("give the reel a name"))
    if len(name) > NAME_MAX:
        raise ReelError(
            "name",
            N_("at most %(max)d characters (%(given)d given)"),
            max=NAME_MAX,
            given=len(name),
        )
    return name


def _free_slug(session: Session, owner: User, name: str, keep: Reel | None = None) -> str:
    base, number = slugify(name), 1
    candidate = base
    while True:
        query = select(Reel.id).where(Reel.owner_id == owner.id, Reel.slug == candidate)
        found = session.scalar(query)
        if found is None or (keep is not None and found == keep.id):
            return candidate
        number += 1
        candidate = f"{base}-{number}"


def reels_of(session: Session, owner: User) -> list[tuple[Reel, int, int]]:
    """The owner's reels, newest first, each with its entry count and total running time."""
    query = (
        select(
            Reel,
            func.count(ReelEntry.id),
            func.coalesce(func.sum(ReelEntry.out_ms - ReelEntry.in_ms), 0),
        )
        .outerjoin(ReelEntry, ReelEntry.reel_id == Reel.id)
        .where(Reel.owner_id == owner.id)
        .group_by(Reel.id)
        .order_by(Reel.updated_at.desc(), Reel.name)
    )
    return [(reel, count, total) for reel, count, total in session.execute(query)]


def reel_of(session: Session, owner: User | None, slug: str) -> Reel:
    """One of the owner's reels; NotFound for anyone else's (their existence does not leak)."""
    if owner is None:
        raise NotFound(slug)
    reel = session.scalar(
        select(Reel)
        .where(Reel.owner_id == owner.id, Reel.slug == slug)
        .options(selectinload(Reel.entries).selectinload(ReelEntry.media_item))
    )
    if reel is None:
        raise NotFound(slug)
    return reel


def reel_named(session: Session, name: str, owner_email: str | None = None) -> Reel:
    """A reel by its name or slug, for the command line; ambiguous names ask for the owner."""
    query = select(Reel).where((Reel.name == name) | (Reel.slug == name))
    if owner_email:
        query = query.where(Reel.owner.has(User.email == owner_email.strip().lower()))
    found = list(session.scalars(query))
    if not found:
        raise NotFound(f"no reel named {name!r}" + (f" of {owner_email}" if owner_email else ""))
    if len(found) > 1:
        owners = ", ".join(sorted(r.owner.email for r in found))
        raise ReelError(
            "reel",
            N_("%(count)s reels are named '%(name)s' (%(owners)s): give --owner"),
            count=len(found),
            name=name,
            owners=owners,
        )
    return found[0]


def _touch(session: Session, reel: Reel, action: str, after: dict | None = None) -> None:
    """Every edit of a reel dates it and goes to the audit trail (a reel becomes a broadcast
    export or a public share: what was in it, and who changed it, is asked later)."""
    reel.updated_at = datetime.now(UTC)
    audit.record(session, reel.owner, action, "reel", reel.slug, after=after)


def create_reel(session: Session, owner: User, name: str) -> Reel:
    name = _clean_name(name)
    reel = Reel(owner=owner, name=name, slug=_free_slug(session, owner, name))
    session.add(reel)
    session.flush()
    audit.record(session, owner, "create", "reel", reel.slug, after={"name": name})
    return reel


def rename_reel(session: Session, reel: Reel, name: str) -> None:
    before = {"name": reel.name, "slug": reel.slug}
    reel.name = _clean_name(name)
    reel.slug = _free_slug(session, reel.owner, reel.name, keep=reel)
    _touch(session, reel, "rename", after={"name": reel.name, "was": before})
    session.flush()


def duplicate_reel(session: Session, reel: Reel) -> Reel:
    """A copy with every entry (not the share link), named "<name> (copy)"."""
    copy = create_reel(session, reel.owner, f"{reel.name[: NAME_MAX - 7]} (copy)")
    for entry in reel.entries:
        copy.entries.append(
            ReelEntry(
                position=entry.position,
                media_item_id=entry.media_item_id,
                in_ms=entry.in_ms,
                out_ms=entry.out_ms,
                handle_before_ms=entry.handle_before_ms,
                handle_after_ms=entry.handle_after_ms,
                note=entry.note,
            )
        )
    session.flush()
    return copy


def delete_reel(session: Session, reel: Reel) -> None:
    audit.record(
        session, reel.owner, "delete", "reel", reel.slug, before={"entries": len(reel.entries)}
    )
    session.delete(reel)
    session.flush()


def check_range(
    media: MediaItem, in_ms: int, out_ms: int, handle_before_ms: int = 0, handle_after_ms: int = 0
) -> None:
    """A moment must lie inside its media: in before out, nothing past the end, handles sane."""
    if in_ms < 0:
        raise ReelError("in", N_("%(start)s is the earliest in point"), start=format_clock(0))
    if out_ms <= in_ms:
        raise ReelError(
            "out",
            N_("the in point %(in)s is not before the out point %(out)s"),
            **{"in": format_clock(in_ms), "out": format_clock(max(out_ms, 0))},
        )
    if media.duration_ms and out_ms > media.duration_ms:
        raise ReelError(
            "out",
            N_("%(out)s is beyond the end of %(item)s (%(end)s)"),
            out=format_clock(out_ms),
            item=media.slug,
            end=format_clock(media.duration_ms),
        )
    for field, value in (("handle_before", handle_before_ms), ("handle_after", handle_after_ms)):
        if not 0 <= value <= HANDLE_MAX_MS:
            raise ReelError(
                field, N_("a handle is 0 to %(max)d seconds"), max=HANDLE_MAX_MS // 1000
            )


def add_entry(
    session: Session,
    user: User,
    reel: Reel,
    media_slug: str,
    in_ms: int,
    out_ms: int,
    *,
    handle_before_ms: int = 0,
    handle_after_ms: int = 0,
    note: str = "",
) -> ReelEntry:
    """Append a moment to the reel (the media item must be one the user may see)."""
    try:
        media = catalog.media_item(session, user, media_slug)
    except NotFound:
        raise ReelError("media", N_("no media item '%(slug)s'"), slug=media_slug) from None
    check_range(media, in_ms, out_ms, handle_before_ms, handle_after_ms)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ReelError(
            "note",
            N_("at most %(max)d characters (%(given)d given)"),
            max=NOTE_MAX,
            given=len(note),
        )
    position = max((e.position for e in reel.entries), default=0) + 1
    entry = ReelEntry(
        media_item=media,
        position=position,
        in_ms=in_ms,
        out_ms=out_ms,
        handle_before_ms=handle_before_ms,
        handle_after_ms=handle_after_ms,
        note=note,
    )
    reel.entries.append(entry)
    session.flush()  # the entry's id, for the audit trail
    _touch(session, reel, "add_entry", after=_entry_state(entry))
    return entry


def entry_in(reel: Reel, entry_id: int | str) -> ReelEntry:
    try:
        wanted = int(entry_id)
    except (TypeError, ValueError):
        raise ReelError("entry", NOT_AN_ENTRY, entry=entry_id) from None
    for entry in reel.entries:
        if entry.id == wanted:
            return entry
    raise ReelError("entry", NOT_AN_ENTRY, entry=entry_id)


def update_entry(
    session: Session,
    entry: ReelEntry,
    *,
    in_ms: int,
    out_ms: int,
    handle_before_ms: int,
    handle_after_ms: int,
    note: str,
) -> None:
    check_range(entry.media_item, in_ms, out_ms, handle_before_ms, handle_after_ms)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ReelError(
            "note",
            N_("at most %(max)d characters (%(given)d given)"),
            max=NOTE_MAX,
            given=len(note),
        )
    entry.in_ms, entry.out_ms, entry.note = in_ms, out_ms, note
    entry.handle_before_ms, entry.handle_after_ms = handle_before_ms, handle_after_ms
    _touch(session, entry.reel, "update_entry", after=_entry_state(entry))
    session.flush()


def remove_entry(session: Session, reel: Reel, entry_id: int | str) -> None:
    entry = entry_in(reel, entry_id)
    removed = _entry_state(entry)
    reel.entries.remove(entry)
    _renumber(reel.entries)
    _touch(session, reel, "remove_entry", after=removed)
    session.flush()


def reorder(session: Session, reel: Reel, entry_ids: list[int | str]) -> None:
    """Put the entries in the given order; the list must name each entry exactly once (a stale
    page that missed an addition must not drop it)."""
    wanted = [entry_in(reel, entry_id) for entry_id in entry_ids]
    if len(set(map(id, wanted))) != len(wanted) or len(wanted) != len(reel.entries):
        raise ReelError("order", N_("name every entry of the reel once; reload the page"))
    _renumber(wanted)
    reel.entries.sort(key=lambda e: e.position)
    _touch(session, reel, "reorder", after={"entries": [e.id for e in reel.entries]})
    session.flush()


def move_entry(session: Session, reel: Reel, entry_id: int | str, offset: int) -> None:
    """Move one entry up (-1) or down (+1), as the keyboard and the no-script buttons do."""
    entries = list(reel.entries)
    entry = entry_in(reel, entry_id)
    index = entries.index(entry)
    target = min(max(index + offset, 0), len(entries) - 1)
    entries.insert(target, entries.pop(index))
    reorder(session, reel, [e.id for e in entries])


def _entry_state(entry: ReelEntry) -> dict[str, object]:
    return {
        "entry": entry.id,
        "media": entry.media_item.slug,
        "in_ms": entry.in_ms,
        "out_ms": entry.out_ms,
    }


def _renumber(entries: list[ReelEntry]) -> None:
    # Positions stay 1..n with no gaps: URLs (thumbnails, shared clips) name entries by them.
    for number, entry in enumerate(entries, start=1):
        entry.position = number


def share(session: Session, reel: Reel, expires_at: datetime | None) -> str:
    """Make (or keep) the reel's share link, valid until `expires_at` (None: until withdrawn)."""
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise ReelError("expires", N_("the expiry must be in the future"))
    reel.share_token = reel.share_token or secrets.token_urlsafe(18)
    reel.share_expires_at = expires_at
    # Sharing lets anyone with the link watch the ranges: the audit log says who did it.
    expiry = expires_at.isoformat() if expires_at else None
    audit.record(session, reel.owner, "share", "reel", reel.slug, after={"expires": expiry})
    session.flush()
    return reel.share_token


def unshare(session: Session, reel: Reel) -> None:
    reel.share_token, reel.share_expires_at = None, None
    audit.record(session, reel.owner, "unshare", "reel", reel.slug)
    session.flush()


def is_share_live(reel: Reel, now: datetime | None = None) -> bool:
    if not reel.share_token:
        return False
    expires = reel.share_expires_at
    if expires is None:
        return True
    if expires.tzinfo is None:  # SQLite hands back naive datetimes; they were stored as UTC
        expires = expires.replace(tzinfo=UTC)
    return (now or datetime.now(UTC)) < expires


def shared_reel(session: Session, token: str) -> Reel:
    reel = session.scalar(
        select(Reel)
        .where(Reel.share_token == token)
        .options(selectinload(Reel.entries).selectinload(ReelEntry.media_item))
    )
    if reel is None or not token or not is_share_live(reel):
        raise NotFound("no such shared reel, or its link has expired")
    return reel


def visible_entries(session: Session, viewer: User | None, reel: Reel) -> list[EntryView]:
    """The entries the viewer may see, in order, with their transcript excerpts. An entry on a
    restricted media item, or overlapping a restricted passage, is left out for those not
    allowed to see it: from pages, shared links and every export alike."""
    views, record_ms = [], 0
    hidden = _hidden_entry_ids(session, viewer, reel)
    consents: dict[int, str] = {}
    for entry in reel.entries:
        if entry.id in hidden:
            continue
        excerpt = _excerpt(session, viewer, entry)
        item = entry.media_item
        if item.id not in consents:
            consents[item.id] = consent.use_summary(session, item)
        views.append(EntryView(entry, item, excerpt, record_ms, consents[item.id]))
        record_ms += entry.duration_ms
    return views


def _hidden_entry_ids(session: Session, viewer: User | None, reel: Reel) -> set[int]:
    if access.can_see_restricted(viewer):
        return set()
    overlaps_passage = access.overlaps_restricted_passage(
        ReelEntry.media_item_id, ReelEntry.in_ms, ReelEntry.out_ms
    )
    shown = (
        select(ReelEntry.id)
        .join(MediaItem, MediaItem.id == ReelEntry.media_item_id)
        .where(
            ReelEntry.reel_id == reel.id,
            access.media_visible(viewer),
            ~overlaps_passage | access.granted_media(viewer),
        )
    )
    return {e.id for e in reel.entries} - set(session.scalars(shown))


def _excerpt(session: Session, viewer: User | None, entry: ReelEntry) -> str:
    """The words spoken in the entry's range, from its first visible track (originals first)."""
    rows = session.execute(
        select(Segment.text, Transcript.id, Transcript.kind)
        .join(Transcript, Transcript.id == Segment.transcript_id)
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
        .where(
            and_(
                Transcript.media_item_id == entry.media_item_id,
                Segment.start_ms < entry.out_ms,
                Segment.end_ms > entry.in_ms,
                access.segment_visible(viewer),
            )
        )
        .order_by((Transcript.kind != "original"), Transcript.id, Segment.start_ms)
    ).all()
    if not rows:
        return ""
    first_track = rows[0][1]
    text = " ".join(row[0] for row in rows if row[1] == first_track)
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1].rstrip() + "…"


def total_ms(views: list[EntryView]) -> int:
    return sum(v.duration_ms for v in views)
