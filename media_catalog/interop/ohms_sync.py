"""OHMS 5.4 transcripts: plain text in lines and paragraphs, timed by the `<sync>` element.
`1:|13(3)|19(14)` reads: every 1 minute, the k-th mark is the word (line 13, word 3) spoken at
k minutes. A segment per paragraph, cut again at every mark; times between marks interpolated by
word count. The writer in ohms_export.py counts words the same way, so the two agree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..formats.cues import Cue
from .xmlfile import XmlDocument

# "Q:", "SMITH:", "DR. KAGAN:", "Jane Roe:" at the start of a paragraph names its speaker: one
# word or more in capitals, or two to four capitalised words (one would catch "Note:").
_CAPS = r"[A-ZА-ЯЁ](?:[A-ZА-ЯЁ0-9 .'’\-]{0,38}[A-ZА-ЯЁ0-9.])?"
_NAME = r"[A-ZА-ЯЁ][a-zа-яё'’\-]+\.?(?: [A-ZА-ЯЁ][a-zа-яё'’\-]+\.?){1,3}"
SPEAKER_LABEL = re.compile(rf"^({_CAPS}|{_NAME}):(?:\s+|$)")
# Section headings transcripts put in capitals, which a label must not become.
HEADINGS = frozenset(
    "APPENDIX ADDENDUM CONTENTS END FOOTNOTES GLOSSARY INDEX INTRODUCTION NOTE NOTES PREFACE "
    "SUMMARY TRANSCRIPT".split()
)
_SYNC_ENTRY = re.compile(r"^(\d+)\((\d+)\)$")


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


@dataclass
class _Word:
    text: str
    line: int  # 1-based line of the transcript
    column: int  # 1-based word number on its line, as <sync> counts (a speaker label counts)
    paragraph: int


def transcript_words(text: str) -> tuple[list[_Word], dict[int, str]]:
    """The transcript's words with their line and paragraph, and each paragraph's speaker
    label (paragraphs are separated by blank lines; a label opens a paragraph)."""
    words: list[_Word] = []
    speakers: dict[int, str] = {}
    paragraph, in_paragraph = 0, False
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip():
            if in_paragraph:
                paragraph += 1
            in_paragraph = False
            continue
        first = 1
        if not in_paragraph and (label := speaker_label(line.strip())):
            speakers[paragraph] = label.group(1)
            first += len(line.strip()[: label.end()].split())
            line = line.strip()[label.end() :]
        in_paragraph = True
        words += [
            _Word(word, number, column, paragraph)
            for column, word in enumerate(line.split(), first)
        ]
    return words, speakers


def speaker_label(line: str) -> re.Match[str] | None:
    """The speaker label opening a paragraph's first line, unless it is a section heading
    ("APPENDIX:", "END OF TAPE 1:")."""
    label = SPEAKER_LABEL.match(line)
    if label is None or set(label.group(1).upper().split()) & HEADINGS:
        return None
    return label


def _line_starts(words: list[_Word]) -> dict[int, int]:
    starts: dict[int, int] = {}
    for index, word in enumerate(words):
        starts.setdefault(word.line, index)
    return starts


def synced_cues(
    doc: XmlDocument, transcript: ET.Element, sync: ET.Element | None, duration_ms: int | None
) -> list[Cue]:
    """Timed segments of a 5.4 transcript: a segment per paragraph, cut again at every sync
    mark; times between marks interpolated by word count."""
    words, speakers = transcript_words("".join(transcript.itertext()))
    line = doc.line(transcript) or 0
    anchors = _sync_anchors(doc, sync, words)
    last_anchor = anchors[-1][1] if anchors else 0
    interval = _sync_interval(sync)
    end_ms = duration_ms if duration_ms and duration_ms > last_anchor else None
    if end_ms is None:
        if not anchors:
            doc.fail(
                transcript,
                f"<{transcript.tag}>: no <sync> marks and no <duration>: "
                "the transcript cannot be timed",
            )
        end_ms = last_anchor + interval
    anchors = [(0, 0), *anchors, (len(words), end_ms)]
    cuts = sorted(
        {
            0,
            *(i for i, _ in anchors),
            *(i for i, w in enumerate(words) if i == 0 or w.paragraph != words[i - 1].paragraph),
        }
    )
    cuts = [c for c in cuts if c < len(words)] + [len(words)]
    cues, speaker = [], None
    for start, end in zip(cuts, cuts[1:], strict=False):
        first = words[start]
        if words[start].paragraph != (words[start - 1].paragraph if start else -1):
            speaker = speakers.get(first.paragraph, speaker)
        start_ms, end_ms_ = _time_at(anchors, start, last=True), _time_at(anchors, end, last=False)
        text = " ".join(w.text for w in words[start:end])
        cues.append(Cue(start_ms, max(end_ms_, start_ms), text, speaker, line + first.line - 1))
    return cues


def _sync_interval(sync: ET.Element | None) -> int:
    value = _text(sync).split(":", 1)[0] if sync is not None else ""
    return int(value) * 60_000 if value.isdecimal() and int(value) > 0 else 60_000


def _sync_anchors(
    doc: XmlDocument, sync: ET.Element | None, words: list[_Word]
) -> list[tuple[int, int]]:
    """(word index, ms) of every sync mark, in order; marks past the text end it."""
    value = _text(sync)
    if not value:
        return []
    head, _, entries = value.partition(":")
    if not head.isdecimal() or int(head) == 0:
        doc.fail(
            sync, f"<{sync.tag}>: {value[:20]!r} must start with the minutes between marks (1:|...)"
        )  # type: ignore[union-attr]
    interval = int(head) * 60_000
    starts = _line_starts(words)
    lines = sorted(starts)
    anchors: list[tuple[int, int]] = []
    for k, entry in enumerate(entries.split("|")):
        if not entry.strip():
            continue
        match = _SYNC_ENTRY.match(entry.strip())
        if not match:
            doc.fail(sync, f"<{sync.tag}>: mark {k} {entry!r} is not line(word)")  # type: ignore[union-attr]
        line_no, word_no = int(match.group(1)), int(match.group(2))
        index = _word_index(words, starts, lines, line_no, word_no)
        if index is None:
            doc.fail(
                sync, f"<{sync.tag}>: mark {k} points at line {line_no}, past the transcript's end"
            )  # type: ignore[union-attr]
        if anchors and index < anchors[-1][0]:
            doc.fail(
                sync, f"<{sync.tag}>: mark {k} ({entry}) comes before the previous mark in the text"
            )  # type: ignore[union-attr]
        anchors.append((index, k * interval))
    return anchors


def _word_index(
    words: list[_Word], starts: dict[int, int], lines: list[int], line_no: int, word_no: int
) -> int | None:
    """The index of word `word_no` (1-based) on line `line_no`; an empty line or a word past the
    line's end means the next word of the text."""
    total = len(words)
    following = [n for n in lines if n >= line_no]
    if not following:
        return total if lines and line_no <= lines[-1] + 1 else None
    if following[0] != line_no:
        return starts[following[0]]
    next_lines = [n for n in lines if n > line_no]
    line_end = starts[next_lines[0]] if next_lines else total
    return next(
        (i for i in range(starts[line_no], line_end) if words[i].column >= word_no), line_end
    )


def _time_at(anchors: list[tuple[int, int]], index: int, *, last: bool) -> int:
    """Time of the boundary before word `index`, interpolated between the nearest anchors; where
    several marks share a word, a segment starts at the last of them and ends at the first."""
    at = [ms for i, ms in anchors if i == index]
    if at:
        return at[-1] if last else at[0]
    before = max((a for a in anchors if a[0] < index), key=lambda a: (a[0], a[1]))
    after = min((a for a in anchors if a[0] > index), key=lambda a: (a[0], a[1]))
    share = (index - before[0]) / (after[0] - before[0])
    return before[1] + round(share * (after[1] - before[1]))
