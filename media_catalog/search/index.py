"""The search index of one database, kept per process: a built generation (store.py) mapped
from disk, plus what the log says changed since, applied as small blocks of documents added
at the end while the documents they replace are marked dead (the way Lucene keeps segments).
Every search first brings it up to the catalog's revision, so an answer is never older than
the last committed change: a passage restricted a moment ago is gone from the next search.

When the changes pile up (a large import, a relink) the whole index is built again, streaming,
into a new generation that every process then loads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from .. import revision
from . import store, tables
from .documents import Columns, columns_of, dates, links, segment_batches, words_of
from .postings import Postings, PostingsBuilder
from .view import View

Progress = Callable[[int, int], None]
MAX_BLOCKS = 16  # blocks of changes before they are merged into one


@dataclass
class _State:
    view: View | None = None
    marker: str | None = None  # the generation loaded
    epoch: str | None = None
    position: int = 0
    seen: tuple[str, int] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_states: dict[str, _State] = {}
_states_lock = threading.Lock()
KEEP_DATABASES = 4  # indexes kept per process (a site has one database; tests make many)


def _state(session: Session) -> _State:
    key = session.get_bind().url.render_as_string(hide_password=False)
    with _states_lock:
        state = _states.pop(key, None) or _State()
        _states[key] = state  # the most recently used last
        while len(_states) > KEEP_DATABASES:
            _states.pop(next(iter(_states)))
        return state


def current(session: Session, progress: Progress | None = None) -> View:
    """The index brought up to the catalog's revision."""
    state = _state(session)
    seen = revision.current(session)
    view = state.view
    if view is not None and seen is not None and seen == state.seen:
        return view
    with state.lock:
        _refresh(session, state, seen, progress)
        assert state.view is not None
        return state.view


def rebuild(session: Session, progress: Progress | None = None) -> View:
    """Build the whole index again now (after a bulk load, or when asked)."""
    state = _state(session)
    with state.lock, store.building(store.folder(session)):
        _build(session, state, progress)
        state.seen = revision.current(session)
        assert state.view is not None
        return state.view


def drop_cached() -> None:
    """Forget every process-local index (tests that replace a database under the same URL)."""
    with _states_lock:
        _states.clear()


def _refresh(
    session: Session, state: _State, seen: tuple[str, int] | None, progress: Progress | None
) -> None:
    root = store.folder(session)
    epoch = seen[0] if seen else None
    if root is not None and store.current_marker(root) != state.marker:
        _load(root, state, session, epoch)
    if _needs_build(session, state, epoch):
        with store.building(root):  # one process builds; the others wait, then load its work
            if root is not None and store.current_marker(root) != state.marker:
                _load(root, state, session, epoch)
            if _needs_build(session, state, epoch):
                _build(session, state, progress)
    _apply(session, state, store.changes_since(session, state.position))
    state.seen = seen


def _needs_build(session: Session, state: _State, epoch: str | None) -> bool:
    """No index of this database yet, or more changed since than is worth applying one by one."""
    if state.view is None or state.epoch != epoch:
        return True
    changes = store.changes_since(session, state.position)
    return changes.gap or len(changes.segments) > _rebuild_above(state.view)


def _rebuild_above(view: View) -> int:
    return max(20_000, view.size // 8)


def _load(root: Path, state: _State, session: Session, epoch: str | None) -> None:
    found = store.current_generation(root)
    if found is None:
        return
    folder, manifest = found
    if manifest.get("epoch") != epoch:
        return
    try:
        postings = Postings.load(folder)
        columns = Columns(*(np.load(folder / f"{n}.npy") for n in Columns.NAMES))
        pairs = np.load(folder / "links.npy")
        spoken = np.load(folder / "dates.npy")
        speakers = (folder / "speakers.txt").read_text(encoding="utf-8")
    except OSError:
        return  # replaced while we read it: the next search loads the newer one
    names = speakers.split("\n") if speakers else []
    state.view = View.of_generation(postings, columns, pairs, spoken, names, tables.load(session))
    state.marker = folder.name
    state.epoch = epoch
    state.position = int(manifest["position"])


def _post(
    builder: PostingsBuilder, rows: list[Any], first: int, speakers: dict[str, int]
) -> Columns:
    """Post a batch of segments as documents numbered from `first`; their columns."""
    lengths = []
    for doc, row in enumerate(rows, first):
        words = words_of(row[7])
        builder.add(doc, words)
        lengths.append(len(words))
    return columns_of(rows, speakers, lengths)


def _build(session: Session, state: _State, progress: Progress | None = None) -> None:
    """Long because it is the one streaming pass: read, fold and post every segment, then
    the links and dates, then write and publish the generation."""
    seen = revision.current(session)
    position = store.log_position(session)  # before reading: later changes apply after
    root = store.folder(session)
    building = store.new_generation(root) if root is not None else None
    total = int(session.scalar(text("SELECT count(*) FROM segments")) or 0)
    builder = PostingsBuilder(building)
    speakers: dict[str, int] = {}
    parts, doc = [], 0
    for rows in segment_batches(session):
        parts.append(_post(builder, rows, doc, speakers))
        doc += len(rows)
        if progress is not None:
            progress(doc, total)
    columns = Columns.join(parts)
    postings = builder.finish()
    pairs = links(session, columns.seg_id, 0)
    spoken = dates(session, columns.seg_id, 0)
    names = list(speakers)
    if building is not None and root is not None:
        postings.save(building)
        for name in Columns.NAMES:
            np.save(building / f"{name}.npy", getattr(columns, name))
        np.save(building / "links.npy", pairs)
        np.save(building / "dates.npy", spoken)
        (building / "speakers.txt").write_text("\n".join(names), encoding="utf-8")
        previous = store.current_generation(root)
        manifest = {
            "format": store.FORMAT,
            "epoch": seen[0] if seen else None,
            "position": position,
            "documents": len(columns),
            "built_at_ns": time.time_ns(),
        }
        final = store.publish(root, building, manifest)
        state.marker = final.name
        if previous is not None:  # keep one generation of slack for other processes
            store.trim_log(session, int(previous[1]["position"]))
        postings = Postings.load(final)
    state.view = View.of_generation(postings, columns, pairs, spoken, names, tables.load(session))
    state.epoch = seen[0] if seen else None
    state.position = position


def _apply(session: Session, state: _State, changes: store.Changes) -> None:
    view = state.view
    assert view is not None
    if changes.tables:
        view = replace(view, tables=tables.load(session))
    segments = set(changes.segments)
    merge = len(view.parts) > MAX_BLOCKS
    if merge:  # read the blocks' documents again, into one
        added = view.columns.seg_id[view.base_docs :][view.alive[view.base_docs :]]
        segments |= {int(s) for s in added}
    if segments:
        view = _with_segments(session, view, sorted(segments), merge)
    state.view = view
    state.position = changes.position


def _with_segments(session: Session, view: View, ids: list[int], merge: bool) -> View:
    """The view with these segments as they are now: their old documents dead, their current
    rows (those that still exist) added as a new block."""
    alive = view.alive.copy()
    base = view.columns.seg_id[: view.base_docs]
    wanted = np.array(ids, dtype=np.int64)
    where = np.minimum(np.searchsorted(base, wanted), max(0, len(base) - 1))
    if len(base):
        alive[where[base[where] == wanted]] = False
    for seg in ids:
        if (doc := view.doc_of_segment.get(seg)) is not None:
            alive[doc] = False
    first = view.size
    builder = PostingsBuilder()
    speakers = {name: i for i, name in enumerate(view.speakers)}
    parts, pairs, spoken, doc = [], [view.links], [view.dates], first
    for rows in segment_batches(session, ids):
        block = _post(builder, rows, doc, speakers)
        only = [int(s) for s in block.seg_id]
        pairs.append(links(session, block.seg_id, doc, only))
        spoken.append(dates(session, block.seg_id, doc, only))
        parts.append(block)
        doc += len(rows)
    added = Columns.join(parts)
    columns = Columns.join([view.columns, added])
    kept = view.parts[:1] if merge else view.parts
    new_parts = kept + ((builder.finish(),) if len(added) else ())
    return View(
        new_parts,
        columns,
        np.concatenate([alive, np.ones(len(added), dtype=bool)]),
        np.concatenate(pairs),
        np.concatenate(spoken),
        list(speakers),
        view.tables,
        view.base_docs,
    )
