"""Reading OHMS XML, the Nunn Center's Oral History Metadata Synchronizer cache file: version 5.4
(a plain-text transcript timed by a `<sync>` element, ohms_sync.py) and 6.x (a `<vtt_transcript>`
WebVTT document). Parsing only; ohms_import.py stores it, ohms_export.py writes it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateRange, parse_date
from ..errors import IngestError
from ..formats.cues import Cue, CueError, parse_cues, parse_timestamp
from ..languages import LANGUAGES
from ..timecode import format_clock
from .ohms_sync import synced_cues
from .xmlfile import XmlDocument, read_xml

OHMS_NS = "https://www.weareavp.com/nunncenter/ohms"
# <time> of an index point is whole seconds (xs:int); our exports keep the exact starts in
# <user_notes> on a line of their own, so importing them again gives the same chapters.
EXACT_TIMES = "media-catalog index starts (ms):"
_MEDIA_FIELDS = ("media_id", "media_url", "kembed", "file_name")
_MEDIAFILE_FIELDS = (
    "host",
    "avalon_target_domain",
    "host_account_id",
    "host_player_id",
    "host_clip_id",
    "clip_format",
)
_CLOCK = re.compile(r"^(\d+):(\d{1,2}):(\d{1,2})$")
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")


@dataclass
class IndexPoint:
    start_ms: int
    title: str
    line: int | None
    synopsis: str = ""
    keywords: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    # The rest travels in Chapter.details: partial transcript, _alt twins, GPS, hyperlinks.
    details: dict = field(default_factory=dict)  # type: ignore[type-arg]


@dataclass
class Track:
    language: str
    kind: str  # "original" | "translation"
    cues: list[Cue]


@dataclass
class OhmsRecord:
    path: Path
    version: str
    title: str
    slug_hint: str | None = None
    date: DateRange | None = None
    interviewee: str | None = None
    interviewer: str | None = None
    accession: str | None = None
    repository: str | None = None
    collection: str | None = None
    funding: str | None = None  # the credit line
    description: str = ""
    rights: str | None = None
    restricted: bool = False
    duration_ms: int | None = None
    language: str = "en"
    keywords: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    # Where a player finds the media: kept as the file says, written back on export.
    media: dict[str, str | list[str]] = field(default_factory=dict)
    points: list[IndexPoint] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _at(parent: ET.Element, name: str) -> ET.Element:
    """The child element to name in an error, or the parent when the child is missing."""
    child = parent.find(name)
    return child if child is not None else parent


def _list(text: str) -> list[str]:
    """OHMS separates keywords and subjects with semicolons."""
    return [part.strip() for part in text.split(";") if part.strip()]


def language_tag(doc: XmlDocument, element: ET.Element | None, default: str) -> str:
    value = _text(element)
    if not value:
        return default
    tag = LANGUAGES.get(value.lower()) or (
        value if _LANGUAGE_TAG.match(value) and len(value) <= 35 else None
    )
    if tag is None:
        doc.fail(
            element,
            f"<{element.tag}>: unknown language {value!r} "  # type: ignore[union-attr]
            "(English, Russian, Hebrew, or a BCP 47 tag)",
        )  # type: ignore[union-attr]
    return tag


def read_ohms(path: Path) -> OhmsRecord:
    """Parse and check an OHMS file completely; IngestError names file, line and element."""
    doc = read_xml(path)
    records = doc.root.findall("record") if doc.root.tag == "ROOT" else []
    if not records:
        doc.fail(doc.root, "not an OHMS file: expected <ROOT> with a <record>")
    if len(records) > 1:  # rather than import the first and drop the rest unseen
        doc.fail(records[1], f"{len(records)} <record>s in one file: give each its own file")
    record = records[0]
    version = _text(record.find("version"))
    if not re.match(r"^[56](\.\d+)*$", version):
        doc.fail(_at(record, "version"), f"<version>: OHMS 5.x or 6.x expected, not {version!r}")
    title = _text(record.find("title"))
    if not title:
        doc.fail(_at(record, "title"), "<title>: an interview needs a title")
    ohms = OhmsRecord(path=path, version=version, title=title)
    _read_metadata(doc, record, ohms)
    ohms.points = [_read_point(doc, point) for point in record.iterfind("index/point")]
    _exact_starts(record, ohms)
    _check_points(doc, ohms)
    _read_tracks(doc, record, ohms)
    return ohms


def _read_tracks(doc: XmlDocument, record: ET.Element, ohms: OhmsRecord) -> None:
    version = ohms.version
    alt_language = language_tag(doc, record.find("transcript_alt_lang"), "")
    # 5.x: a plain transcript timed by <sync>; 6.x: a WebVTT transcript. Each has an _alt twin.
    legacy = version.startswith("5")
    names = ("transcript", "transcript_alt") if legacy else ("vtt_transcript", "vtt_transcript_alt")
    for name, language, kind in zip(
        names, (ohms.language, alt_language), ("original", "translation"), strict=True
    ):
        element = record.find(name)
        if element is None or not _text(element):
            continue
        if not language:
            doc.fail(
                _at(record, "transcript_alt_lang"),
                "<transcript_alt_lang>: the translation's language is missing",
            )
        if legacy:
            sync = record.find(name.replace("transcript", "sync"))
            if not _text(sync) and not ohms.duration_ms:
                # Nothing times it; the index and the record are still worth having.
                ohms.warnings.append(
                    f"<{name}> left out: no <sync> marks and no <duration> to time it by"
                )
                continue
            cues = synced_cues(doc, element, sync, ohms.duration_ms)
        else:
            cues = vtt_cues(doc, element, ohms.duration_ms, ohms.warnings)
        ohms.tracks.append(Track(language, kind, cues))


def _read_metadata(doc: XmlDocument, record: ET.Element, ohms: OhmsRecord) -> None:
    ohms.slug_hint = _text(record.find("cms_record_id")) or None
    date = record.find("date")
    date_text = (date.get("value") or "").strip() if date is not None else ""
    date_text = date_text or _text(record.find("date_nonpreferred_format"))
    if date_text and date_text.lower() not in ("unknown date", "unknown"):
        try:
            ohms.date = parse_date(date_text)
        except ValueError:
            doc.fail(date, f"<date>: {date_text!r} is not a date (1977, 1977-03, 1977-03-15)")
    people = {
        name: "; ".join(t for e in record.iterfind(name) if (t := _text(e))) or None
        for name in ("interviewee", "interviewer")
    }
    ohms.interviewee, ohms.interviewer = people["interviewee"], people["interviewer"]
    ohms.accession = _text(record.find("accession")) or None
    ohms.repository = _text(record.find("repository")) or None
    ohms.collection = _text(record.find("collection_name")) or None
    ohms.funding = _text(record.find("funding")) or None
    ohms.description = _text(record.find("description"))
    ohms.rights = _text(record.find("rights")) or None
    ohms.restricted = _text(record.find("userestrict")) == "1"
    duration = record.find("duration")
    if value := _text(duration):
        match = _CLOCK.match(value)
        if not match:
            doc.fail(duration, f"<duration>: {value!r} is not HH:MM:SS")
        h, m, s = (int(g) for g in match.groups())
        ohms.duration_ms = ((h * 60 + m) * 60 + s) * 1000 or None
    ohms.language = language_tag(doc, record.find("language"), "en")
    ohms.keywords = [k for e in record.iterfind("keyword") for k in _list(_text(e))]
    ohms.subjects = [s for e in record.iterfind("subject") for s in _list(_text(e))]
    ohms.media = _read_media(record)
    _check_lengths(doc, record, ohms)


def _read_media(record: ET.Element) -> dict[str, str | list[str]]:
    """Media URL, kembed, file name, format and the `<mediafile>` host fields, as written."""
    media: dict[str, str | list[str]] = {
        name: value for name in _MEDIA_FIELDS if (value := _text(record.find(name)))
    }
    mediafile = record.find("mediafile")
    if mediafile is not None:
        media |= {
            name: value for name in _MEDIAFILE_FIELDS if (value := _text(mediafile.find(name)))
        }
    if formats := [text for e in record.iterfind("format") if (text := _text(e))]:
        media["format"] = formats
    if fmt := _text(record.find("fmt")):
        media["fmt"] = fmt
    return media


def _exact_starts(record: ET.Element, ohms: OhmsRecord) -> None:
    """Index starts to the millisecond from our own exports' note, when it fits the points."""
    for line in _text(record.find("user_notes")).splitlines():
        if not line.startswith(EXACT_TIMES):
            continue
        try:
            starts = [int(part) for part in line[len(EXACT_TIMES) :].split()]
        except ValueError:
            return
        points = ohms.points
        if len(starts) == len(points) and all(
            abs(ms - p.start_ms) < 1000 for ms, p in zip(starts, points, strict=True)
        ):
            for ms, point in zip(starts, points, strict=True):
                point.start_ms = ms


# Column sizes of what a record fills: refused here, at their element, on SQLite as on PostgreSQL.
LIMITS = {
    "title": ("title", 500),
    "accession": ("accession", 300),
    "interviewee": ("interviewee", 300),
    "interviewer": ("interviewer", 300),
    "repository": ("repository", 500),
    "collection": ("collection_name", 500),
    "funding": ("funding", 500),
}
TAG_MAX = 300  # a subject or keyword becomes an annotation's tag


def _too_long(doc: XmlDocument, element: ET.Element, value: str, limit: int) -> None:
    if len(value) > limit:
        doc.fail(element, f"<{element.tag}>: longer than {limit} characters")


def _check_lengths(doc: XmlDocument, record: ET.Element, ohms: OhmsRecord) -> None:
    for attribute, (name, limit) in LIMITS.items():
        _too_long(doc, _at(record, name), getattr(ohms, attribute) or "", limit)
    if ohms.date:
        _too_long(doc, _at(record, "date"), ohms.date.text, 100)
    for name in ("keyword", "subject"):
        for element in record.iterfind(name):
            for value in _list(_text(element)):
                _too_long(doc, element, value, TAG_MAX)


def _read_point(doc: XmlDocument, point: ET.Element) -> IndexPoint:
    time = point.find("time")
    value = _text(time)
    try:
        seconds = float(value)
    except ValueError:
        doc.fail(time if time is not None else point, f"<point><time>: {value!r} is not seconds")
    if not 0 <= seconds < 2**31 / 1000:
        doc.fail(time, f"<point><time>: {value!r} is out of range")
    title = " ".join(_text(point.find("title")).split())
    if not title:
        doc.fail(point, "<point><title>: an index point needs a title")
    details: dict = {}  # type: ignore[type-arg]
    for name in ("title_alt", "partial_transcript", "partial_transcript_alt", "synopsis_alt"):
        if text := _text(point.find(name)):
            details[name] = text
    for name in ("keywords_alt", "subjects_alt"):
        if values := _list(_text(point.find(name))):
            details[name] = values
    gps = [_gps(doc, g) for g in point.iterfind("gpspoints")]
    if gps := [g for g in gps if g]:
        details["gps"] = gps
    links = [
        {
            k: v
            for k, v in (
                ("url", _text(h.find("hyperlink"))),
                ("text", _text(h.find("hyperlink_text"))),
                ("text_alt", _text(h.find("hyperlink_text_alt"))),
            )
            if v
        }
        for h in point.iterfind("hyperlinks")
    ]
    if links := [link for link in links if link.get("url")]:
        details["hyperlinks"] = links
    for name in ("subjects", "keywords"):
        for value in _list(_text(point.find(name))):
            _too_long(doc, point.find(name), value, TAG_MAX)  # type: ignore[arg-type]
    return IndexPoint(
        start_ms=round(seconds * 1000),
        title=title,
        line=doc.line(point),
        synopsis=_text(point.find("synopsis")),
        keywords=_list(_text(point.find("keywords"))),
        subjects=_list(_text(point.find("subjects"))),
        details=details,
    )


def _gps(doc: XmlDocument, element: ET.Element) -> dict | None:  # type: ignore[type-arg]
    where = _text(element.find("gps"))
    if not where:
        return None
    try:
        lat, lon = (float(part) for part in where.split(","))
    except ValueError:
        doc.fail(element, f"<gps>: {where!r} is not 'latitude, longitude'")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        doc.fail(element, f"<gps>: {where!r} is not on Earth")
    found = {"lat": lat, "lon": lon}
    zoom = _text(element.find("gps_zoom"))
    if zoom and zoom != "0":
        found["zoom"] = int(zoom) if zoom.isdecimal() else zoom  # type: ignore[assignment]
    for name, key in (("gps_text", "text"), ("gps_text_alt", "text_alt")):
        if text := _text(element.find(name)):
            found[key] = text  # type: ignore[assignment]
    return found


def _check_points(doc: XmlDocument, ohms: OhmsRecord) -> None:
    seen: set[int] = set()
    for point in ohms.points:
        if point.start_ms in seen:
            raise _point_error(
                doc, point, f"another index point starts at {point.start_ms / 1000:g} s"
            )
        if ohms.duration_ms and point.start_ms >= ohms.duration_ms:
            raise _point_error(doc, point, "starts after the end of the interview")
        seen.add(point.start_ms)
    ohms.points.sort(key=lambda p: p.start_ms)


def _point_error(doc: XmlDocument, point: IndexPoint, reason: str) -> IngestError:
    return IngestError(str(doc.path), f"<point> {point.title!r}: {reason}", point.line)


# --- 6.x: a WebVTT transcript ----------------------------------------------------------------

_BREAK = re.compile(r"(?:<br\s*/?>\s*)+", re.IGNORECASE)  # a blank line would end the cue
_TIMING = re.compile(r"^(\S+)(\s+-->\s+)(\S+)(.*)$")


def vtt_cues(
    doc: XmlDocument,
    element: ET.Element,
    duration_ms: int | None,
    warnings: list[str] | None = None,
) -> list[Cue]:
    """Cues of a `<vtt_transcript>`. OHMS writes `<br>` inside cues and ends the last cue at
    00:00:00.000: a line break, and the next cue's start (or the interview's end)."""
    text = _BREAK.sub("\n", "".join(element.itertext()).strip())
    offset = (doc.line(element) or 1) - 1
    mended, notes = _mend_zero_ends(text, duration_ms)
    if warnings is not None:
        warnings += [f"<{element.tag}>: {note}" for note in notes]
    try:
        cues = parse_cues(mended, "vtt").cues
    except CueError as exc:
        line = offset + exc.line if exc.line else doc.line(element)
        raise IngestError(str(doc.path), f"<{element.tag}>: {exc.reason}", line) from None
    for cue in cues:
        cue.line += offset
    return cues


# A last cue ending at 00:00:00 with no interview end to run to gets this long.
LAST_CUE_MS = 5000


def _mend_zero_ends(text: str, duration_ms: int | None) -> tuple[str, list[str]]:
    """Cues ending at 00:00:00 end where the next begins; the last where the interview ends,
    or LAST_CUE_MS after its start, with a note (OHMS's own files need no note)."""
    lines = text.split("\n")
    timings = [i for i, line in enumerate(lines) if "-->" in line]
    notes = []
    for n, i in enumerate(timings):
        match = _TIMING.match(lines[i].strip())
        if not match or parse_timestamp(match.group(3)) != 0:
            continue
        start = parse_timestamp(match.group(1))
        if not start:
            continue
        following = None
        if n + 1 < len(timings) and (m := _TIMING.match(lines[timings[n + 1]].strip())):
            following = parse_timestamp(m.group(1))
        end = following if following and following > start else duration_ms
        last = n + 1 == len(timings)
        if (not end or end <= start) and not last:
            continue  # a cue inside the text: parse_cues names it
        if not end or end <= start:
            end = start + LAST_CUE_MS
        if last:
            notes.append(
                f"the last cue ({match.group(1)}) ends at 00:00:00: ended it at {format_clock(end)}"
                + ("" if end != start + LAST_CUE_MS else " (the interview's end is not known)")
            )
        lines[i] = f"{match.group(1)}{match.group(2)}{format_clock(end)}{match.group(4)}"
    return "\n".join(lines), notes
