"""Caption tracks written from stored segments, through webvtt-py: the speaker travels as a
WebVTT voice span so players can show who is talking."""

from __future__ import annotations

from collections.abc import Iterable

import webvtt

from .models import Segment
from .timecode import format_clock


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt(segments: Iterable[Segment]) -> str:
    document = webvtt.WebVTT()
    for segment in segments:
        text = _escape(segment.text)
        if segment.speaker:
            text = f"<v {_escape(segment.speaker)}>{text}"
        document.captions.append(
            webvtt.Caption(format_clock(segment.start_ms), format_clock(segment.end_ms), text)
        )
    return document.content
