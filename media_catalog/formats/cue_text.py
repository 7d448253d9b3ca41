"""A cue's payload made plain text: markup removed, entities decoded, the speaker taken from a
voice span (`<v Name>`, also one left without its `>`, which browsers read to the end of the
cue) or from a `NAME:` prefix. Timing and block structure live in webvtt_file.py and
srt_file.py."""

from __future__ import annotations

import html
import re

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t\n\f]+([^>]+)>")
# `<v Name` with no `>` after it: the algorithm's tokenizer runs the annotation to the end.
_UNTERMINATED_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t\f]+([^>\n]+)(\n[^>]*)?$")
_TAG = re.compile(r"</?[^>\s][^>]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")
_SPACES = re.compile(r"[ \t\f\u00a0]+")
# "RUTH:", "DR. KAGAN:", ">> INTERVIEWER:", "ЛЕВ:" — capitals only, so "Note: ..." stays text.
_SPEAKER_PREFIX = re.compile(r"^(?:>>\s*)?([A-ZА-ЯЁ][A-ZА-ЯЁ0-9 .'’\-]{0,38}[A-ZА-ЯЁ0-9.]):\s+")


def _voice(raw: str) -> tuple[str, str | None]:
    """(text without markup, voice name). Each step is skipped when its trigger is absent:
    most cues are plain text."""
    speaker = None
    if voice := _VOICE.search(raw):
        speaker = " ".join(voice.group(1).split())
    elif unterminated := _UNTERMINATED_VOICE.search(raw):
        # The name runs to the end of its line, not of the cue: the words after a line break
        # are what was said, and an archive keeps them (a browser would not show them).
        speaker = " ".join(unterminated.group(1).split())
        raw = raw[: unterminated.start()] + (unterminated.group(2) or "")
    return _TAG.sub("", raw), speaker


def clean_text(lines: list[str], fmt: str) -> tuple[str, str | None]:
    """Plain text and speaker of a cue's payload lines (`fmt` "vtt" or "srt")."""
    raw = "\n".join(lines)
    speaker = None
    if "<" in raw:
        raw, speaker = _voice(raw)
    if fmt == "srt" and "{" in raw:
        raw = _ASS_OVERRIDE.sub("", raw)
    text = html.unescape(raw) if "&" in raw else raw
    # Blank lines inside a payload (whitespace-only lines, which do not end a WebVTT cue) go.
    text = "\n".join(
        line for line in (_SPACES.sub(" ", part).strip() for part in text.split("\n")) if line
    )
    if speaker is None and (prefix := _SPEAKER_PREFIX.match(text)):
        speaker = prefix.group(1).strip()
        text = text[prefix.end() :].lstrip()
    return text, speaker or None
