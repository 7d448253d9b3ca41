"""A reel as FCPXML 1.8, written here rather than by OTIO's adapter: that adapter knows eight
rates by float lookup (any other gets `frameDuration=""`) and finds elements by name with
ElementPath (a title with an apostrophe breaks it). Every item keeps its own rate: each rate
is a <format> with an exact frameDuration, times are exact rational seconds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

from ..timecode import is_drop_frame_rate

if TYPE_CHECKING:
    from . import EntryView
    from .timelines import Shot

VERSION = "1.8"


# The Spotlight copyright attribute, which Final Cut Pro shows among a clip's metadata.
CREDIT_KEY = "com.apple.proapps.spotlight.kMDItemCopyright"
NOTES_KEY = "com.apple.proapps.studio.notes"  # Final Cut Pro's Notes field of a clip


def frame_duration(rate: Fraction) -> str:
    """25 -> `1/25s`, 30000/1001 -> `1001/30000s`: one frame, as FCPXML writes it."""
    return f"{rate.denominator}/{rate.numerator}s"


def seconds(frames: int, rate: Fraction) -> str:
    """A frame count as FCPXML's rational seconds (`0s`, `3600s`, `1001/6s`)."""
    return _rational(Fraction(frames) / rate)


def _rational(value: Fraction) -> str:
    if value == 0:
        return "0s"
    return f"{value.numerator}s" if value.denominator == 1 else f"{value}s"


class _Resources:
    """The <resources> element: one <format> per rate, one <asset> per media item."""

    def __init__(self, parent: ET.Element) -> None:
        self.element = ET.SubElement(parent, "resources")
        self.formats: dict[Fraction, str] = {}
        self.assets: dict[int, str] = {}

    def _next_id(self) -> str:
        return f"r{len(self.formats) + len(self.assets) + 1}"

    def format_for(self, rate: Fraction) -> str:
        if rate not in self.formats:
            self.formats[rate] = self._next_id()
            ET.SubElement(
                self.element,
                "format",
                id=self.formats[rate],
                frameDuration=frame_duration(rate),
            )
        return self.formats[rate]

    def asset_for(self, shot: Shot, src: str) -> str:
        media_id = shot.view.media.id
        if media_id not in self.assets:
            rate = shot.rate
            known = max(shot.media_frames or 0, shot.source_out - shot.media_start)
            format_id = self.format_for(rate)
            self.assets[media_id] = self._next_id()
            ET.SubElement(
                self.element,
                "asset",
                id=self.assets[media_id],
                name=shot.view.media.title or shot.view.media.slug,
                uid=shot.view.media.slug,
                src=src,
                start=seconds(shot.media_start, rate),
                duration=seconds(known, rate),
                format=format_id,
                hasVideo="1" if shot.view.media.frame_rate else "0",
                hasAudio="1",
            )
        return self.assets[media_id]


def write_fcpxml(
    name: str,
    all_shots: list[Shot],
    sequence: Fraction,
    target_for: Callable[[EntryView], str] | None = None,
) -> str:
    """The reel as one project: a spine of asset-clips end to end, markers for notes."""
    from .timelines import marker_text

    root = ET.Element("fcpxml", version=VERSION)
    resources = _Resources(root)
    sequence_format = resources.format_for(sequence)
    event = ET.SubElement(ET.SubElement(root, "library"), "event", name=name)
    project = ET.SubElement(event, "project", name=name)
    timecode_format = "DF" if is_drop_frame_rate(sequence) else "NDF"
    sequence_e = ET.SubElement(
        project, "sequence", format=sequence_format, tcStart="0s", tcFormat=timecode_format
    )
    # Offsets and durations are exact sums of each item's own frames: nothing is rounded to the
    # sequence's frames here (an editor conforms on import, as FCP does with mixed-rate media).
    spine, record = ET.SubElement(sequence_e, "spine"), Fraction(0)
    for shot in all_shots:
        src = target_for(shot.view) if target_for else shot.view.media.media_path or ""
        length = Fraction(shot.source_out - shot.source_in) / shot.rate
        clip = ET.SubElement(
            spine,
            "asset-clip",
            ref=resources.asset_for(shot, src),
            name=shot.clip_name,
            offset=_rational(record),
            start=seconds(shot.source_in, shot.rate),
            duration=_rational(length),
            tcFormat="DF" if shot.drop_frame else "NDF",
        )
        if text := marker_text(shot.view):
            ET.SubElement(
                clip,
                "marker",
                start=seconds(shot.source_in, shot.rate),
                duration=seconds(1, shot.rate),
                value=text,
            )
        if shot.credit or shot.consent:
            metadata = ET.SubElement(clip, "metadata")  # last, as the DTD orders it
            if shot.credit:  # another archive's footage carries its credit into every cut
                ET.SubElement(metadata, "md", key=CREDIT_KEY, value=shot.credit)
            if shot.consent:  # what the narrators allowed, in the clip's notes
                ET.SubElement(metadata, "md", key=NOTES_KEY, value=shot.consent)
        record += length
    sequence_e.set("duration", _rational(record))
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n\n{body}\n'
