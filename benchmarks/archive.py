"""The search benchmark's archive: a catalog of N one-hour tracks (600 segments each, corpus
version 2, the authority grown to 5,000 names), built and then linked by the real `link` code,
kept on disk between runs under /tmp/media-catalog-bench/search/ (10,000 hours take about ten
minutes to make on two shared cores). A cached catalog is keyed by hours, seed, corpus version
and the schema's migration head, and only used once complete; `fresh=True` makes it again."""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import SEGMENTS_PER_HOUR
from processes import Progress, measure
from sqlalchemy import func, select, text

from media_catalog import migrate
from media_catalog.db import make_engine, make_session_factory, transaction
from media_catalog.models import Annotation, Transcript

CACHE = Path("/tmp/media-catalog-bench/search")
ALIASES = 5_000


@dataclass(frozen=True)
class Archive:
    hours: int
    folder: Path
    meta: dict  # type: ignore[type-arg]  # how it was made: times, peaks, sizes

    @property
    def path(self) -> Path:
        return self.folder / "catalog.sqlite3"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    @property
    def segments(self) -> int:
        return self.hours * SEGMENTS_PER_HOUR


def key(hours: int, seed: int, version: int) -> str:
    return f"{hours}h-seed{seed}-corpus{version}-schema{migrate.head_revision()}"


def prepare(hours: int, seed: int = 11, version: int = 2, fresh: bool = False) -> Archive:
    """The cached archive of `hours`, made (in fresh processes, with progress) when missing."""
    folder = CACHE / key(hours, seed, version)
    if fresh and folder.exists():
        shutil.rmtree(folder)
    done = folder / "meta.json"
    if done.exists():
        meta = json.loads(done.read_text())
        print(
            f"  reusing {folder} (made in {meta['build']['seconds']:.0f} s + linked in "
            f"{meta['link']['seconds']:.0f} s; --fresh makes it again)",
            file=sys.stderr,
        )
        return Archive(hours, folder, meta)
    shutil.rmtree(folder, ignore_errors=True)  # an interrupted build is never used
    folder.mkdir(parents=True)
    archive = Archive(hours, folder, {})
    segments = archive.segments
    build = measure(
        "archive:build_step",
        f"generating and storing {segments:,} segments ({hours:,} hours)",
        url=archive.url,
        hours=hours,
        seed=seed,
        version=version,
    )
    link = measure("archive:link_step", f"linking {segments:,} segments", url=archive.url)
    meta = {"hours": hours, "seed": seed, "corpus": version, "build": build, "link": link}
    meta.update(sizes(archive.url))
    done.write_text(json.dumps(meta, indent=2))
    return Archive(hours, folder, meta)


def build_step(url: str, hours: int, seed: int, version: int) -> dict:  # type: ignore[type-arg]
    from linking import build_database

    started = time.perf_counter()
    build_database(
        url,
        hours * SEGMENTS_PER_HOUR,
        ALIASES,
        hours,
        version=version,
        seed=seed,
        progress=Progress("stored", "segments"),
    )
    return {"seconds": time.perf_counter() - started}


def link_step(url: str) -> dict:  # type: ignore[type-arg]
    """The real `media-catalog link` code path over every track, in one transaction."""
    from media_catalog.linking.relink import link

    engine = make_engine(url)
    factory = make_session_factory(engine)
    with factory() as session:
        tracks = session.scalar(select(func.count()).select_from(Transcript)) or 0
    progress, done = Progress("linked", "tracks"), [0]

    def on_track(_track_id: int) -> None:
        done[0] += 1
        progress(done[0], tracks)

    started = time.perf_counter()
    with transaction(factory) as session:
        report = link(session, on_track=on_track)
    seconds = time.perf_counter() - started
    with factory() as session:
        annotations = session.scalar(select(func.count()).select_from(Annotation))
    engine.dispose()
    return {
        "seconds": seconds,
        "segments": report.segments,
        "characters": report.characters,
        "annotations": annotations,
    }


def sizes(url: str) -> dict[str, float]:
    """The database file and the raw text it holds, in bytes."""
    engine = make_engine(url)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        text_bytes = connection.scalar(text("SELECT sum(length(CAST(text AS BLOB))) FROM segments"))
    engine.dispose()
    path = Path(url.removeprefix("sqlite:///"))
    return {"db_bytes": path.stat().st_size, "text_bytes": int(text_bytes or 0)}
