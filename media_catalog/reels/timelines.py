"""A reel as an editing timeline, through OpenTimelineIO and its adapters: CMX 3600 EDL, Final Cut
Pro 7 XML, FCPXML and native .otio; and as a CSV shot list. Source ranges are whole frames in each
media item's own rate, counted from its start timecode; excerpts and notes travel as markers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import opentimelineio as otio
from anyascii import anyascii

from .. import rights
from ..timecode import (
    RateLike,
    convert_frame,
    counts_drop_frame,
    exact_rate,
    frames_from_ms,
    frames_to_smpte,
    is_drop_frame_rate,
    most_common_rate,
    rate_label,
    smpte_to_frames,
)
from . import EntryView, conform, fcpxml

DEFAULT_RATE = 25.0  # for reels of audio-only media, which have no frame rate of their own
EDL_REEL_LENGTH = 8
EDL_NAME_LENGTH = 60
FORMATS = {
    # name: (OTIO adapter, file suffix, MIME type)
    "edl": ("cmx_3600", "edl", "text/plain"),
    "fcp7": ("fcp_xml", "xml", "application/xml"),
    "fcpxml": ("fcpx_xml", "fcpxml", "application/xml"),
    "otio": ("otio_json", "otio", "application/json"),
}


@dataclass
class Shot:
    """One entry's numbers, as every format writes them."""

    number: int
    view: EntryView
    rate: Fraction
    reel_name: str
    clip_name: str
    source_in: int  # frames, from the media's start timecode on
    source_out: int  # exclusive
    media_start: int  # the media's first frame (its start timecode), in frames
    media_frames: int | None  # the media's whole length in frames, when known
    drop_frame: bool  # 29.97/59.94 sources count drop-frame unless their timecode says not
    credit: str | None = None  # the credit line a use of the media must carry (rights.py)
    rights_uri: str | None = None
    consent: str = ""  # what its narrators consented to, for whoever cuts it (consent.py)

    @property
    def src_in_tc(self) -> str:
        return frames_to_smpte(self.source_in, self.rate, self.drop_frame)

    @property
    def src_out_tc(self) -> str:
        return frames_to_smpte(self.source_out, self.rate, self.drop_frame)

    def frames_at(self, rate: Fraction) -> tuple[int, int, int]:
        """(media start, source in, source out) at another rate, each the nearest frame."""
        start, source_in, source_out = (
            convert_frame(frame, self.rate, rate)
            for frame in (self.media_start, self.source_in, self.source_out)
        )
        return start, source_in, max(source_out, source_in + 1)  # no shot shrinks to nothing


def media_rate(view: EntryView) -> Fraction:
    return exact_rate(view.media.frame_rate or DEFAULT_RATE)


def timeline_rate(views: list[EntryView]) -> Fraction:
    """The reel's own rate: the most common among its items (an EDL has one for every event)."""
    return most_common_rate([media_rate(v) for v in views], DEFAULT_RATE)


def edl_text(text: str, length: int) -> str:
    """ASCII for EDL lines (Cyrillic and Hebrew transliterated), no control characters."""
    ascii_text = re.sub(r"[^\x20-\x7e]+", " ", anyascii(text or ""))
    return " ".join(ascii_text.split())[:length].strip()


def edl_reel_names(views: list[EntryView]) -> dict[int, str]:
    """Media item id -> a reel name valid in a CMX 3600 EDL: at most 8 of A-Z, 0-9 and _,
    from the archive identifier or the slug, unique within the reel."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    for view in views:
        media = view.media
        if media.id in names:
            continue
        raw = edl_text(media.identifier or media.slug, 200).upper()
        base = re.sub(r"[^A-Z0-9]+", "_", raw).strip("_") or "AX"
        name, number = base[:EDL_REEL_LENGTH], 1
        while name in taken or name in ("AX", "BL", "BLACK", "BARS"):
            number += 1
            suffix = str(number)
            name = base[: EDL_REEL_LENGTH - len(suffix)] + suffix
        names[media.id] = name
        taken.add(name)
    return names


def shots(views: list[EntryView]) -> list[Shot]:
    reel_names = edl_reel_names(views)
    result = []
    for number, view in enumerate(views, start=1):
        media, rate = view.media, media_rate(view)
        held = rights.of_item(media)
        start = smpte_to_frames(media.start_timecode, rate) if media.start_timecode else 0
        result.append(
            Shot(
                number=number,
                view=view,
                rate=rate,
                reel_name=reel_names[media.id],
                clip_name=edl_text(media.title, EDL_NAME_LENGTH) or media.slug,
                source_in=start + frames_from_ms(view.entry.in_ms, rate),
                source_out=start + frames_from_ms(view.entry.out_ms, rate),
                media_start=start,
                media_frames=frames_from_ms(media.duration_ms, rate) if media.duration_ms else None,
                drop_frame=counts_drop_frame(rate, media.start_timecode),
                credit=held.credit,
                rights_uri=held.uri,
                consent=view.consent,
            )
        )
    return result


def marker_text(view: EntryView, *, edl_safe: bool = False) -> str:
    """The note and the words spoken, which travel as a marker (a `* LOC:` comment in an EDL)."""
    text = " | ".join(p for p in (view.entry.note, view.excerpt) if p)
    return edl_text(text, 200) if edl_safe else text


def build_timeline(
    name: str,
    all_shots: list[Shot],
    target_for: Callable[[EntryView], str] | None = None,
    *,
    rate_for: Callable[[Shot], Fraction] = lambda shot: shot.rate,
    sequence_rate: Fraction | None = None,
    edl_safe: bool = False,
) -> otio.schema.Timeline:
    """The reel as one video track of clips end to end. `target_for` names each clip's media
    (a path or URL); `rate_for` gives the rate each clip is written at (its own, or the
    sequence's where a format cannot carry its own)."""
    timeline = otio.schema.Timeline(name=name)
    if sequence_rate is not None:
        timeline.global_start_time = otio.opentime.RationalTime(0, float(sequence_rate))
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    for shot in all_shots:
        track.append(_clip(shot, rate_for(shot), target_for, edl_safe))
    return timeline


def _clip(
    shot: Shot, rate: Fraction, target_for: Callable[[EntryView], str] | None, edl_safe: bool
) -> otio.schema.Clip:
    media_start, source_in, source_out = shot.frames_at(rate)
    own = float(rate)
    source = _range(source_in, source_out, own)
    # FCP needs the whole file's range; unprobed media is known to reach at least the out.
    media_frames = convert_frame(shot.media_frames or 0, shot.rate, rate)
    available = _range(media_start, media_start + max(media_frames, source_out - media_start), own)
    reference = otio.schema.ExternalReference(
        target_url=target_for(shot.view) if target_for else shot.view.media.media_path or "",
        available_range=available,
    )
    reference.name = shot.reel_name
    clip = otio.schema.Clip(name=shot.clip_name, media_reference=reference, source_range=source)
    clip.metadata["cmx_3600"] = {"reel": shot.reel_name}
    clip.metadata["media_catalog"] = catalog_metadata(shot)
    comments = [source_tc_comment(shot)] if rate != shot.rate else []  # conformed: own TC
    if shot.credit:  # another archive's footage carries its credit into every cut
        comments.append(f"CREDIT: {edl_text(shot.credit, 200)}")
        clip.metadata["fcp_xml"] = {"comments": {"mastercomment1": shot.credit}}
    if shot.consent:  # and an interview what its narrators allowed, where the editor reads
        comments.append(edl_text(shot.consent, 200).upper())
        clip.metadata.setdefault("fcp_xml", {"comments": {}})["comments"]["mastercomment2"] = (
            shot.consent
        )
    if comments:
        clip.metadata["cmx_3600"]["comments"] = comments
    if text := marker_text(shot.view, edl_safe=edl_safe):
        marker = otio.schema.Marker(
            name=text,
            marked_range=_range(source_in, source_in + 1, own),
            color=otio.schema.MarkerColor.BLUE,
        )
        clip.markers.append(marker)
    return clip


def catalog_metadata(shot: Shot) -> dict[str, object]:
    """What the catalog knows of the entry, kept in .otio files (and read back on import)."""
    view = shot.view
    return {
        "media": view.media.slug,
        "title": view.media.title,
        "rate": f"{shot.rate.numerator}/{shot.rate.denominator}",
        "in_ms": view.entry.in_ms,
        "out_ms": view.entry.out_ms,
        "handle_before_ms": view.entry.handle_before_ms,
        "handle_after_ms": view.entry.handle_after_ms,
        "note": view.entry.note,
        "excerpt": view.excerpt,
        "pid": view.media.pid,
        "credit": shot.credit,
        "rights": shot.rights_uri,
        "consent": shot.consent,
    }


def source_tc_comment(shot: Shot) -> str:
    return f"SOURCE TC {shot.src_in_tc} {shot.src_out_tc} AT {rate_label(shot.rate)} FPS"


def _range(start: int, end: int, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(end - start, rate)
    )


def write_timeline(
    fmt: str,
    name: str,
    views: list[EntryView],
    target_for: Callable[[EntryView], str] | None = None,
    rate: RateLike | None = None,
) -> str:
    """The reel in one of FORMATS, as text; `rate` is the sequence rate the editor chose."""
    if fmt == "edl":
        return write_edl(name, views, target_for, rate)
    all_shots = shots(views)
    sequence = conform.sequence_rate(fmt, [s.rate for s in all_shots], rate)
    if fmt == "fcpxml":
        return fcpxml.write_fcpxml(name, all_shots, sequence, target_for)
    if fmt == "fcp7":
        return write_fcp7(name, all_shots, sequence, target_for)
    timeline = build_timeline(name, all_shots, target_for, sequence_rate=sequence)
    return str(otio.adapters.write_to_string(timeline, FORMATS[fmt][0]))


def write_fcp7(
    name: str,
    all_shots: list[Shot],
    sequence: Fraction,
    target_for: Callable[[EntryView], str] | None = None,
) -> str:
    """FCP 7 XML: items at a timebase FCP 7 knows keep their rate, the rest are conformed to
    the sequence rate (and the file says so in a comment)."""

    def rate_for(shot: Shot) -> Fraction:
        return shot.rate if conform.carries("fcp7", shot.rate) else sequence

    timeline = build_timeline(
        name, all_shots, target_for, rate_for=rate_for, sequence_rate=sequence
    )
    text = str(otio.adapters.write_to_string(timeline, "fcp_xml"))
    note = conform.conform_note(sequence, [s.rate for s in all_shots if rate_for(s) != s.rate])
    if note is None:
        return text
    declaration, _, rest = text.partition("\n")
    return f"{declaration}\n<!-- {note} -->\n{rest}"


_EVENT_RE = re.compile(r"^(\d{3})(\s+\S+\s+\S+\s+C\s+)(\S+) (\S+) (\S+) (\S+)$")


def write_edl(
    name: str,
    views: list[EntryView],
    target_for: Callable[[EntryView], str] | None = None,
    rate: RateLike | None = None,
) -> str:
    """A CMX 3600 EDL at one sequence rate (the editor's, else the reel's most common one the
    EDL can carry). OTIO writes the events and comments; the timecodes are then written by
    timecode.py, so a 29.97 non-drop source keeps its own count (OTIO would write every 29.97
    timecode drop-frame) and rates OTIO refuses never reach it."""
    title = edl_text(name, EDL_NAME_LENGTH) or "REEL"
    if not views:
        return f"TITLE: {title}\n"
    all_shots = shots(views)
    sequence = conform.sequence_rate("edl", [s.rate for s in all_shots], rate)
    drop = _sequence_drop_frame(all_shots, sequence)
    timeline = build_timeline(
        title, all_shots, target_for, rate_for=lambda _shot: sequence, edl_safe=True
    )
    text = str(
        otio.adapters.write_to_string(timeline, "cmx_3600", rate=float(sequence), style="avid")
    )
    note = conform.conform_note(sequence, [s.rate for s in all_shots])
    lines, events, record = text.splitlines(), iter(all_shots), 0
    for index, line in enumerate(lines):
        if not (match := _EVENT_RE.match(line)):
            continue
        _start, source_in, source_out = next(events).frames_at(sequence)
        length = source_out - source_in
        codes = (source_in, source_out, record, record + length)
        timecodes = " ".join(frames_to_smpte(frame, sequence, drop) for frame in codes)
        lines[index] = f"{match[1]}{match[2]}{timecodes}"
        if note and record == 0:  # readers take comments only after an event: the first one
            lines[index] += f"\n* {edl_text(note, 200).upper()}"
        record += length
    mode = "DROP FRAME" if drop else "NON-DROP FRAME"
    return "\n".join([lines[0], f"FCM: {mode}", *lines[1:]]) + "\n"


def _sequence_drop_frame(all_shots: list[Shot], sequence: Fraction) -> bool:
    """A 29.97 sequence counts as its first 29.97 item does (drop-frame when none is)."""
    if not is_drop_frame_rate(sequence):
        return False
    return next((s.drop_frame for s in all_shots if s.rate == sequence), True)


def _record_length(shot: Shot, rate: Fraction) -> int:
    """The shot's length in frames of the sequence rate."""
    _start, source_in, source_out = shot.frames_at(rate)
    return source_out - source_in


CSV_COLUMNS = [
    "shot",
    "media",
    "title",
    "reel",
    "source_in",
    "source_out",
    "duration",
    "record_in",
    "record_out",
    "frame_rate",
    "handle_before_s",
    "handle_after_s",
    "note",
    "excerpt",
    "credit",
    "consent",
    "pid",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str | None) -> str:
    """A cell a spreadsheet shows as text, never runs: one starting like a formula gets a
    leading apostrophe (OWASP's advice on CSV injection). Notes and excerpts are typed by
    people, titles come from files anyone could have written."""
    text = text or ""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(views: list[EntryView], rate: RateLike | None = None) -> str:
    """A shot list a spreadsheet opens: source timecodes in each item's own rate, record
    timecodes in the sequence rate (the editor's, else the reel's most common)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    all_shots = shots(views)
    record_rate = exact_rate(rate) if rate is not None else timeline_rate(views)
    drop, record_in = _sequence_drop_frame(all_shots, record_rate), 0
    for shot in all_shots:
        view, rate = shot.view, shot.rate
        length = shot.source_out - shot.source_in
        record_length = _record_length(shot, record_rate)
        writer.writerow(
            [
                shot.number,
                spreadsheet_safe(view.media.slug),
                spreadsheet_safe(view.media.title),
                spreadsheet_safe(shot.reel_name),
                shot.src_in_tc,
                shot.src_out_tc,
                frames_to_smpte(length, rate, shot.drop_frame),
                frames_to_smpte(record_in, record_rate, drop),
                frames_to_smpte(record_in + record_length, record_rate, drop),
                rate_label(rate),
                f"{view.entry.handle_before_ms / 1000:g}",
                f"{view.entry.handle_after_ms / 1000:g}",
                spreadsheet_safe(view.entry.note),
                spreadsheet_safe(view.excerpt),
                spreadsheet_safe(shot.credit),
                spreadsheet_safe(shot.consent),
                view.media.pid,
            ]
        )
        record_in += record_length
    return buffer.getvalue()
