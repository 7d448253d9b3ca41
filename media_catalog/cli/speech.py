"""`media-catalog transcribe` and `media-catalog align`: speech work queued as jobs (the worker
runs them; `--wait` runs one here and reports how it ended, as JOBS_IMMEDIATE does)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..speech import aligning, machine
from .common import CatalogCommand, sessions
from .jobs import queue_and_report

WAIT = click.option("--wait", is_flag=True, help="Run the job in this process and report it.")


@click.command("transcribe", cls=CatalogCommand)
@with_appcontext
@click.argument("item", required=False)
@click.option("--all-untranscribed", is_flag=True, help="Every item with media and no transcript.")
@click.option("--language", default="en", show_default=True, help="BCP 47 language of the speech.")
@WAIT
def transcribe_command(
    item: str | None, all_untranscribed: bool, language: str, wait: bool
) -> None:
    """Recognise the speech of ITEM (a media item's slug) into a machine transcript with word
    times and confidence, then link names in it (suggestions go to the review queue).

    \b
    Example:
      media-catalog transcribe archival-1977-airport --wait
      media-catalog transcribe --all-untranscribed
    """
    if bool(item) == all_untranscribed:
        raise click.UsageError("give one ITEM or --all-untranscribed")
    with sessions()() as session:
        slugs = machine.untranscribed(session) if all_untranscribed else [item]
    if not slugs:
        click.echo("Every item with media has a transcript: nothing to do.")
    for slug in slugs:
        queue_and_report(
            lambda s, slug=slug: machine.queue_transcription(
                s, None, slug, language, current_app.config
            ),
            wait,
        )


@click.command("align", cls=CatalogCommand)
@with_appcontext
@click.argument("item")
@click.option("--language", default=None, help="The track's language (default: the original).")
@WAIT
def align_command(item: str, language: str | None, wait: bool) -> None:
    """Time every word of ITEM's human transcript against its audio; words that cannot be
    placed keep their cue's time, and the share placed is reported.

    \b
    Example:
      media-catalog align interview-begun-1987 --wait
    """
    queue_and_report(
        lambda s: aligning.queue_alignment(s, None, item, language, current_app.config), wait
    )


COMMANDS = (transcribe_command, align_command)
