"""`media-catalog search`: the web search in the terminal, as a table or JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from flask.cli import with_appcontext

from .. import search as catalog_search
from ..db import transaction
from ..models import User
from ..search.filters import Filters
from ..timecode import format_short, seconds
from .common import CatalogCommand, sessions


@click.command("search", cls=CatalogCommand)
@click.argument("query", required=False)
@click.option("--film", help="Only this film (slug).")
@click.option("--media", help="Only this media item (slug).")
@click.option("--kind", type=click.Choice(["interview", "archival", "film"]), help="Kind of item.")
@click.option("--language", help="Transcript language: en, ru, he, ...")
@click.option("--speaker", help="Speaker as written, or a person's slug.")
@click.option("--entity", "entities", multiple=True, help="Entity slug; repeat: all must appear.")
@click.option("--from", "year_from", type=int, help="First year of the period.")
@click.option("--to", "year_to", type=int, help="Last year of the period.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--include-restricted", is_flag=True, help="Search restricted material too.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document instead of a table.")
@click.option("--reindex", is_flag=True, help="Rebuild the search index from the catalog.")
@with_appcontext
def search_command(
    query: str | None,
    film: str | None,
    media: str | None,
    kind: str | None,
    language: str | None,
    speaker: str | None,
    entities: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    page: int,
    include_restricted: bool,
    as_json: bool,
    reindex: bool,
) -> None:
    """Search transcripts and archival clips: words, "phrases", prefix*, -exclusions, OR.

    Prints media item, timestamp, speaker and snippet for each moment; a name in any spelling
    or script also finds the moments linked to that person, event or place. Restricted
    material is left out unless --include-restricted is given.

    \b
    Examples:
      media-catalog search Shcharansky
      media-catalog search 'refus* -Moscow' --language en --json
      media-catalog search visa --entity natan-sharansky --from 1970 --to 1979
    """
    if reindex:
        _reindex()
        if not query:
            return
    if not query:
        raise click.UsageError("Give a QUERY to search for (or --reindex).")
    filters = Filters(film, media, kind, language, speaker, entities, year_from, year_to)
    user = User(email="cli", role="editor", password_hash="-") if include_restricted else None
    with sessions()() as session:
        results = catalog_search.search(session, user, query, filters, page)
    if as_json:
        click.echo(json.dumps(_as_dict(results), ensure_ascii=False, indent=2))
    else:
        _print_table(results)


def _print_table(results: catalog_search.SearchResults) -> None:
    for group in results.groups:
        click.echo(f"{group.media.slug}  ({group.count} moment{'s' if group.count != 1 else ''})")
        for hit in group.hits:
            where = format_short(hit.start_ms)
            who = f"{hit.speaker}: " if hit.speaker else ""
            text = " ".join(hit.snippet.text.split())
            click.echo(f"  {where:>8}  {hit.language or '--':<3}{who}{text}")
    for typed, searched in results.corrections:
        click.echo(f"No moment holds {typed!r}: also showing results for {', '.join(searched)}.")
    for typed, suggested in results.suggestions:
        click.echo(f"Did you mean {suggested!r} (for {typed!r})?")
    click.echo(
        f"{results.total_hits} moment(s) in {results.total_groups} item(s); "
        f"page {results.page} of {results.pages}."
    )


def _reindex() -> None:
    with transaction(sessions()) as session:
        stats = _with_progress(session, catalog_search.reindex)
    click.echo(
        f"Search index rebuilt: {stats['documents']:,} segments, "
        f"{stats['words']:,} distinct words, {stats['bytes'] / 1e6:.1f} MB."
    )


def _with_progress(session: Any, work: Any) -> dict[str, int]:
    with click.progressbar(length=1, label="Indexing segments", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        work(session, progress)
    return catalog_search.index_stats(session)


def refresh_search_index() -> None:
    """After an import: the index takes in what changed now (rebuilding it, with progress, when
    much did), so that the first search on the site need not."""
    with transaction(sessions()) as session:
        _with_progress(session, catalog_search.refresh)


def _as_dict(results: catalog_search.SearchResults) -> dict:  # type: ignore[type-arg]
    return {
        "query": results.query,
        "total_hits": results.total_hits,
        "total_groups": results.total_groups,
        "page": results.page,
        "corrections": [{"typed": t, "searched": s} for t, s in results.corrections],
        "suggestions": [{"typed": t, "suggested": s} for t, s in results.suggestions],
        "pages": results.pages,
        "hits": [
            {
                "media": group.media.slug,
                "start": seconds(hit.start_ms),
                "timestamp": format_short(hit.start_ms),
                "speaker": hit.speaker,
                "language": hit.language,
                "snippet": hit.snippet.text,
                "highlights": hit.snippet.highlights,
                "score": round(hit.score, 6),
            }
            for group in results.groups
            for hit in group.hits
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in facets]
            for name, facets in results.facets.items()
        },
    }


COMMANDS = (search_command,)
