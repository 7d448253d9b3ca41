"""Commands about chapters: chapters import (a WebVTT chapters track onto a film or media item)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import chapters
from ..db import transaction
from ..errors import NotFound
from ..models import Film, MediaItem
from .common import CatalogCommand, sessions


@click.group("chapters")
def chapters_group() -> None:
    """Chapters of films and media items (the player shows them, guides reuse them)."""


@chapters_group.command("import", cls=CatalogCommand)
@with_appcontext
@click.argument("slug")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--language", default=None, help="Language of the chapter titles (BCP 47).")
def import_command(slug: str, file: Path, language: str | None) -> None:
    """Import FILE, a WebVTT chapters track, as the chapters of SLUG (a film or a media item).
    Chapters imported before are replaced; chapters marked on the web stay. A bad file changes
    nothing and names the line.

    \b
    Example:
      media-catalog chapters import refusenik chapters/refusenik.vtt
    """
    with transaction(sessions()) as session:
        owner: Film | MediaItem | None = session.scalar(select(Film).where(Film.slug == slug))
        owner = owner or session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        if owner is None:
            raise NotFound(f"no film or media item {slug!r}")
        imported = chapters.import_webvtt_chapters(session, None, owner, file, language)
    click.echo(f"{len(imported)} chapter(s) imported onto {slug} from {file}.")


COMMANDS = (chapters_group,)
