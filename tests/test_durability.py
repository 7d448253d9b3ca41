"""Nothing is ever half-written: an import killed mid-way (SIGKILL, no chance to clean up) leaves
the catalog consistent and the file importable again, and two processes importing at once both
finish with everything stored. Real `media-catalog` processes on the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from media_catalog.models import MediaItem, Segment, Transcript

TIMEOUT_S = 600  # a bound for hung or deadlocked processes, far above a normal run


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"


def _transcript(folder: Path, media: str, cues: int) -> Path:
    path = folder / f"{media}.vtt"
    blocks = [
        f"{_clock(i * 1000)} --> {_clock(i * 1000 + 900)}\nline {i} of {media}\n"
        for i in range(cues)
    ]
    path.write_text("WEBVTT\n\n" + "\n".join(blocks), encoding="utf-8")
    path.with_suffix(".yaml").write_text(
        f"media: {media}\nfilm: test-film\nlanguage: en\nkind: original\ntitle: {media}\n",
        encoding="utf-8",
    )
    return path


def _command(database_url: str, media_root: Path, *paths: Path) -> tuple[list[str], dict[str, str]]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "test",
    }
    return [sys.executable, "-m", "media_catalog", "import", *map(str, paths)], env


def _segments(sessions, media: str) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Segment)
                .join(Transcript)
                .join(MediaItem)
                .where(MediaItem.slug == media)
            )
            or 0
        )


def _assert_consistent(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        orphans = connection.execute(
            text(
                "SELECT count(*) FROM segments WHERE transcript_id NOT IN (SELECT id FROM transcripts)"
            )
        ).scalar()
        assert orphans == 0


def _writing_started(engine, database_url: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the other process is writing segments inside its import transaction."""
    if engine.dialect.name == "sqlite":
        wal = Path(engine.url.database + "-wal")
        return wal.exists() and wal.stat().st_size > 2_000_000
    with engine.connect() as connection:
        return bool(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
                    " AND query ILIKE '%INSERT INTO segments%'"
                )
            ).scalar()
        )


def test_an_import_killed_mid_way_leaves_the_catalog_consistent(
    app, sessions, film, database_url, media_root, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    engine = app.extensions["media_catalog"]["engine"]
    cues = 150_000
    path = _transcript(tmp_path, "long-interview", cues)
    command, env = _command(database_url, media_root, path)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while not _writing_started(engine, database_url):
            assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL

    engine.dispose()  # nothing cached from before the kill
    _assert_consistent(engine)
    with sessions() as session:  # the killed transaction left nothing: no item, track or cue
        assert session.scalar(select(MediaItem).where(MediaItem.slug == "long-interview")) is None
    assert _segments(sessions, "long-interview") == 0

    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert result.returncode == 0, result.stderr
    assert _segments(sessions, "long-interview") == cues
    _assert_consistent(engine)


def test_two_processes_importing_at_once_both_finish_with_everything_stored(
    app, sessions, film, database_url, media_root, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    engine = app.extensions["media_catalog"]["engine"]
    sizes = {"first-interview": 20_000, "second-interview": 20_000}
    processes = []
    for media, cues in sizes.items():
        command, env = _command(database_url, media_root, _transcript(tmp_path, media, cues))
        processes.append(
            subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        )
    outputs = []
    try:
        for process in processes:  # a deadlock would show as a timeout here
            outputs.append(process.communicate(timeout=TIMEOUT_S))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    for media, cues in sizes.items():
        assert _segments(sessions, media) == cues, media
    _assert_consistent(engine)
    # Both tracks were linked, each by its own process or by the other one.
    with sessions() as session:
        linked = session.scalars(select(Transcript.linked_with)).all()
    assert len(linked) == 2 and all(linked)
