"""Chapters of a film or a media item: marked by hosts and editors, imported from a WebVTT
chapters track, written back as one. The player shows them, guides reuse them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from . import access, audit
from .errors import FieldError, IngestError
from .formats.cues import CueError, parse_cues
from .formats.encodings import UndecodableError, decode
from .models import Chapter, Film, MediaItem, User
from .timecode import format_clock
from .wording import N_

TITLE_MAX = 500


class ChapterError(FieldError):
    """A chapter that cannot be saved: names the field and the reason."""


Owner = Film | MediaItem


def _owner_filter(owner: Owner) -> Any:
    if isinstance(owner, Film):
        return Chapter.film_id == owner.id
    return Chapter.media_item_id == owner.id


def _duration(owner: Owner) -> int | None:
    return owner.running_time_ms if isinstance(owner, Film) else owner.duration_ms


def chapters_of(session: Session, owner: Owner, user: User | None = None) -> list[Chapter]:
    """The owner's chapters in time order; none of a media item the user may not see, nor a
    chapter over a stretch restricted or redacted from them (its title tells what is said)."""
    hidden: list[tuple[int, int]] = []
    if isinstance(owner, MediaItem):
        access.require_visible(user, owner)
        hidden = access.withheld_ranges(session, user, owner)
    query = select(Chapter).where(_owner_filter(owner))
    found = list(session.scalars(query.order_by(Chapter.start_ms, Chapter.id)))
    if not hidden:
        return found
    duration = owner.duration_ms if isinstance(owner, MediaItem) else None
    return [  # a last chapter of unknown length runs to the end, whatever that is
        chapter
        for chapter, end in with_ends(found, duration)
        if not access.in_ranges(hidden, chapter.start_ms, end if end is not None else 2**62)
    ]


def with_ends(chapters: list[Chapter], duration_ms: int | None) -> list[tuple[Chapter, int | None]]:
    """Each chapter with where it ends: its own end, else the next chapter's start, else the
    end of the film or media (None when unknown)."""
    ends = []
    for index, chapter in enumerate(chapters):
        following = chapters[index + 1].start_ms if index + 1 < len(chapters) else duration_ms
        ends.append((chapter, chapter.end_ms if chapter.end_ms is not None else following))
    return ends


def _checked(owner: Owner, title: str, start_ms: int, end_ms: int | None) -> str:
    title = " ".join(title.split())
    if not title:
        raise ChapterError("title", N_("a chapter needs a title"))
    if len(title) > TITLE_MAX:
        raise ChapterError("title", N_("longer than %(max)d characters"), max=TITLE_MAX)
    if start_ms < 0:
        raise ChapterError("start", N_("a chapter cannot start before 00:00:00"))
    if end_ms is not None and end_ms <= start_ms:
        raise ChapterError("end", N_("the end must come after the start"))
    duration = _duration(owner)
    if duration and start_ms >= duration:
        raise ChapterError("start", N_("past the end (%(end)s)"), end=format_clock(duration))
    if duration and end_ms is not None and end_ms > duration:
        raise ChapterError("end", N_("past the end (%(end)s)"), end=format_clock(duration))
    return title


def state(chapter: Chapter) -> dict[str, Any]:
    return {
        "title": chapter.title,
        "start_ms": chapter.start_ms,
        "end_ms": chapter.end_ms,
        "description": chapter.description,
        "version": chapter.version,
    }


def add_chapter(
    session: Session,
    user: User | None,
    owner: Owner,
    *,
    title: str,
    start_ms: int,
    end_ms: int | None = None,
    description: str = "",
    language: str | None = None,
    origin: str = "editor",
) -> Chapter:
    title = _checked(owner, title, start_ms, end_ms)
    chapter = Chapter(
        film_id=owner.id if isinstance(owner, Film) else None,
        media_item_id=owner.id if isinstance(owner, MediaItem) else None,
        start_ms=start_ms,
        end_ms=end_ms,
        title=title,
        description=description.strip(),
        language=language,
        keywords=[],
        details={},
        origin=origin,
        author=user.email if user else None,
    )
    session.add(chapter)
    session.flush()
    audit.record(session, user, "create", "chapter", chapter.id, after=state(chapter))
    return chapter


def update_chapter(
    session: Session,
    user: User | None,
    chapter: Chapter,
    version: int,
    *,
    title: str,
    start_ms: int,
    end_ms: int | None = None,
    description: str = "",
) -> Chapter:
    """Save an edit made on `version`; a stale version raises audit.StaleEdit, nothing written."""
    owner = chapter_owner(session, chapter)
    title = _checked(owner, title, start_ms, end_ms)
    values = {
        "title": title,
        "start_ms": start_ms,
        "end_ms": end_ms,
        "description": description.strip(),
    }
    return audit.save_versioned(session, user, chapter, version, values, state, "chapter")


def delete_chapter(session: Session, user: User | None, chapter: Chapter) -> None:
    audit.record(session, user, "delete", "chapter", chapter.id, before=state(chapter))
    session.delete(chapter)
    session.flush()


def chapter_owner(session: Session, chapter: Chapter) -> Owner:
    if chapter.film_id is not None:
        return session.get_one(Film, chapter.film_id)
    return session.get_one(MediaItem, chapter.media_item_id)


def read_webvtt_chapters(path: Path) -> list[tuple[int, int, str]]:
    """(start, end, title) of each cue of a WebVTT chapters file; IngestError names the file
    and line of what is wrong."""
    try:
        text = decode(path.read_bytes()).text
        cues = parse_cues(text, "vtt").cues
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror})") from None
    except UndecodableError as exc:
        raise IngestError(path, str(exc)) from None
    except CueError as exc:
        raise IngestError(path, exc.reason, exc.line) from None
    chapters = []
    for cue in cues:
        if not cue.text:
            continue  # an untitled cue marks no chapter; the parser keeps it for transcripts
        title = " ".join(cue.text.split())
        if not title:
            raise IngestError(path, "a chapter cue needs a title", cue.line)
        if len(title) > TITLE_MAX:
            raise IngestError(path, f"chapter title longer than {TITLE_MAX} characters", cue.line)
        chapters.append((cue.start_ms, cue.end_ms, title))
    if not chapters:
        raise IngestError(path, "no cues with a title found (a chapter is a cue and its title)")
    return chapters


def import_webvtt_chapters(
    session: Session, user: User | None, owner: Owner, path: Path, language: str | None = None
) -> list[Chapter]:
    """Replace the owner's chapters imported from WebVTT before (editors' own chapters stay).
    Everything is checked before anything changes; the caller commits."""
    cues = read_webvtt_chapters(path)
    duration = _duration(owner)
    for _start, end, _title in cues:
        if duration and end > duration:
            raise IngestError(
                path,
                f"chapter ends at {format_clock(end)}, past the end ({format_clock(duration)})",
            )
    session.execute(delete(Chapter).where(_owner_filter(owner), Chapter.origin == "webvtt"))
    imported = [
        add_chapter(
            session,
            user,
            owner,
            title=title,
            start_ms=start,
            end_ms=end,
            language=language,
            origin="webvtt",
        )
        for start, end, title in cues
    ]
    return imported


def to_webvtt(chapters: list[Chapter], duration_ms: int | None) -> str:
    """A WebVTT chapters track (kind="chapters") of the chapters, each ending where the next
    starts when it has no end of its own."""
    lines = ["WEBVTT", ""]
    for number, (chapter, end) in enumerate(with_ends(chapters, duration_ms), 1):
        end = end if end is not None and end > chapter.start_ms else chapter.start_ms + 1000
        lines += [
            f"chapter-{number}",
            f"{format_clock(chapter.start_ms)} --> {format_clock(end)}",
            chapter.title.replace("-->", "->"),
            "",
        ]
    return "\n".join(lines)
