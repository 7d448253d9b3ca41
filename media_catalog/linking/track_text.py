"""A track's segments joined into one string, so that a regular expression or the automaton
runs once per track in C instead of once per segment in Python; matches are mapped back to
their segment and to offsets within it. The separator is a character no pattern or alias
matches, so nothing found spans two segments."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

SEPARATOR = "\x00"


class TrackText:
    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.joined = SEPARATOR.join(texts)
        self._offsets = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))

    def locate(self, position: int) -> tuple[int, int]:
        """(segment number, offset within that segment) of a position in the joined text."""
        number = bisect.bisect_right(self._offsets, position) - 1
        return number, position - self._offsets[number]

    def segments_containing(self, literals: tuple[str, ...]) -> set[int]:
        """Numbers of the segments where any of the literals occurs (str.find: memory speed)."""
        found = set()
        for literal in literals:
            position = self.joined.find(literal)
            while position != -1:
                number, offset = self.locate(position)
                found.add(number)
                # on to the next segment: one hit is enough to include this one
                position = self.joined.find(literal, position - offset + len(self.texts[number]))
        return found

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, int, re.Match[str]]]:
        """(segment number, start, end, match) for every match, offsets within the segment.
        Matches come left to right, so the segment is followed along, not looked up."""
        offsets, number, following = self._offsets, 0, 1
        count = len(offsets)
        for match in pattern.finditer(self.joined):
            start = match.start()
            while following < count and offsets[following] <= start:
                following += 1
            number = following - 1
            base = offsets[number]
            yield number, start - base, match.end() - base, match
