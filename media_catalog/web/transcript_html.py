"""A transcript's segments as HTML, built here rather than in a Jinja macro: a three-hour
interview has two thousand segments, and a macro call with two URL builds for each made the
player page several times slower. Every value is escaped; mentions come from marked_text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import g, url_for
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

from .. import words
from ..catalog import SegmentView
from ..models import MediaItem, Transcript
from ..timecode import format_short
from .context import marked_text, moment_href
from .locale import text_direction


def _player_links(slug: str) -> tuple[str, str]:
    """The player's address, relative and absolute, escaped: built once a request, since the
    side-by-side view asks for them for every row of cells."""
    built: dict[str, tuple[str, str]] = g.setdefault("player_links", {})
    if slug not in built:
        built[slug] = (
            str(escape(url_for("player.show", slug=slug))),
            str(escape(url_for("player.show", slug=slug, _external=True))),
        )
    return built[slug]


class _Labels:
    """The buttons' words in the reader's language, looked up once a request rather than once
    a segment (the side-by-side view builds each row's cells apart); each label that names a
    moment keeps a %(time)s to fill (escaped, for attributes). The buttons say which language
    they speak: they sit inside the transcript's `lang`."""

    def __init__(self) -> None:
        language = str(get_locale() or "en")
        self.ui = f'lang="{escape(language)}" dir="{text_direction(language)}"'
        self.copy = escape(gettext("Copy link"))
        self.copy_title = escape(gettext("Copy link to this moment"))
        self.copy_moment = str(escape(gettext("Copy link to this moment (%(time)s)")))
        self.cite = escape(gettext("Cite"))
        self.cite_moment = str(escape(gettext("Cite this moment (%(time)s)")))


def _cite_link(pid: str | None, clock: str, labels: _Labels) -> str:
    if not pid:
        return ""
    href = escape(url_for("identifiers.cite", pid=pid))
    named = labels.cite_moment % {"time": clock}
    return f' <a class="cite" href="{href}" {labels.ui} aria-label="{named}">{labels.cite}</a>'


def _word_data(segment: SegmentView) -> str:
    """Measured word times for player.js, compact (`start end char_start char_end` per word,
    ms and characters of the segment's text, `;` between words); the script wraps the words
    itself, so mention links and search marks in the text stay as they are."""
    if not segment.word_timings:
        return ""
    listed = ";".join(
        f"{w.start_ms} {w.end_ms} {w.char_start} {w.char_end}"
        for w in words.decode(segment.word_timings)
    )
    return f' data-words="{listed}"'


def segment_blocks(
    item: MediaItem,
    transcript: Transcript,
    segments: Iterable[SegmentView],
    spans: dict[int, list[Any]],
    start_ms: int | None,
    end_ms: int | None,
    tag: str = "li",
    hit_ms: int | None = None,
) -> Markup:
    """One element per segment: a timestamp link (works without JavaScript), the speaker, the
    text with its mentions marked, and a "copy link" button that player.js reveals. Segments
    overlapping a requested range are marked `in-range`; the one holding a search hit, `hit`."""
    player, external = _player_links(item.slug)
    labels = g.get("transcript_labels") or g.setdefault("transcript_labels", _Labels())
    language = escape(transcript.language)
    ranged = start_ms is not None and end_ms is not None
    parts = []
    for segment in segments:
        start = segment.start_ms
        classes = " in-range" if ranged and segment.end_ms > start_ms and start < end_ms else ""  # type: ignore[operator]
        if hit_ms is not None and start <= hit_ms < segment.end_ms:
            classes += " hit"
        clock = format_short(start)
        speaker = (
            f'<span class="speaker">{escape(segment.speaker)}</span> ' if segment.speaker else ""
        )
        text = marked_text(segment.text, spans.get(segment.id))
        link = moment_href(external, start)
        parts.append(
            f'<{tag} class="segment{classes}" id="{language}-{segment.position}"'
            f' data-start="{start}" data-end="{segment.end_ms}"{_word_data(segment)}>'
            f'<a class="timestamp" href="{moment_href(player, start)}">'
            f'<time datetime="PT{start / 1000:.3f}S">{clock}</time></a>{speaker}'
            f'<span class="text">{text}</span>'
            f'<button type="button" class="copy-link" hidden data-link="{link}" {labels.ui}'
            f' aria-label="{labels.copy_moment % {"time": clock}}" title="{labels.copy_title}">'
            f"{labels.copy}</button>{_cite_link(segment.pid, clock, labels)}</{tag}>\n"
        )
    return Markup("".join(parts))
