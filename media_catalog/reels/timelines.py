"""A reel as an editing timeline, through OpenTimelineIO and its adapters: CMX 3600 EDL, Final Cut
Pro 7 XML, FCPXML and native .otio; and as a CSV shot list. Source ranges are whole frames in each
media item's own rate, counted from its start timecode; excerpts and notes travel as markers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import opentimelineio as otio
from anyascii import anyascii

from ..timecode import (
    counts_drop_frame,
    exact_rate,
    frames_from_ms,
    frames_to_smpte,
    smpte_to_frames,
)
from . import EntryView

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
    rate: float
    reel_name: str
    clip_name: str
    source_in: int  # frames, from the media's start timecode on
    source_out: int  # exclusive
    media_start: int  # the media's first frame (its start timecode), in frames
    media_frames: int | None  # the media's whole length in frames, when known
    drop_frame: bool  # 29.97/59.94 sources count drop-frame unless their timecode says not

    @property
    def src_in_tc(self) -> str:
        return frames_to_smpte(self.source_in, self.rate, self.drop_frame)

    @property
    def src_out_tc(self) -> str:
        return frames_to_smpte(self.source_out, self.rate, self.drop_frame)


def media_rate(view: EntryView) -> float:
    return view.media.frame_rate or DEFAULT_RATE


def timeline_rate(views: list[EntryView]) -> float:
    """The reel's rate: its first entry's. (An EDL has one rate for every event.)"""
    return media_rate(views[0]) if views else DEFAULT_RATE


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
            )
        )
    return result


def marker_text(view: EntryView, *, edl_safe: bool = False) -> str:
    """The note and the words spoken, which travel as a marker (a `* LOC:` comment in an EDL)."""
    text = " | ".join(p for p in (view.entry.note, view.excerpt) if p)
    return edl_text(text, 200) if edl_safe else text


def build_timeline(
    name: str,
    views: list[EntryView],
    target_for: Callable[[EntryView], str] | None = None,
    *,
    rate: float | None = None,
    fcpx_rates: bool = False,
    edl_safe: bool = False,
) -> otio.schema.Timeline:
    """The reel as one video track of clips end to end. `target_for` names each clip's media
    (a path or URL); `rate` rescales every clip to one rate (what an EDL needs)."""
    timeline = otio.schema.Timeline(name=name)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    for shot in shots(views):
        own = _otio_rate(shot.rate, fcpx_rates)
        source = otio.opentime.TimeRange(
            otio.opentime.RationalTime(shot.source_in, own),
            otio.opentime.RationalTime(shot.source_out - shot.source_in, own),
        )
        # FCP needs the whole file's range; unprobed media is known to reach at least the out.
        known_frames = max(shot.media_frames or 0, shot.source_out - shot.media_start)
        available = otio.opentime.TimeRange(
            otio.opentime.RationalTime(shot.media_start, own),
            otio.opentime.RationalTime(known_frames, own),
        )
        reference = otio.schema.ExternalReference(
            target_url=target_for(shot.view) if target_for else shot.view.media.media_path or "",
            available_range=available,
        )
        reference.name = shot.reel_name
        if rate is not None:
            source = _rescaled(source, _otio_rate(rate, fcpx_rates))
        clip = otio.schema.Clip(name=shot.clip_name, media_reference=reference, source_range=source)
        clip.metadata["cmx_3600"] = {"reel": shot.reel_name}
        clip.metadata["media_catalog"] = {
            "media": shot.view.media.slug,
            "title": shot.view.media.title,
            "in_ms": shot.view.entry.in_ms,
            "out_ms": shot.view.entry.out_ms,
            "handle_before_ms": shot.view.entry.handle_before_ms,
            "handle_after_ms": shot.view.entry.handle_after_ms,
            "note": shot.view.entry.note,
            "excerpt": shot.view.excerpt,
        }
        if rate is not None and _otio_rate(rate, fcpx_rates) != own:
            # One rate per EDL: this source's own timecode travels as a comment.
            clip.metadata["cmx_3600"]["comments"] = [
                f"SOURCE TC {shot.src_in_tc} {shot.src_out_tc} AT {shot.rate:g} FPS"
            ]
        if text := marker_text(shot.view, edl_safe=edl_safe):
            marker = otio.schema.Marker(
                name=text,
                marked_range=otio.opentime.TimeRange(
                    source.start_time, otio.opentime.RationalTime(1, source.start_time.rate)
                ),
                color=otio.schema.MarkerColor.BLUE,
            )
            clip.markers.append(marker)
        track.append(clip)
    return timeline


def _otio_rate(rate: float, fcpx_rates: bool) -> float:
    """The exact rate as OTIO counts it; the FCPXML adapter knows NTSC rates only by their
    rounded names (23.98, 29.97, 59.94) and maps those to FCP's 1001/30000s frame durations."""
    exact = exact_rate(rate)
    if fcpx_rates and exact.denominator == 1001:
        return round(float(exact), 2)
    return float(exact)


def _rescaled(source: otio.opentime.TimeRange, rate: float) -> otio.opentime.TimeRange:
    start = round(source.start_time.value_rescaled_to(rate))
    end = round(source.end_time_exclusive().value_rescaled_to(rate))
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(end - start, rate)
    )


def write_timeline(
    fmt: str,
    name: str,
    views: list[EntryView],
    target_for: Callable[[EntryView], str] | None = None,
) -> str:
    """The reel in one of FORMATS, as text."""
    adapter = FORMATS[fmt][0]
    if fmt == "edl":
        return write_edl(name, views, target_for)
    if fmt == "fcpxml":  # one sequence format: every clip in the reel's rate
        rate = timeline_rate(views)
        timeline = build_timeline(name, views, target_for, rate=rate, fcpx_rates=True)
    else:
        timeline = build_timeline(name, views, target_for)
    return str(otio.adapters.write_to_string(timeline, adapter))


_EVENT_RE = re.compile(r"^(\d{3})(\s+\S+\s+\S+\s+C\s+)(\S+) (\S+) (\S+) (\S+)$")


def write_edl(
    name: str, views: list[EntryView], target_for: Callable[[EntryView], str] | None = None
) -> str:
    """A CMX 3600 EDL at the reel's rate. OTIO writes the events and comments; the timecodes are
    then written by timecode.py, so a 29.97 non-drop source keeps its own count (OTIO would
    write every 29.97 timecode drop-frame) and this stays the one place timecode is made."""
    title = edl_text(name, EDL_NAME_LENGTH) or "REEL"
    if not views:
        return f"TITLE: {title}\n"
    rate = timeline_rate(views)
    all_shots = shots(views)
    drop = all_shots[0].drop_frame
    timeline = build_timeline(title, views, target_for, rate=rate, edl_safe=True)
    text = str(
        otio.adapters.write_to_string(
            timeline, "cmx_3600", rate=float(exact_rate(rate)), style="avid"
        )
    )
    lines, events, record = text.splitlines(), iter(all_shots), 0
    for index, line in enumerate(lines):
        if not (match := _EVENT_RE.match(line)):
            continue
        shot = next(events)
        length = _record_length(shot, rate)
        source_in = shot.source_in
        if shot.rate != rate:  # one rate per EDL: the source's own timecode is in a comment
            source_in = round(shot.source_in * exact_rate(rate) / exact_rate(shot.rate))
        codes = [
            frames_to_smpte(source_in, rate, drop),
            frames_to_smpte(source_in + length, rate, drop),
            frames_to_smpte(record, rate, drop),
            frames_to_smpte(record + length, rate, drop),
        ]
        lines[index] = f"{match[1]}{match[2]}{' '.join(codes)}"
        record += length
    mode = "DROP FRAME" if drop else "NON-DROP FRAME"
    return "\n".join([lines[0], f"FCM: {mode}", *lines[1:]]) + "\n"


def _record_length(shot: Shot, rate: float) -> int:
    """The shot's length in frames of the reel's rate."""
    return round((shot.source_out - shot.source_in) * exact_rate(rate) / exact_rate(shot.rate))


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
]


def write_csv(views: list[EntryView]) -> str:
    """A shot list a spreadsheet opens: source and record timecodes, notes and words."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    record_rate, record_in = timeline_rate(views), 0  # record side: the reel's one rate
    drop = bool(views) and shots(views[:1])[0].drop_frame
    for shot in shots(views):
        view, rate = shot.view, shot.rate
        length = shot.source_out - shot.source_in
        record_length = _record_length(shot, record_rate)
        writer.writerow(
            [
                shot.number,
                view.media.slug,
                view.media.title,
                shot.reel_name,
                shot.src_in_tc,
                shot.src_out_tc,
                frames_to_smpte(length, rate, shot.drop_frame),
                frames_to_smpte(record_in, record_rate, drop),
                frames_to_smpte(record_in + record_length, record_rate, drop),
                f"{rate:g}",
                f"{view.entry.handle_before_ms / 1000:g}",
                f"{view.entry.handle_after_ms / 1000:g}",
                view.entry.note,
                view.excerpt,
            ]
        )
        record_in += record_length
    return buffer.getvalue()
