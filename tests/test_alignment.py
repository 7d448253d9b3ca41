"""Lining up an original and its translation by time."""

from types import SimpleNamespace

import pytest

from media_catalog.alignment import align


def seg(name: str, start: int, end: int) -> SimpleNamespace:
    return SimpleNamespace(name=name, start_ms=start, end_ms=end)


def names(rows) -> list[list[list[str]]]:  # type: ignore[no-untyped-def]
    return [[[s.name for s in cell] for cell in row.cells] for row in rows]


@pytest.mark.parametrize(
    ("original", "translation", "expected"),
    [
        # same cues: one to one
        (
            [seg("a", 0, 10), seg("b", 10, 20)],
            [seg("A", 0, 10), seg("B", 10, 20)],
            [[["a"], ["A"]], [["b"], ["B"]]],
        ),
        # a translation split in two joins the one original it overlaps
        (
            [seg("a", 0, 10), seg("b", 10, 20)],
            [seg("A1", 0, 5), seg("A2", 5, 10), seg("B", 10, 20)],
            [[["a"], ["A1", "A2"]], [["b"], ["B"]]],
        ),
        # a merged translation sits with the original it overlaps most
        (
            [seg("a", 0, 4), seg("b", 4, 20)],
            [seg("AB", 0, 20)],
            [[["a"], []], [["b"], ["AB"]]],
        ),
        # shifted times still pair up by overlap
        (
            [seg("a", 1000, 5000), seg("b", 6000, 9000)],
            [seg("A", 1200, 5300), seg("B", 5900, 9100)],
            [[["a"], ["A"]], [["b"], ["B"]]],
        ),
        # a translation line in a gap of the original gets its own row, in time order
        (
            [seg("a", 0, 10), seg("b", 30, 40)],
            [seg("A", 0, 10), seg("X", 15, 25), seg("B", 30, 40)],
            [[["a"], ["A"]], [[], ["X"]], [["b"], ["B"]]],
        ),
        # an original without translation keeps an empty cell
        ([seg("a", 0, 10)], [], [[["a"], []]]),
    ],
)
def test_align(original, translation, expected) -> None:  # type: ignore[no-untyped-def]
    assert names(align([original, translation])) == expected


def test_every_segment_appears_exactly_once() -> None:
    original = [seg(f"o{i}", i * 1000, i * 1000 + 900) for i in range(200)]
    translation = [seg(f"t{i}", i * 1500 + 100, i * 1500 + 1400) for i in range(130)]
    rows = align([original, translation])
    placed = [s.name for row in rows for cell in row.cells for s in cell]
    assert sorted(placed) == sorted(s.name for s in original + translation)
    assert [r.start_ms for r in rows] == sorted(r.start_ms for r in rows)


def test_no_tracks_no_rows() -> None:
    assert align([]) == []
