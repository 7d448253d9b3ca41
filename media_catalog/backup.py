"""Backing up and restoring the whole catalog database: SQLite through its online backup API
(a consistent copy while the app keeps running), PostgreSQL through pg_dump/pg_restore in their
custom format. Restores refuse to overwrite a catalog that holds data unless forced, and check
the schema revision of what they restored. No Flask here: the CLI calls these with an engine."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL

from . import migrate
from . import revision as catalog_revision
from .errors import CatalogError
from .models import Base

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(CatalogError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass
class RestoreReport:
    revision: str | None  # the revision the backup was made at
    upgraded_to: str | None  # the head it was upgraded to, when it was older


def backup(engine: Engine, path: Path) -> None:
    """Write a backup of the catalog to `path` (replaced only once the new copy is complete)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path}: is a folder; name the backup file")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if engine.dialect.name == "sqlite":
            _sqlite_backup(engine, partial)
        else:
            _pg_dump(engine, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore(engine: Engine, path: Path, *, force: bool = False) -> RestoreReport:
    """Replace the catalog with the backup at `path`, then bring it to the newest schema."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            magic = file.read(16)
    except OSError as exc:
        raise BackupError(f"{path}: cannot be read: {exc.strerror}") from None
    sqlite = engine.dialect.name == "sqlite"
    if sqlite and not magic.startswith(SQLITE_MAGIC):
        raise BackupError(f"{path}: not a SQLite backup (the catalog database is SQLite)")
    if not sqlite and not magic.startswith(PG_DUMP_MAGIC):
        raise BackupError(f"{path}: not a pg_dump custom-format backup (the catalog is PostgreSQL)")
    revision = _sqlite_backup_revision(path) if sqlite else _pg_backup_revision(path)
    known = migrate.revisions()
    if revision is not None and revision not in known:
        raise BackupError(
            f"{path}: made at schema revision {revision}, which this version of media-catalog "
            "does not know (a newer version made it)"
        )
    if not force and has_data(engine):
        raise BackupError(
            "the catalog database is not empty; restoring would replace it "
            "(make a backup of it first, then use --force)"
        )
    if sqlite:
        _sqlite_restore(engine, path)
    else:
        _pg_restore(engine, path)
    engine.dispose()  # pooled connections may have cached the replaced schema
    restored = migrate.current_revision(engine)
    if restored != revision:
        raise BackupError(f"{path}: restored, but the database reads revision {restored}")
    upgraded_to = None
    if restored != migrate.head_revision():
        migrate.upgrade(engine)
        upgraded_to = migrate.current_revision(engine)
    with engine.begin() as connection:  # answers kept for the replaced database do not apply
        catalog_revision.new_epoch(connection)
    return RestoreReport(revision, upgraded_to)


def has_data(engine: Engine) -> bool:
    """Whether any catalog table holds a row (the schema revision alone does not count, nor
    the search index, which is derived from the tables)."""
    names = [n for n in inspect(engine).get_table_names() if n in Base.metadata.tables]
    with engine.connect() as connection:
        quote = engine.dialect.identifier_preparer.quote
        return any(
            connection.execute(text(f"SELECT 1 FROM {quote(name)} LIMIT 1")).first()
            for name in names
        )


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_backup(engine: Engine, path: Path) -> None:
    source = engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        try:
            # One step (pages=-1): the copy is a single consistent snapshot even while the app
            # writes; WAL lets those writers carry on meanwhile.
            source.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
    finally:
        source.close()


def _sqlite_backup_revision(path: Path) -> str | None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot be opened: {exc}") from None
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError(f"{path}: damaged SQLite file ({check[0] if check else 'no answer'})")
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise BackupError(f"{path}: not a media-catalog backup (no schema revision in it)")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: not a readable SQLite database ({exc})") from None
    finally:
        connection.close()


def _sqlite_restore(engine: Engine, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = engine.raw_connection()
    try:
        # The backup API replaces every page of the live database under its write lock, so
        # other connections see either the old catalog or the restored one, never a mix.
        source.backup(target.driver_connection)  # type: ignore[arg-type]
    finally:
        target.close()
        source.close()


# PostgreSQL -----------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """The newest pg_dump/pg_restore: Debian's own versioned folders first, then the PATH."""
    versioned = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdecimal() else 0,
    )
    found = versioned[-1] if versioned else shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed; PostgreSQL backups need it "
            "(Debian: apt-get install postgresql-client)"
        )
    return found


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq connection URI for the tools, with the password in the environment rather than
    on a command line anyone on the machine can read."""
    url: URL = engine.url.set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
        url = url.set(password=None)
    return url.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr.strip() or result.stdout.strip()).splitlines()
        raise BackupError(f"{what} failed: {message[0] if message else result.returncode}")
    return result.stdout


def _pg_dump(engine: Engine, path: Path) -> None:
    dsn, env = _libpq(engine)
    _run(
        [_pg_tool("pg_dump"), "--format=custom", f"--file={path}", f"--dbname={dsn}"],
        env,
        "pg_dump",
    )


def _pg_backup_revision(path: Path) -> str | None:
    """Read the revision out of the dump without a database: pg_restore prints its data."""
    out = _run(
        [_pg_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
        dict(os.environ),
        f"reading {path}",
    )
    lines = out.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line:
            value = lines[index + 1] if index + 1 < len(lines) else "\\."
            return None if value == "\\." else value.strip()
    raise BackupError(f"{path}: not a media-catalog backup (no schema revision in it)")


def _pg_restore(engine: Engine, path: Path) -> None:
    # Start from an empty schema: --clean would leave behind tables the backup does not have.
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    dsn, env = _libpq(engine)
    _run(
        [
            _pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={dsn}",
            str(path),
        ],
        env,
        "pg_restore",
    )
