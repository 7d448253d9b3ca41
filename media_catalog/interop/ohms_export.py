"""Writing a media item as an OHMS XML cache file, 5.4 (`<transcript>` + `<sync>`) or 6.0
(`<vtt_transcript>`), from what the reader may see: chapters become index points, annotations
over a chapter's whole range its subjects, annotations over the whole item the record's
subjects (entities) and keywords (tags). Importing the result gives the same catalog."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, catalog, rights
from ..chapters import chapters_of
from ..formats.captions import to_webvtt
from ..languages import LANGUAGES, language_name
from ..models import Annotation, Chapter, MediaItem, Segment, Transcript, User
from ..models.transcripts import MACHINE_KIND
from .ohms import EXACT_TIMES, OHMS_NS
from .ohms_import import SUBJECT_ROLE, chapter_ranges, media_end_ms
from .ohms_sync import transcript_words

VERSIONS = ("5.4", "6.0")
LINE_WIDTH = 80
SYNC_MINUTES = 1


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, name, attrs)
    if text:
        element.text = text
    return element


def _label(annotation: Annotation) -> str | None:
    return annotation.entity.name if annotation.entity is not None else annotation.tag


@dataclass
class _Seen:
    """What the reader may see of the item, gathered once for every part of the record."""

    original: tuple[Transcript, list[Segment]] | None
    translation: tuple[Transcript, list[Segment]] | None
    ranges: list[tuple[Chapter, int, int]]
    by_range: dict[tuple[int, int], list[Annotation]]
    whole: list[Annotation]
    hidden: list[tuple[int, int]]
    media: dict[str, Any]  # what an imported OHMS file said of the media


def export_ohms(
    session: Session,
    user: User | None,
    item: MediaItem,
    version: str = "5.4",
    media_url: str | None = None,
    permalink: str | None = None,
) -> str:
    """The item as an OHMS cache file valid against the OHMS XSD, its elements in the order
    OHMS itself writes them (empty ones included, as OHMS viewers expect them); `media_url` is
    where a player finds the media (default: the one an imported file gave); `permalink` the
    address of its persistent identifier, written with the terms of use."""
    if version not in VERSIONS:
        raise ValueError(f"OHMS version {version!r}: one of {', '.join(VERSIONS)}")
    seen = _gather(session, user, item)
    root = ET.Element("ROOT", {"xmlns": OHMS_NS})
    # The schema wants an integer id: the row's; the slug travels in <cms_record_id>.
    record = _add(root, "record", id=str(item.id), dt=datetime.now(UTC).strftime("%Y-%m-%d"))
    _write_head(record, item, version)
    _write_people(record, item, seen)
    _write_media(record, item, version, seen, media_url)
    index = _add(record, "index")
    for chapter, start, end in seen.ranges:
        # A partial transcript quotes the words at the point: not those of a hidden passage.
        quotes = not any(a <= chapter.start_ms < b for a, b in seen.hidden)
        _point(index, chapter, seen.by_range.get((start, end), []), quotes)
    _write_body(record, item, version, seen, permalink)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _gather(session: Session, user: User | None, item: MediaItem) -> _Seen:
    tracks = [
        (t, catalog.visible_segments(session, user, t))
        for t in catalog.transcripts_of(session, user, item)
    ]
    end_ms = media_end_ms(session, item)
    ranges = chapter_ranges(chapters_of(session, item, user), end_ms)
    by_range: dict[tuple[int, int], list[Annotation]] = {}
    for moment in catalog.media_annotations(session, user, item):
        if moment.segment is None and _label(moment.annotation):
            key = (moment.annotation.start_ms, moment.annotation.end_ms)
            by_range.setdefault(key, []).append(moment.annotation)
    chapter_keys = {(start, end) for _c, start, end in ranges}
    return _Seen(
        # An item nobody transcribed exports its machine transcript, said to be one.
        original=next(((t, s) for t, s in tracks if t.kind == "original"), None)
        or next(((t, s) for t, s in tracks if t.kind == MACHINE_KIND), None),
        translation=next(((t, s) for t, s in tracks if t.kind == "translation"), None),
        ranges=ranges,
        by_range=by_range,
        whole=[] if (0, end_ms) in chapter_keys else by_range.get((0, end_ms), []),
        hidden=_hidden_passages(session, user, item),
        media=dict((item.technical or {}).get("ohms") or {}),
    )


def _write_head(record: ET.Element, item: MediaItem, version: str) -> None:
    _add(record, "version", version)
    _add(record, "date", value=item.date_text or "", format="yyyy-mm-dd")
    _add(record, "date_nonpreferred_format")
    _add(record, "cms_record_id", item.slug)
    _add(record, "title", item.title)
    _add(record, "accession", item.identifier)
    _add(record, "duration", _clock(item.duration_ms) if item.duration_ms else None)
    _add(record, "collection_id")
    _add(record, "collection_name", item.source_collection)
    _add(record, "series_id")
    _add(record, "series_name")
    _add(record, "repository", item.source_archive)
    _add(record, "funding", item.source_credit)
    _add(record, "repository_url")


def _is_subject(annotation: Annotation) -> bool:
    return annotation.entity is not None or annotation.role == SUBJECT_ROLE


def _write_people(record: ET.Element, item: MediaItem, seen: _Seen) -> None:
    """Subjects (entities, and subjects that named none), keywords, people, formats."""
    for annotation in seen.whole:
        if _is_subject(annotation):
            _add(record, "subject", _label(annotation))
    for annotation in seen.whole:
        if not _is_subject(annotation):
            _add(record, "keyword", annotation.tag)
    for name, value in (("interviewee", item.interviewee), ("interviewer", item.interviewer)):
        for person in (value or "").split("; "):
            if person:
                _add(record, name, person)
    for value in seen.media.get("format") or []:
        _add(record, "format", value)
    file_name = item.media_path.rsplit("/", 1)[-1] if item.media_path else None
    _add(record, "file_name", file_name or seen.media.get("file_name"))


def _write_media(
    record: ET.Element, item: MediaItem, version: str, seen: _Seen, media_url: str | None
) -> None:
    """From <sync> to <user_notes>: timing, languages and where a player finds the media."""
    if version == "5.4":
        for name, track in (("sync", seen.original), ("sync_alt", seen.translation)):
            _add(record, name, _sync_and_text(track[1])[0] if track else None)
    translation = seen.translation
    _add(
        record,
        "transcript_alt_lang",
        language_name(translation[0].language) if translation else None,
    )
    _add(record, "translate", "1" if translation else "0")
    _add(record, "media_id", seen.media.get("media_id"))
    _add(record, "media_url", media_url or seen.media.get("media_url"))
    mediafile = _add(record, "mediafile")
    _add(mediafile, "host", seen.media.get("host") or "Other")
    for name in ("avalon_target_domain", "host_account_id", "host_player_id", "host_clip_id"):
        if seen.media.get(name):
            _add(mediafile, name, seen.media[name])
    _add(mediafile, "clip_format", seen.media.get("clip_format") or _format(item, seen))
    _add(record, "kembed", seen.media.get("kembed"))
    language = seen.original[0].language if seen.original else "en"
    _add(
        record, "language", language_name(language) if language in LANGUAGES.values() else language
    )
    starts = " ".join(str(chapter.start_ms) for chapter, _s, _e in seen.ranges)
    _add(record, "user_notes", f"{EXACT_TIMES} {starts}" if seen.ranges else None)


def _format(item: MediaItem, seen: _Seen) -> str:
    if (item.technical or {}).get("video_codec"):
        return "video"
    fmt = seen.media.get("fmt") or seen.media.get("clip_format")
    return fmt if fmt in ("audio", "video") else "audio"


def _rights_text(item: MediaItem) -> str | None:
    """<rights>: the statement with its URI, the holder, the rights note (inherited ones say
    that they come from the film)."""
    held = rights.of_item(item)
    parts = [f"{held.label} ({held.uri})." if held.uri else None]
    parts.append(f"Rights holder: {held.holder}." if held.holder else None)
    parts.append(f"From the film {held.from_film.title}." if held.from_film else None)
    parts.append(item.rights)
    return " ".join(p for p in parts if p) or None


def _usage_text(item: MediaItem, permalink: str | None) -> str | None:
    """<usage>: the terms for reuse, the credit line a reuse carries, how to cite it."""
    held = rights.of_item(item)
    parts = [held.terms, f"Credit: {held.credit}." if held.credit else None]
    parts.append(f"Cite as {permalink} (identifier {item.pid})." if permalink else None)
    return " ".join(p for p in parts if p) or None


def _write_body(
    record: ET.Element, item: MediaItem, version: str, seen: _Seen, permalink: str | None
) -> None:
    """From <type> to <userestrict>: description, transcripts, rights, format."""
    _add(record, "type")
    _add(record, "description", _description(item, seen))
    if version == "5.4":
        for name, track in (("transcript", seen.original), ("transcript_alt", seen.translation)):
            _add(record, name, _sync_and_text(track[1])[1] if track else None)
    else:
        # The published XSD predates these; OHMS 6 writes them where 5.4 wrote <transcript>.
        for name, track in (
            ("vtt_transcript", seen.original),
            ("vtt_transcript_alt", seen.translation),
        ):
            if track:
                _add(record, name, to_webvtt(track[1]))
    _add(record, "rights", _rights_text(item))
    _add(record, "fmt", _format(item, seen))
    _add(record, "usage", _usage_text(item, permalink))
    _add(record, "userestrict", "1" if item.restricted else "0")


def _description(item: MediaItem, seen: _Seen) -> str | None:
    if seen.original is None or seen.original[0].kind != MACHINE_KIND:
        return item.description
    note = (
        f"The transcript is a machine transcript made by speech recognition "
        f"({seen.original[0].engine or 'unknown engine'}), not checked word by word by a person."
    )
    return f"{item.description}\n\n{note}" if item.description else note


def _clock(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _hidden_passages(session: Session, user: User | None, item: MediaItem) -> list[tuple[int, int]]:
    """The time ranges of restricted passages this reader may not see."""
    if access.can_see_restricted(user) or access.is_granted(user, item):
        return []
    rows = session.execute(
        select(Segment.start_ms, Segment.end_ms)
        .join(Transcript)
        .where(Transcript.media_item_id == item.id, Segment.restricted.is_(True))
    )
    return [(start, end) for start, end in rows]


def _point(index: ET.Element, chapter: Chapter, subjects: list[Annotation], quotes: bool) -> None:
    details = dict(chapter.details or {})
    if not quotes:
        details.pop("partial_transcript", None)
        details.pop("partial_transcript_alt", None)
    point = _add(index, "point")
    _add(point, "time", str(round(chapter.start_ms / 1000)))  # xs:int; exact in <user_notes>
    _add(point, "title", chapter.title)
    _add(point, "title_alt", details.get("title_alt"))
    _add(point, "partial_transcript", details.get("partial_transcript"))
    _add(point, "partial_transcript_alt", details.get("partial_transcript_alt"))
    _add(point, "synopsis", chapter.description)
    _add(point, "synopsis_alt", details.get("synopsis_alt"))
    _add(point, "keywords", ";".join(chapter.keywords or []))
    _add(point, "keywords_alt", ";".join(details.get("keywords_alt", [])))
    _add(point, "subjects", ";".join(label for a in subjects if (label := _label(a))))
    _add(point, "subjects_alt", ";".join(details.get("subjects_alt", [])))
    for gps in details.get("gps", []):
        element = _add(point, "gpspoints")
        _add(element, "gps", f"{gps['lat']}, {gps['lon']}")
        _add(element, "gps_zoom", str(gps.get("zoom", "")))
        _add(element, "gps_text", gps.get("text"))
        _add(element, "gps_text_alt", gps.get("text_alt"))
    for link in details.get("hyperlinks", []):
        element = _add(point, "hyperlinks")
        _add(element, "hyperlink", link["url"])
        _add(element, "hyperlink_text", link.get("text"))
        _add(element, "hyperlink_text_alt", link.get("text_alt"))


def _sync_and_text(segments: list[Segment]) -> tuple[str, str]:
    """A 5.4 transcript (a paragraph per segment, the speaker named when it changes, lines
    wrapped) and its `<sync>`: the word spoken at every full minute, by word count inside the
    segment that minute falls in."""
    paragraphs, speaker = [], None
    for segment in segments:
        text = " ".join(segment.text.split()) or "…"
        if segment.speaker and segment.speaker != speaker:
            text = f"{segment.speaker.upper()}: {text}"
        speaker = segment.speaker or speaker
        paragraphs.append(
            "\n".join(
                textwrap.wrap(text, LINE_WIDTH, break_long_words=False, break_on_hyphens=False)
            )
        )
    transcript = "\n\n".join(paragraphs)
    words, _ = transcript_words(transcript)
    counts = [len(" ".join(s.text.split()).split()) or 1 for s in segments]
    firsts, total = [], 0
    for count in counts:
        firsts.append(total)
        total += count
    marks = []
    interval = SYNC_MINUTES * 60_000
    end = segments[-1].end_ms if segments else 0
    minute = interval
    while minute < end:
        at = _word_at(segments, counts, firsts, minute, total)
        if at >= total:
            break
        marks.append(f"{words[at].line}({words[at].column})")
        minute += interval
    return f"{SYNC_MINUTES}:|" + "|".join(marks), transcript


def _word_at(
    segments: list[Segment], counts: list[int], firsts: list[int], ms: int, total: int
) -> int:
    for segment, count, first in zip(segments, counts, firsts, strict=True):
        if ms < segment.start_ms:
            return first  # in a gap: the next segment's first word
        if ms < segment.end_ms:
            share = (ms - segment.start_ms) / (segment.end_ms - segment.start_ms)
            return first + round(share * count)
    return total
