"""The one "now" for rules that change with the date (an embargo that lapses): code asks
`clock.now()`, and tests fix the moment with `clock.fixed(...)` instead of sleeping."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_fixed: datetime | None = None


def now() -> datetime:
    """The current time in UTC, or the moment a test fixed."""
    return _fixed or datetime.now(UTC)


@contextmanager
def fixed(moment: datetime) -> Iterator[datetime]:
    """Within the block, now() answers `moment` (aware, UTC) in every module of this process."""
    global _fixed
    before, _fixed = _fixed, moment.astimezone(UTC)
    try:
        yield _fixed
    finally:
        _fixed = before
