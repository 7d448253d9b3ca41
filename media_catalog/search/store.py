"""Where a built index lives and what the database says changed since it was built.

An index is a folder of numpy arrays (a *generation*), written whole into a new folder and made
current by replacing the one-line file CURRENT, so readers in other processes never see half of
one. Beside an SQLite file it lives in `<database>.search/`; for PostgreSQL (or anywhere else)
under MEDIA_CATALOG_SEARCH_DIR, or the user's cache folder, keyed by the database URL. An
in-memory database keeps its index in the process only.

The log (table search_changes, migration 0013) is written by triggers in the transaction of
each change: ('s', segment id) for a segment, its links or dates; ('t', 0) for the small tables
every segment shares. An index built at log position P plus the log after P is the catalog."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

FORMAT = 1  # bump when the arrays' layout changes: older generations are then rebuilt


@dataclass(frozen=True)
class Changes:
    position: int  # the log's last id read
    segments: frozenset[int]
    tables: bool  # the shared small tables changed
    gap: bool  # the log no longer holds every change after the asked position (trimmed)


def folder(session: Session) -> Path | None:
    url = session.get_bind().url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        if not os.environ.get("MEDIA_CATALOG_SEARCH_DIR"):
            return Path(f"{url.database}.search")
    base = os.environ.get("MEDIA_CATALOG_SEARCH_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
        "media-catalog",
        "search",
    )
    key = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return Path(base) / key


def log_position(session: Session) -> int:
    return int(session.scalar(text("SELECT coalesce(max(id), 0) FROM search_changes")) or 0)


def changes_since(session: Session, position: int) -> Changes:
    rows = session.execute(
        text("SELECT id, kind, ref FROM search_changes WHERE id > :p ORDER BY id"), {"p": position}
    ).all()
    first = session.scalar(text("SELECT min(id) FROM search_changes"))
    gap = first is not None and position > 0 and first > position + 1
    last = rows[-1][0] if rows else position
    return Changes(
        int(last),
        frozenset(int(ref) for _, kind, ref in rows if kind == "s"),
        any(kind == "t" for _, kind, _ in rows),
        gap,
    )


def pending_count(session: Session, position: int) -> int:
    return int(
        session.scalar(text("SELECT count(*) FROM search_changes WHERE id > :p"), {"p": position})
        or 0
    )


def trim_log(session: Session, position: int) -> None:
    """Forget changes every index made from now on already holds. The caller keeps one
    generation of slack: a process still reading the previous generation applies the log after
    its position, so only what precedes the previous generation may go. On a connection of its
    own (the caller's session may be reading, or in the middle of an import); when the database
    is busy the log is trimmed after the next build instead."""
    try:
        with session.get_bind().engine.connect() as connection:
            connection.execute(text("DELETE FROM search_changes WHERE id <= :p"), {"p": position})
            connection.commit()
    except OperationalError:
        pass


def current_generation(root: Path) -> tuple[Path, dict] | None:  # type: ignore[type-arg]
    """The current generation's folder and manifest, or None when none was built (or it is of an
    older format)."""
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
        manifest = json.loads((root / name / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("format") != FORMAT:
        return None
    return root / name, manifest


def current_marker(root: Path) -> str | None:
    try:
        return (root / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def new_generation(root: Path) -> Path:
    """A folder for the next generation. The index holds the words of restricted passages
    too (it serves editors), so its folders are the owner's alone, like the database."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = root / f"building-{os.getpid()}-{os.urandom(4).hex()}"
    path.mkdir(mode=0o700)
    return path


def publish(root: Path, building: Path, manifest: dict) -> Path:  # type: ignore[type-arg]
    """Make a finished generation current and remove the ones before it (a reader that has them
    open keeps its mapped files until it lets go: unlinking does not pull them away)."""
    (building / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    final = root / f"gen-{manifest['built_at_ns']}-{os.urandom(3).hex()}"
    building.rename(final)
    marker = root / f"CURRENT.{os.getpid()}"
    marker.write_text(final.name, encoding="utf-8")
    os.replace(marker, root / "CURRENT")
    for other in root.iterdir():
        if other.is_dir() and other != final and other.name.startswith("gen-"):
            shutil.rmtree(other, ignore_errors=True)
    return final


@contextmanager
def building(root: Path | None) -> Iterator[None]:
    """Held while a process builds a generation: a lock file others wait on (flock, released
    by the kernel if the builder dies)."""
    if root is None:
        yield
        return
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(root / "build.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def size_bytes(path: Path | None) -> int:
    if path is None or not path.exists():
        return 0
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
