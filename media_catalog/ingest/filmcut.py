"""The film's own cut: its EDL (CMX 3600) or OTIO timeline read through OpenTimelineIO, each
video event matched to the media item on screen by reel or clip name (the item's identifier or
slug) and source timecode (counted from the item's start timecode), and recorded as a FilmUse.
Events no item fits are kept, with the reason, for an editor to resolve."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import access, audit
from ..errors import CatalogError, IngestError
from ..models import Film, FilmCutEvent, FilmUse, MediaItem, User, film_media
from ..reels.timelines import EDL_NAME_LENGTH, EDL_REEL_LENGTH, edl_text
from ..timecode import (
    RateLike,
    counts_drop_frame,
    exact_rate,
    format_short,
    frames_to_smpte,
    is_drop_frame_rate,
    offset_in_source_ms,
    parse_rate,
    parse_smpte,
)
from . import cutfiles
from .sources import file_checksum, remember_source, source_unchanged

ADAPTERS = {".edl": "cmx_3600", ".otio": "otio_json", ".xml": "fcp_xml"}
DEFAULT_RATE = 25.0
_SOURCE_TC_RE = re.compile(r"SOURCE TC (\S+) (\S+) AT (\S+) FPS", re.I)


@dataclass
class TimelineEvent:
    position: int
    event: str
    reel: str | None
    clip_name: str | None
    source_in: str
    source_out: str
    rate: float
    film_in_ms: int
    film_out_ms: int
    other_names: tuple[str, ...] = ()  # the media file's name, our own exports' slug
    own_source: tuple[str, str, Fraction] | None = None  # a conformed source's own timecode
    # An EDL has one rate: a source at another writes its own timecode digits. Files that give
    # each clip its rate (FCP 7 XML, .otio) count a clip written at another rate in real time.
    digits_are_sources: bool = True


@dataclass
class CutImport:
    path: Path
    film: str
    status: str = "imported"  # or "unchanged"
    matched: int = 0
    resolved: int = 0  # unmatched again, given the source an editor chose for them before
    unmatched: list[FilmCutEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _key(name: str) -> str:
    """Reel names lose case, spaces, hyphens and underscores in editing systems."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def read_timeline(path: Path, rate: RateLike | None = None) -> list[TimelineEvent]:
    """The video events of a cut file, in film order; IngestError when unreadable."""
    return read_cut(path, rate)[0]


def read_cut(path: Path, rate: RateLike | None = None) -> tuple[list[TimelineEvent], list[str]]:
    """The video events of an EDL, FCP 7 XML or .otio file, and the warnings on reading it.
    An EDL is read at `rate`, else at the rate it tells (cutfiles.detect_edl_rate)."""
    adapter = ADAPTERS.get(path.suffix.lower())
    if adapter is None:
        raise IngestError(str(path), cutfiles.KINDS)
    prepared = cutfiles.CutText(cutfiles.read_cut_text(path), None)
    options: dict[str, object] = {}
    if adapter == "cmx_3600":
        prepared = cutfiles.prepare_edl(path, prepared.text, rate)
        options = {"rate": float(prepared.rate), "ignore_timecode_mismatch": True}  # type: ignore[arg-type]
    elif adapter == "otio_json":
        cutfiles.check_otio_json(path, prepared.text)
    else:
        cutfiles.check_fcp7_xml(path, prepared.text)
    drop = None  # other files count drop-frame as their rate does
    if adapter == "cmx_3600":  # an EDL says it once for every event
        drop = bool(re.search(r"^FCM:\s*DROP|\d;\d\d", prepared.text, re.M | re.I))
    events: list[TimelineEvent] = []
    try:
        timeline = otio.adapters.read_from_string(prepared.text, adapter, **options)
        for track in timeline.video_tracks():
            for index, clip in enumerate(track.find_clips(), 1):
                events.append(_event(clip, index, len(events), drop))
                events[-1].digits_are_sources = adapter == "cmx_3600"
    except Exception as exc:  # OTIO's adapters raise many kinds; every one means a bad file
        reason = " ".join(str(exc).split())[:200] or exc.__class__.__name__
        raise IngestError(str(path), f"not a readable {adapter} timeline: {reason}") from None
    if not events:
        raise IngestError(str(path), "the timeline has no video events")
    return sorted(events, key=lambda e: (e.film_in_ms, e.position)), prepared.warnings


def _event(clip: otio.schema.Clip, index: int, position: int, drop: bool | None) -> TimelineEvent:
    source = clip.source_range or clip.available_range()
    placed = clip.range_in_parent()
    rate = exact_rate(source.start_time.rate)
    drop_frame = (
        counts_drop_frame(rate, None) if drop is None else drop and is_drop_frame_rate(rate)
    )
    cmx = clip.metadata.get("cmx_3600") or {}  # an OTIO AnyDictionary, not a dict
    ours = clip.metadata.get("media_catalog") or {}
    name = clip.name or None
    others = [str(ours["media"])] if "media" in ours else []
    target = getattr(clip.media_reference, "target_url", None)
    if target:
        others.append(Path(str(target)).stem)
    return TimelineEvent(
        position=position,
        event=name if name and name.isdecimal() else f"{index:03d}",
        reel=str(cmx["reel"]) if "reel" in cmx else None,
        clip_name=None if name and name.isdecimal() else name,
        source_in=frames_to_smpte(round(source.start_time.value), rate, drop_frame),
        source_out=frames_to_smpte(round(source.end_time_exclusive().value), rate, drop_frame),
        rate=float(rate),
        film_in_ms=round(placed.start_time.to_seconds() * 1000),
        film_out_ms=round(placed.end_time_exclusive().to_seconds() * 1000),
        other_names=tuple(others),
        own_source=_own_source(cmx.get("comments") or []),
    )


def _own_source(comments: list[str]) -> tuple[str, str, Fraction] | None:
    """`* SOURCE TC 00:00:01:01 00:00:04:02 AT 5 FPS`, which our exports write when conforming."""
    for comment in comments:
        if match := _SOURCE_TC_RE.search(str(comment)):
            try:
                return match[1], match[2], parse_rate(match[3])
            except ValueError:
                return None
    return None


class SourceNames:
    """Media items by every name an edit room may have given their reel or clip: identifier,
    slug, title and file name, also as an EDL cuts them (8-character reels, 60-character clip
    names)."""

    def __init__(self, items: list[MediaItem]) -> None:
        self.by_key: dict[str, list[MediaItem]] = {}
        for item in items:
            for key in self._keys(item):
                self.by_key.setdefault(key, []).append(item)

    @staticmethod
    def _keys(item: MediaItem) -> set[str]:
        names = [n for n in (item.identifier, item.slug, item.title) if n]
        if item.media_path:
            names.append(Path(item.media_path).stem)
        keys = {_key(n) for n in names}
        for name in (item.identifier, item.slug):  # as an EDL reel name
            if name:
                reel = re.sub(r"[^A-Z0-9]+", "_", edl_text(name, 200).upper()).strip("_")
                keys.add(_key(reel[:EDL_REEL_LENGTH]))
        if item.title:
            keys.add(_key(edl_text(item.title, EDL_NAME_LENGTH)))
        return keys - {""}

    def candidates(self, event: TimelineEvent) -> list[MediaItem]:
        found: dict[int, MediaItem] = {}
        for name in (event.reel, event.clip_name, *event.other_names):
            for item in self.by_key.get(_key(name), []) if name else []:
                found.setdefault(item.id, item)
        return list(found.values())


def source_range(item: MediaItem, event: TimelineEvent) -> tuple[int, int] | None:
    """Where in the item the event's source timecode lies (ms), or None when it lies outside.
    A conformed source's own timecode, kept in a comment by our exports, is exact. Otherwise
    the digits are the item's own timecode, as edit rooms write a mixed-rate EDL; digits that
    cannot be (a frame 20 of a 5 fps source) count real time at the file's rate."""
    rate = exact_rate(item.frame_rate or event.rate)
    source_in, source_out = event.source_in, event.source_out
    if event.own_source and event.own_source[2] == rate:
        source_in, source_out = event.own_source[:2]
    try:
        if not event.digits_are_sources and exact_rate(event.rate) != rate:
            raise ValueError("a clip written at another rate counts real time")
        start = offset_in_source_ms(source_in, rate, item.start_timecode)
        end = offset_in_source_ms(source_out, rate, item.start_timecode)
    except ValueError:
        try:
            origin = offset_in_source_ms("00:00:00:00", rate, item.start_timecode)
            start = origin + parse_smpte(source_in, event.rate)
            end = origin + parse_smpte(source_out, event.rate)
        except ValueError:
            return None
    if start < 0 or end <= start or (item.duration_ms and end > item.duration_ms + 1000):
        return None
    return start, end


def _most_specific(
    names: SourceNames, event: TimelineEvent, fitting: list[MediaItem]
) -> list[MediaItem]:
    """Among items that fit, those named by the file or slug, else by the clip name: a reel
    name cut to 8 characters (DEMO_TV_) may fit several."""
    for specific in (event.other_names, (event.clip_name,)):
        named = {i.id for n in specific if n for i in names.by_key.get(_key(n), [])}
        narrowed = [item for item in fitting if item.id in named]
        if narrowed:
            return narrowed
    return fitting


def _match(names: SourceNames, event: TimelineEvent) -> tuple[MediaItem | None, str | None]:
    candidates = names.candidates(event)
    label = " / ".join(n for n in (event.reel, event.clip_name) if n) or "(no reel name)"
    if not candidates:
        return None, f"no media item has the reel or clip name {label}"
    fitting = _most_specific(
        names, event, [item for item in candidates if source_range(item, event)]
    )
    if len(fitting) == 1:
        return fitting[0], None
    if len(fitting) > 1:
        return None, f"{label} fits {len(fitting)} media items: " + ", ".join(
            i.slug for i in fitting
        )
    item = candidates[0]
    length = f", {format_short(item.duration_ms)} long" if item.duration_ms else ""
    return None, (
        f"source {event.source_in}–{event.source_out} is outside {item.slug} "
        f"(starts at {item.start_timecode or '00:00:00:00'}{length})"
    )


def import_cut(
    session: Session,
    film_slug: str,
    path: Path,
    rate: RateLike | None = None,
    actor: str = "cli",
) -> CutImport:
    """Replace the film's cut with this timeline, in the caller's transaction. An unchanged file
    changes nothing; events an editor resolved keep their source when the new cut has them."""
    film = session.scalar(select(Film).where(Film.slug == film_slug))
    if film is None:
        raise IngestError(str(path), f"film '{film_slug}' is not in the catalog")
    events, warnings = read_cut(path, rate)  # first: a missing or bad file is one clear line
    checksum = file_checksum(path)
    if source_unchanged(session, path, checksum):
        return CutImport(path, film_slug, status="unchanged")
    resolved = _resolutions(session, film)
    _forget_cut(session, film)
    names = SourceNames(list(session.scalars(select(MediaItem).where(MediaItem.kind != "film"))))
    result = CutImport(path, film_slug, warnings=warnings)
    seen: set[int] = set()
    for event in events:
        item, reason = _match(names, event)
        row = _event_row(film, event, reason, path)
        session.add(row)
        if item is not None:
            start, end = source_range(item, event)  # type: ignore[misc]
            _use(session, film, row, item, start, end)
            row.status = "matched"
            result.matched += 1
            seen.add(item.id)
        elif (earlier := resolved.get(_identity(row))) is not None:
            item, start, by = earlier
            _use(session, film, row, item, start, start + row.film_out_ms - row.film_in_ms)
            row.status, row.reason, row.resolved_by = "resolved", None, by
            result.resolved += 1
            seen.add(item.id)
        else:
            result.unmatched.append(row)
    _list_in_film(session, film, seen)
    session.flush()
    remember_source(session, path, "cut", checksum)
    audit.record(
        session,
        actor,
        "cut.imported",
        "film",
        film.slug,
        after={"file": str(path), "events": len(events), "matched": result.matched},
    )
    return result


def _event_row(film: Film, event: TimelineEvent, reason: str | None, path: Path) -> FilmCutEvent:
    return FilmCutEvent(
        film_id=film.id,
        position=event.position,
        event=event.event,
        reel=event.reel,
        clip_name=event.clip_name,
        source_in=event.source_in,
        source_out=event.source_out,
        rate=event.rate,
        film_in_ms=event.film_in_ms,
        film_out_ms=event.film_out_ms,
        status="unmatched",
        reason=reason,
        source_path=str(path),
    )


def _identity(row: FilmCutEvent) -> tuple[str | None, str | None, str, str]:
    """An event is the same event in a re-cut when it shows the same source frames."""
    return (row.reel, row.clip_name, row.source_in, row.source_out)


def _resolutions(session: Session, film: Film) -> dict[tuple, tuple[MediaItem, int, str | None]]:  # type: ignore[type-arg]
    rows = session.scalars(
        select(FilmCutEvent).where(
            FilmCutEvent.film_id == film.id, FilmCutEvent.status == "resolved"
        )
    )
    return {
        _identity(row): (row.media_item, row.film_use.source_in_ms, row.resolved_by)
        for row in rows
        if row.media_item is not None and row.film_use is not None
    }


def _forget_cut(session: Session, film: Film) -> None:
    uses = select(FilmCutEvent.film_use_id).where(
        FilmCutEvent.film_id == film.id, FilmCutEvent.film_use_id.is_not(None)
    )
    session.execute(delete(FilmUse).where(FilmUse.id.in_(uses.scalar_subquery())))
    session.execute(delete(FilmCutEvent).where(FilmCutEvent.film_id == film.id))


def _use(
    session: Session, film: Film, row: FilmCutEvent, item: MediaItem, start: int, end: int
) -> FilmUse:
    use = FilmUse(
        film_id=film.id,
        media_item_id=item.id,
        source_in_ms=start,
        source_out_ms=end,
        film_in_ms=row.film_in_ms,
        note=f"event {row.event} of {Path(row.source_path).name}",
    )
    session.add(use)
    row.media_item, row.film_use = item, use  # ids at the next flush: one for the whole cut
    return use


def _list_in_film(session: Session, film: Film, items: set[int]) -> None:
    """Sources seen in the film are listed among its media items, once."""
    listed = set(
        session.scalars(select(film_media.c.media_item_id).where(film_media.c.film_id == film.id))
    )
    for media_id in items - listed:
        session.execute(film_media.insert().values(film_id=film.id, media_item_id=media_id))


class ResolveError(CatalogError):
    """An editor's assignment that cannot be saved: names the field and the reason."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        super().__init__(f"{field}: {reason}")


def resolve_event(
    session: Session, user: User | None, event: FilmCutEvent, item: MediaItem, start_ms: int | None
) -> FilmUse:
    """Assign an unmatched event to a media item: from `start_ms` into it (by default where its
    timecode says, else its start), for the event's length on screen."""
    access.require_visible(user, item)
    if event.status == "matched":
        raise ResolveError("event", "this event was matched already")
    if start_ms is None:
        found = source_range(item, _as_timeline_event(event))
        start_ms = found[0] if found else 0
    length = event.film_out_ms - event.film_in_ms
    if start_ms < 0:
        raise ResolveError("source_in", "cannot start before the media's start")
    if item.duration_ms and start_ms >= item.duration_ms:
        raise ResolveError(
            "source_in", f"past the end of {item.slug} ({format_short(item.duration_ms)})"
        )
    if event.film_use_id is not None:
        session.execute(delete(FilmUse).where(FilmUse.id == event.film_use_id))
    film = session.get_one(Film, event.film_id)
    _use(session, film, event, item, start_ms, start_ms + length)
    _list_in_film(session, film, {item.id})
    before = {"status": event.status, "reason": event.reason}
    event.status, event.reason = "resolved", None
    event.resolved_by = user.email if user else "cli"
    audit.record(
        session,
        user,
        "resolve",
        "film_cut_event",
        event.id,
        before=before,
        after={"status": "resolved", "media": item.slug, "source_in_ms": start_ms},
    )
    session.flush()
    return event.film_use  # type: ignore[return-value]


def _as_timeline_event(row: FilmCutEvent) -> TimelineEvent:
    return TimelineEvent(
        row.position,
        row.event,
        row.reel,
        row.clip_name,
        row.source_in,
        row.source_out,
        row.rate,
        row.film_in_ms,
        row.film_out_ms,
    )


@dataclass
class Scene:
    """A stretch of the film and the source on screen."""

    film_in_ms: int
    film_out_ms: int
    media: MediaItem
    source_in_ms: int
    source_out_ms: int


def scenes(session: Session, user: User | None, film: Film) -> list[Scene]:
    """The film scene by scene, with the sources the user may see; a scene ends where its cut
    event does (the source's length on screen when the use came from elsewhere)."""
    rows = session.execute(
        select(FilmUse, MediaItem, FilmCutEvent.film_out_ms)
        .join(MediaItem, MediaItem.id == FilmUse.media_item_id)
        .outerjoin(FilmCutEvent, FilmCutEvent.film_use_id == FilmUse.id)
        .where(FilmUse.film_id == film.id, access.media_visible(user))
        .order_by(FilmUse.film_in_ms, FilmUse.id)
    )
    return [
        Scene(
            use.film_in_ms,
            film_out or use.film_in_ms + (use.source_out_ms - use.source_in_ms),
            item,
            use.source_in_ms,
            use.source_out_ms,
        )
        for use, item, film_out in rows
    ]


def uses_of(session: Session, item: MediaItem) -> list[tuple[Film, FilmUse]]:
    """Where an item appears in films, in film order (the item itself is already visible)."""
    rows = session.execute(
        select(Film, FilmUse)
        .join(FilmUse, FilmUse.film_id == Film.id)
        .where(FilmUse.media_item_id == item.id)
        .order_by(Film.title, FilmUse.film_in_ms)
    )
    return [(film, use) for film, use in rows]


def unmatched_events(session: Session, film: Film) -> list[FilmCutEvent]:
    return list(
        session.scalars(
            select(FilmCutEvent)
            .where(FilmCutEvent.film_id == film.id, FilmCutEvent.status == "unmatched")
            .order_by(FilmCutEvent.film_in_ms)
        )
    )
