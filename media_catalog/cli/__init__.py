"""The `media-catalog` command (also `flask --app media_catalog ...`): groups by noun, commands
by verb. Catalog errors become one clean line and exit status 1."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from .. import create_app
from . import backup, grants, imports, interop, mentions, reels, users
from . import chapters as chapter_commands
from . import search as search_commands


@click.group(cls=FlaskGroup, create_app=create_app)
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
        *chapter_commands.COMMANDS,
        *reels.COMMANDS,
        *interop.COMMANDS,
    ):
        app.cli.add_command(command)
