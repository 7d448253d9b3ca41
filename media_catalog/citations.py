"""Citing a moment of an interview or a clip: a segment with its permalink and time, as a
Chicago-style note, a BibTeX entry and CSL-JSON. The caller has checked the user may see it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from . import rights
from .models import MediaItem, Segment
from .timecode import format_short

MONTHS = (
    "January February March April May June July August September October November December"
).split()
PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
BIBTEX_ESCAPES = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


@dataclass(frozen=True)
class Moment:
    item: MediaItem
    segment: Segment
    url: str  # the permalink, with the time
    accessed: date

    @property
    def times(self) -> str:
        return f"{format_short(self.segment.start_ms)}–{format_short(self.segment.end_ms)}"

    @property
    def date_parts(self) -> list[int] | None:
        match = PARTIAL_ISO.match((self.item.date_text or "").strip())
        return [int(part) for part in match.groups() if part] if match else None

    @property
    def film_titles(self) -> list[str]:
        return [film.title for film in sorted(self.item.films, key=lambda f: f.id)]


def _written_date(moment: Moment) -> str | None:
    parts = moment.date_parts
    if parts is None:
        return moment.item.date_text
    if len(parts) == 1:
        return str(parts[0])
    month = MONTHS[parts[1] - 1] if 1 <= parts[1] <= 12 else str(parts[1])
    return f"{month} {parts[2]}, {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def _holding(item: MediaItem) -> str:
    return ", ".join(p for p in (item.identifier, item.source_collection, item.source_archive) if p)


def chicago(moment: Moment) -> str:
    """A bibliography entry in the Chicago Manual of Style's form for interviews and
    audiovisual sources, with the moment's time before the permalink."""
    item = moment.item
    parts = [f"{item.interviewee}." if item.interviewee else None]
    parts.append(f"“{item.title}.”" if item.interviewee else f"{item.title}.")
    if item.interviewer:
        parts.append(f"Interview by {item.interviewer}.")
    where_when = ", ".join(p for p in (item.place, _written_date(moment)) if p)
    parts.append(f"{where_when}." if where_when else None)
    parts.append(f"{_holding(item)}." if _holding(item) else None)
    parts.append(f"At {moment.times}.")
    parts.append(f"Accessed {_written_date_of(moment.accessed)}.")
    parts.append(f"{moment.url}.")
    return " ".join(p for p in parts if p)


def _written_date_of(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def csl_json(moment: Moment) -> str:
    """One CSL-JSON item, in a list (the form citation managers import)."""
    item, pid = moment.item, moment.segment.pid
    record: dict[str, object] = {
        "id": pid,
        "type": "interview" if item.kind == "interview" else "motion_picture",
        "title": item.title,
        "URL": moment.url,
        "accessed": {
            "date-parts": [[moment.accessed.year, moment.accessed.month, moment.accessed.day]]
        },
        "note": f"At {moment.times}. Identifier {pid}.",
    }
    if item.interviewee:
        record["author"] = [{"literal": item.interviewee}]
    if item.interviewer:
        record["interviewer"] = [{"literal": item.interviewer}]
    if moment.date_parts:
        record["issued"] = {"date-parts": [moment.date_parts]}
    elif item.date_text:
        record["issued"] = {"literal": item.date_text}
    optional = {
        "publisher-place": item.place,
        "archive": item.source_archive,
        "archive_collection": item.source_collection,
        "archive_location": item.identifier,
        "container-title": "; ".join(moment.film_titles) or None,
        "license": rights.of_item(item).uri,
    }
    record |= {key: value for key, value in optional.items() if value}
    return json.dumps([record], ensure_ascii=False, indent=2) + "\n"


def bibtex(moment: Moment) -> str:
    """A BibTeX @misc entry (biblatex reads its url and urldate too)."""
    item, pid = moment.item, moment.segment.pid
    fields = [
        ("author", f"{{{_escape(item.interviewee)}}}" if item.interviewee else None),
        ("title", _escape(item.title)),
        ("howpublished", _escape(f"Interview by {item.interviewer}") if item.interviewer else None),
        ("year", str(moment.date_parts[0]) if moment.date_parts else None),
        ("month", MONTHS[moment.date_parts[1] - 1][:3].lower() if _has_month(moment) else None),
        ("address", _escape(item.place) if item.place else None),
        ("note", _escape(f"At {moment.times}. {_holding(item)}".strip().rstrip("."))),
        ("url", moment.url),
        ("urldate", moment.accessed.isoformat()),
    ]
    lines = [f"  {name} = {{{value}}}," for name, value in fields if value]
    return f"@misc{{mc{pid},\n" + "\n".join(lines) + "\n}\n"


def _has_month(moment: Moment) -> bool:
    parts = moment.date_parts
    return parts is not None and len(parts) > 1 and 1 <= parts[1] <= 12


def _escape(text: str) -> str:
    """LaTeX's special characters made literal; the rest (Cyrillic, Hebrew) stays UTF-8."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)
