"""Backups and restores give back the catalog row by row, on SQLite and PostgreSQL, and refuse
what would lose data or cannot be trusted."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from media_catalog import backup, migrate
from media_catalog.errors import CatalogError

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture
def engine(app):  # type: ignore[no-untyped-def]
    return app.extensions["media_catalog"]["engine"]


@pytest.fixture(autouse=True)
def _pg_tools() -> None:
    if TEST_DATABASE_URL and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed")


def test_round_trip_gives_back_every_table_row_by_row(
    demo_catalog, engine, snapshot, runner, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 100  # the demo catalog, not an empty one
    file = tmp_path / "backups" / "catalog.backup"
    result = runner.invoke(args=["backup", str(file)])
    assert result.exit_code == 0, result.output
    assert file.stat().st_size > 0 and not file.with_name(file.name + ".partial").exists()

    with engine.begin() as connection:  # lose data after the backup
        connection.execute(text("DELETE FROM annotations"))
        connection.execute(text("UPDATE media_items SET title = 'changed'"))
    assert snapshot() != before

    refused = runner.invoke(args=["restore", str(file)])
    assert refused.exit_code == 1 and "not empty" in refused.output and "--force" in refused.output

    result = runner.invoke(args=["restore", "--force", str(file)])
    assert result.exit_code == 0, result.output
    assert f"schema revision {migrate.head_revision()}" in result.output
    assert snapshot() == before


def test_restore_into_an_empty_database_needs_no_force(
    demo_catalog, engine, snapshot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    file = tmp_path / "catalog.backup"
    backup.backup(engine, file)
    with engine.begin() as connection:
        for name in reversed(list(before)):
            if name != "alembic_version":
                connection.execute(text(f"DELETE FROM {name}"))
    assert not backup.has_data(engine)
    report = backup.restore(engine, file)
    assert report.revision == migrate.head_revision() and report.upgraded_to is None
    assert snapshot() == before


def test_an_older_backup_is_upgraded_to_the_newest_schema(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from media_catalog.db import make_engine

    engine = make_engine(database_url)
    try:
        first = migrate.revisions()[0]
        migrate.upgrade(engine, first)
        file = tmp_path / "old.backup"
        backup.backup(engine, file)
        migrate.upgrade(engine)
        report = backup.restore(engine, file, force=True)
        assert report.revision == first
        assert report.upgraded_to == migrate.head_revision()
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_sqlite_backup_is_consistent_while_another_connection_writes(
    app, engine, demo_catalog, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name != "sqlite":
        pytest.skip("the SQLite online backup API")
    writer = engine.connect()
    writer.execute(text("UPDATE media_items SET title = 'uncommitted'"))  # a write in flight
    try:
        file = tmp_path / "live.backup"
        backup.backup(engine, file)
    finally:
        writer.rollback()
        writer.close()
    copy = sqlite3.connect(file)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = {r[0] for r in copy.execute("SELECT title FROM media_items")}
        assert titles and "uncommitted" not in titles
    finally:
        copy.close()


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "not a"),
        (b"this is not a backup at all\n" * 10, "not a"),
        (b"SQLite format 3\x00" + b"\xff" * 200, ""),
        (b"PGDMP" + b"\x00" * 200, ""),
    ],
)
def test_restore_refuses_files_that_are_not_backups_and_changes_nothing(
    demo_catalog, engine, snapshot, tmp_path, content, reason
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    file = tmp_path / "bad.backup"
    file.write_bytes(content)
    with pytest.raises(CatalogError) as error:
        backup.restore(engine, file, force=True)
    assert str(file) in str(error.value) and reason in str(error.value)
    assert snapshot() == before


def test_restore_refuses_a_backup_of_a_newer_schema(
    engine, snapshot, tmp_path, demo_catalog
) -> None:  # type: ignore[no-untyped-def]
    file = tmp_path / "newer.backup"
    backup.backup(engine, file)
    before = snapshot()
    if engine.dialect.name != "sqlite":
        pytest.skip("editing a custom-format dump is not practical; the check is shared")
    copy = sqlite3.connect(file)
    copy.execute("UPDATE alembic_version SET version_num = '9999_future'")
    copy.commit()
    copy.close()
    with pytest.raises(CatalogError, match="does not know"):
        backup.restore(engine, file, force=True)
    assert snapshot() == before


def test_backup_to_a_folder_is_refused(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CatalogError, match="is a folder"):
        backup.backup(engine, tmp_path)


def test_backup_without_pg_dump_says_so(engine, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if engine.dialect.name == "sqlite":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(backup.glob, "glob", lambda _pattern: [])
    monkeypatch.setattr(backup.shutil, "which", lambda _name: None)
    with pytest.raises(CatalogError, match="pg_dump is not installed"):
        backup.backup(engine, tmp_path / "x.backup")
