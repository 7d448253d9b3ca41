"""Commands that keep the catalog safe: backup and restore."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from .. import backup as backups
from .common import CatalogCommand
from .common import engine as _engine


@click.command("backup", cls=CatalogCommand)
@with_appcontext
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, writable=True))  # written
def backup_command(file: Path) -> None:
    """Write a consistent backup of the catalog database to FILE, while the app keeps running.

    SQLite is copied with its online backup API; PostgreSQL is dumped with pg_dump in its
    custom format (pg_dump must be installed).

    \b
    Example:
      media-catalog backup backups/catalog-2026-11-24.db
    """
    backups.backup(_engine(), file)
    click.echo(f"Backup written to {file}.")


@click.command("restore", cls=CatalogCommand)
@with_appcontext
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace a catalog database that holds data.")
def restore_command(file: Path, force: bool) -> None:
    """Replace the catalog database with the backup in FILE, then check its schema revision
    (an older backup is upgraded to the newest schema).

    Refuses to overwrite a database that holds data unless --force is given.

    \b
    Example:
      media-catalog restore --force backups/catalog-2026-11-24.db
    """
    report = backups.restore(_engine(), file, force=force)
    click.echo(f"Restored {file} (schema revision {report.revision}).")
    if report.upgraded_to:
        click.echo(f"Upgraded the schema to revision {report.upgraded_to}.")


COMMANDS = (backup_command, restore_command)
