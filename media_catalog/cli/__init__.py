"""The `media-catalog` command (also `flask --app media_catalog ...`): groups by noun, commands
by verb. Catalog errors become one clean line and exit status 1, wherever they arise."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo
from sqlalchemy.exc import DatabaseError

from .. import create_app
from ..errors import CatalogError
from . import audit as audit_commands
from . import backup, grants, imports, interop, jobs, mentions, reels, serve, speech, users
from . import chapters as chapter_commands
from . import search as search_commands


class CatalogGroup(FlaskGroup):
    """What a person types never ends in a traceback: a configuration error (a malformed
    DATABASE_URL) met while loading the app, a catalog error any command lets through (Flask's
    own `run`, `shell` and `routes` included) and a database that cannot be reached become one
    line and exit status 1."""

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        try:
            return super().get_command(ctx, name)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except CatalogError as exc:  # --help still lists what needs no app
            click.secho(f"Error: {exc}\n", err=True, fg="red")
            return sorted(self.commands)
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from None
        except DatabaseError as exc:  # unreachable, not a database, locked: say so, no traceback
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise click.ClickException(f"the database cannot be used: {reason}") from None


@click.group(cls=CatalogGroup, create_app=create_app)
def cli() -> None:
    """Documentary film companion and media catalog.

    \b
    Example:
      media-catalog init && media-catalog import films/ authority/ transcripts/ clips/
    """


def register_commands(app: Flask) -> None:
    """Commands live on the app: `flask --app media_catalog` and `media-catalog` both have them."""
    for command in (
        *imports.COMMANDS,
        *mentions.COMMANDS,
        *search_commands.COMMANDS,
        *backup.COMMANDS,
        *users.COMMANDS,
        *grants.COMMANDS,
        *audit_commands.COMMANDS,
        *chapter_commands.COMMANDS,
        *reels.COMMANDS,
        *serve.COMMANDS,
        *interop.COMMANDS,
        *jobs.COMMANDS,
        *speech.COMMANDS,
    ):
        app.cli.add_command(command)
