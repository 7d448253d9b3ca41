"""`media-catalog search`: the search page's results in the terminal, as a table or JSON, for
editors who live in a shell and for scripts. The command line sees what an editor sees."""

from __future__ import annotations

import json
import re

import click
from flask.cli import with_appcontext

from ..models import User
from ..search import Filters, QueryError, search
from ..timecode import format_short, seconds
from .common import CatalogCommand, sessions

# The terminal reads as an editor: restricted material included, as on an editor's pages.
TERMINAL_USER = User(email="cli", role="editor", password_hash="!")
_MARK = re.compile(r"</?mark>")


@click.command("search", cls=CatalogCommand)
@click.argument("query")
@click.option("--film", help="Film slug.")
@click.option("--media", help="Media item slug.")
@click.option("--kind", type=click.Choice(["interview", "archival"]))
@click.option("--language", help="Transcript language: en, ru, he, ...")
@click.option("--speaker", help="Speaker as written in the transcript.")
@click.option("--entity", "entities", multiple=True, help="Entity slug; repeat: all must appear.")
@click.option("--from", "year_from", type=int, help="First year of the period.")
@click.option("--to", "year_to", type=int, help="Last year of the period.")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@with_appcontext
def search_command(query: str, page: int, as_json: bool, **options: object) -> None:
    """Search transcripts and archival clips: media item, timestamp, speaker and snippet.

    Query syntax: words (all must appear), "exact phrases", prefixes (refus*), exclusions
    (-Moscow) and OR; names are found in any spelling or script.

    \b
    Examples:
      media-catalog search Shcharansky
      media-catalog search '"Six-Day War" OR Exodus' --language en --json
    """
    filters = Filters(**{**options, "entities": list(options["entities"])})  # type: ignore[arg-type]
    with sessions()() as session:
        try:
            results = search(session, TERMINAL_USER, query, filters, page=page)
        except QueryError as exc:
            raise click.ClickException(str(exc)) from None
        rows = [
            {
                "media": group.media.slug,
                "start": seconds(hit.segment.start_ms),
                "end": seconds(hit.segment.end_ms),
                "language": hit.language,
                "speaker": hit.segment.speaker,
                "snippet": _MARK.sub("", str(hit.snippet)),
                "text": hit.segment.text,
            }
            for group in results.groups
            for hit in group.hits
        ]
        clips = [clip.slug for clip in results.clips]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "total": results.total,
                    "page": results.page,
                    "pages": results.pages,
                    "results": rows,
                    "clips": clips,
                },
                ensure_ascii=False,
                indent=2,
            )  # fmt: skip
        )
        return
    for row in rows:
        speaker = f"{row['speaker']}: " if row["speaker"] else ""
        text = " ".join(row["text"].split())
        click.echo(
            f"{row['media']:<28} {format_short(int(row['start'] * 1000)):>8}  {speaker}{text}"
        )
    for slug in clips:
        click.echo(f"{slug:<28} {'clip':>8}  (archival record)")
    click.echo(
        f"{results.total}{'+' if results.capped else ''} moment(s), page {results.page} "
        f"of {results.pages}."
    )


COMMANDS = [search_command]
