"""Commands that exchange the catalog with other tools: OHMS XML in and out, chapters from a
WebVTT chapters track, the film's cut from an EDL or OTIO timeline."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import migrate
from ..db import transaction
from ..errors import CatalogError, NotFound
from ..ingest.filmcut import import_cut
from ..interop.ohms_export import VERSIONS, export_ohms
from ..interop.ohms_import import import_ohms
from ..models import MediaItem, User
from .common import CatalogCommand, FrameRate, sessions
from .common import engine as _engine
from .mentions import link_with_progress, print_link_report


def _public_media_url(item: MediaItem, base_url: str) -> str | None:
    """The app's public URL of the item's media, as the web's OHMS download writes it."""
    if item.media_status != "ok" or not (item.proxy_path or item.media_path):
        return None
    variant = "proxy" if item.proxy_path else "original"
    with current_app.test_request_context(base_url=base_url):
        return url_for("player.media_file", slug=item.slug, variant=variant, _external=True)


def _media(session, slug: str) -> MediaItem:  # type: ignore[no-untyped-def]
    item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
    if item is None:
        raise NotFound(f"no media item '{slug}'")
    return item  # type: ignore[no-any-return]


@click.command("import-ohms", cls=CatalogCommand)
@with_appcontext
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--slug", help="The media item to import into (one file only); default: from the file."
)
@click.option("--film", help="Also list the interview under this film (its slug).")
def import_ohms_command(files: tuple[Path, ...], slug: str | None, film: str | None) -> None:
    """Import OHMS XML cache files (5.4 with <sync>, 6.x with <vtt_transcript>).

    Metadata describe the interview, index points become chapters, subjects annotations, and
    timed transcripts segments. Each file is one transaction: a file with an error changes
    nothing, and the error names its line and element. Importing again replaces what the file
    brought before.

    \b
    Example:
      media-catalog import-ohms --film refusenik interviews/slepak.xml
    """
    if slug and len(files) > 1:
        raise click.UsageError("--slug goes with one file")
    migrate.upgrade(_engine())
    failed = changed = 0
    for path in files:
        try:
            with transaction(sessions()) as session:
                result = import_ohms(session, path, slug=slug, film=film)
        except CatalogError as exc:
            click.echo(f"failed: {exc}", err=True)
            failed += 1
            continue
        for warning in result.warnings:
            click.echo(f"warning: {path}: {warning}", err=True)
        if result.status == "unchanged":
            click.echo(f"{path}: unchanged since it was imported as '{result.slug}'.")
            continue
        changed += 1
        click.echo(
            f"{path}: {result.status} as '{result.slug}': {result.segments} segments, "
            f"{result.chapters} chapters, {result.annotations} subjects and keywords."
        )
    if changed:
        print_link_report(link_with_progress())
    sys.exit(1 if failed else 0)


@click.command("export-ohms", cls=CatalogCommand)
@with_appcontext
@click.argument("slug")
@click.option("--version", "version", type=click.Choice(VERSIONS), default="5.4", show_default=True)
@click.option("--restricted", is_flag=True, help="Include restricted tracks and passages.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@click.option(
    "--base-url",
    metavar="URL",
    help="Where the public reaches the app, for the media URL. Default: PUBLIC_URL.",
)
def export_ohms_command(
    slug: str, version: str, restricted: bool, output: Path | None, base_url: str | None
) -> None:
    """Write a media item as an OHMS XML cache file.

    By default only what the public may see is written; --restricted writes everything (an
    archive's own copy). The media URL is the app's (under --base-url) when it serves the
    media, else the one an imported OHMS file gave.

    \b
    Example:
      media-catalog export-ohms interview-historian --version 6.0 -o historian.xml
    """
    with transaction(sessions()) as session:
        item = _media(session, slug)
        reader = User(email="cli", role="admin") if restricted else None
        if item.restricted and not restricted:
            raise NotFound(f"'{slug}' is restricted: export it with --restricted")
        public_url = base_url or current_app.config["PUBLIC_URL"]
        media_url = _public_media_url(item, public_url)
        permalink = f"{public_url.rstrip('/')}/id/{item.pid}"
        text = export_ohms(session, reader, item, version, media_url, permalink)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


@click.command("import-cut", cls=CatalogCommand)
@with_appcontext
@click.argument("film")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--fps",
    type=FrameRate(),
    help="The EDL's frame rate: 25, 29.97, 23.976 or exact, e.g. 30000/1001. Default: what the "
    "file tells (drop-frame, its highest frame number, a FRAME RATE comment).",
)
def import_cut_command(film: str, file: Path, fps: Fraction | None) -> None:
    """Import the film's own cut (EDL or .otio) and match its events to media items.

    Each video event is matched by reel or clip name (a media item's identifier or slug) and
    source timecode (from the item's start timecode), and recorded as a use in the film.
    Importing again replaces the film's cut. Events no item fits are listed here and at
    /films/FILM/cut/unmatched for an editor to resolve.

    \b
    Example:
      media-catalog import-cut refusenik cuts/refusenik-final.edl --fps 25
    """
    migrate.upgrade(_engine())
    with transaction(sessions()) as session:
        result = import_cut(session, film, file, fps)
        unmatched = [
            (e.event, e.reel or e.clip_name or "", e.source_in, e.reason) for e in result.unmatched
        ]
    if result.status == "unchanged":
        click.echo(f"{file}: unchanged since it was imported; nothing to do.")
        return
    for warning in result.warnings:
        click.echo(f"warning: {file}: {warning}", err=True)
    resolved = f", {result.resolved} as editors resolved them before" if result.resolved else ""
    click.echo(f"{file}: {result.matched} event(s) matched{resolved}, {len(unmatched)} unmatched.")
    for event, name, source_in, reason in unmatched:
        click.echo(f"unmatched: event {event} {name} at {source_in}: {reason}")


COMMANDS = (import_ohms_command, export_ohms_command, import_cut_command)
