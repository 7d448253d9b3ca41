"""An import killed with SIGKILL while it links (a real `media-catalog import` process) keeps
what it imported and leaves its linking as a queued job; importing the same, unchanged files
again links them. Before the link job, such a re-import said "unchanged" and nothing was ever
linked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from media_catalog import demo
from media_catalog.linking.link_job import LINK_JOB
from media_catalog.models import Annotation, Job, MediaItem

TIMEOUT_S = 600
NAMES = ("Natan Sharansky", "Ida Nudel", "Vladimir Slepak", "Moscow", "Leningrad")


def _long_interview(folder: Path, cues: int) -> Path:
    """Enough named people and places that linking takes a while."""
    lines = ["WEBVTT", ""]
    for i in range(cues):
        start, end = i * 2, i * 2 + 1
        clock = lambda s: f"{s // 3600:02}:{s // 60 % 60:02}:{s % 60:02}.000"  # noqa: E731
        lines += [f"{clock(start)} --> {clock(end)}", f"{NAMES[i % 5]} spoke in line {i}.", ""]
    path = folder / "long-named-interview.vtt"
    path.write_text("\n".join(lines), encoding="utf-8")
    path.with_suffix(".yaml").write_text(
        "media: long-named-interview\nfilm: refusenik\nlanguage: en\nkind: original\n"
        "title: Long named interview\n",
        encoding="utf-8",
    )
    return path


def _state(sessions) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        item = session.scalar(select(MediaItem.id).where(MediaItem.slug == "long-named-interview"))
        mentions = session.scalar(
            select(func.count())
            .select_from(Annotation)
            .where(Annotation.origin == "auto", Annotation.media_item_id == item)
        )
        jobs = list(session.scalars(select(Job.state).where(Job.kind == LINK_JOB)))
    return mentions, jobs


def test_an_import_killed_while_linking_is_linked_by_the_next_import(
    app, sessions, database_url, media_root, tmp_path
) -> None:
    long = _long_interview(tmp_path, 30_000)
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root),
           "SECRET_KEY": "test"}  # fmt: skip
    command = [
        sys.executable,
        "-m",
        "media_catalog",
        "import",
        *map(str, demo.demo_paths()),
        str(long),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        for line in process.stderr:  # type: ignore[union-attr]
            if b"Linking tracks" in line:
                break
            assert time.monotonic() < deadline, "the import never started linking"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL
    app.extensions["media_catalog"]["engine"].dispose()

    assert _state(sessions) == (0, ["queued"])  # imported, not linked, and not forgotten
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert again.returncode == 0, again.stderr
    assert "unchanged" in again.stdout + again.stderr
    mentions, jobs = _state(sessions)
    assert mentions >= 30_000 and jobs == ["done"]
