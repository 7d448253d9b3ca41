"""Commands that bring files into the catalog: init, import, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import demo, migrate
from ..db import transaction
from ..demo import guide as demo_guide
from ..demo import narration
from ..errors import IngestError
from ..formats.encodings import check_encoding_name
from ..ingest.batch import BatchSummary, collect_files, import_paths, needs_linking
from ..ingest.transcripts import is_transcript, read_transcript
from ..timecode import seconds
from .common import CatalogCommand
from .common import engine as _engine
from .common import sessions as _sessions
from .mentions import link_with_progress, print_link_report
from .search import refresh_search_index


@click.command("init", cls=CatalogCommand)
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database schema to the newest revision.

    \b
    Example:
      DATABASE_URL=postgresql://localhost/catalog media-catalog init
    """
    migrate.upgrade(_engine())
    click.echo(f"Database at revision {migrate.current_revision(_engine())}.")


def _encoding_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_encoding_name(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("import", cls=CatalogCommand)
@with_appcontext
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Parse and check only; the database is not touched.")
@click.option(
    "--json", "as_json", is_flag=True, help="With --dry-run: print the parsed cues as JSON."
)
@click.option(
    "--encoding",
    callback=_encoding_option,
    metavar="NAME",
    help="Read the transcripts in this encoding (cp1255, cp1251, koi8-r, ...), not as detected.",
)
def import_command(
    paths: tuple[Path, ...], dry_run: bool, as_json: bool, encoding: str | None
) -> None:
    """Import transcripts (.vtt, .srt + sidecar), clip records, authority and film files.

    Folders are searched recursively. Each file is imported in its own transaction: a file that
    fails changes nothing. Unchanged files are skipped.

    \b
    Examples:
      media-catalog import films/ authority/ transcripts/ clips/
      media-catalog import --dry-run --json transcripts/interview-historian.vtt
      media-catalog import --encoding cp1255 legacy/hebrew-1979.srt
    """
    if dry_run:
        sys.exit(_dry_run(list(paths), as_json, encoding))
    if as_json:
        raise click.UsageError("--json goes with --dry-run")
    migrate.upgrade(_engine())
    files = collect_files(paths)
    with click.progressbar(
        length=len(files), label="Importing", file=sys.stderr, show_pos=True
    ) as bar:
        summary = import_paths(
            _sessions(),
            list(paths),
            Path(current_app.config["MEDIA_ROOT"]),
            on_file=lambda _path: bar.update(1),
            link_after=False,
            encoding=encoding,
            consent_dir=Path(current_app.config["CONSENT_DIR"]),
        )
    if needs_linking(_sessions(), summary):  # new text, or an import that stopped before linking
        summary.linked = link_with_progress()
        refresh_search_index()
    _print_summary(summary)
    sys.exit(1 if summary.failed else 0)


def _dry_run(paths: list[Path], as_json: bool, encoding: str | None) -> int:
    files = [p for p in collect_files(paths) if is_transcript(p)] or paths
    reports, status = [], 0
    for path in files:
        try:
            parsed = read_transcript(path, require_sidecar=False, encoding=encoding)
        except IngestError as exc:
            click.echo(f"Error: {exc}", err=True)
            status = 1
            continue
        reports.append(
            {
                "file": str(path),
                "segments": [
                    {
                        "start": seconds(c.start_ms),
                        "end": seconds(c.end_ms),
                        "speaker": c.speaker,
                        "text": c.text,
                    }
                    for c in parsed.cues
                ],
                "encoding": parsed.encoding,
                "language": parsed.language,
                "kind": parsed.kind,
                "media": parsed.media_slug,
                "warnings": parsed.warnings,
            }
        )
        if not as_json:
            click.echo(
                f"{path}: {len(parsed.cues)} segments, {parsed.encoding}, "
                f"language {parsed.language or 'unknown'}, {len(parsed.warnings)} warning(s)"
            )
            for warning in parsed.warnings:
                click.echo(f"  warning: {warning}")
    if as_json and reports:
        click.echo(
            json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=2)
        )
    return status


def _print_summary(summary: BatchSummary) -> None:
    for outcome in summary.outcomes:
        if outcome.status == "failed":
            click.echo(f"failed: {outcome.detail}", err=True)
        for warning in outcome.warnings:
            click.echo(f"warning: {outcome.path}: {warning}", err=True)
        if outcome.encoding and not outcome.encoding.startswith("utf-8"):
            click.echo(f"note: {outcome.path}: {outcome.encoding}", err=True)
    if summary.linked is not None:
        print_link_report(summary.linked)
    click.echo(
        f"{summary.count('imported', 'replaced')} imported, "
        f"{summary.count('unchanged')} unchanged, {len(summary.failed)} failed; "
        f"{summary.segments} segments, {summary.warnings} warnings."
    )


@click.command("demo", cls=CatalogCommand)
@with_appcontext
@click.option("--no-media", is_flag=True, help="Skip generating the demo media files.")
def demo_command(no_media: bool) -> None:
    """Set up the bundled demo catalog: schema, generated media, and every demo file imported.

    \b
    Example:
      media-catalog demo && media-catalog run
    """
    migrate.upgrade(_engine())
    media_root = Path(current_app.config["MEDIA_ROOT"])
    if not no_media:
        made = demo.generate_media(
            media_root, progress=lambda name: click.echo(f"  generating {name}", err=True)
        )
        click.echo(f"Demo media: {made} file(s) generated in {media_root}.")
    summary = import_paths(
        _sessions(),
        demo.demo_paths(),
        media_root,
        link_after=False,
        consent_dir=Path(current_app.config["CONSENT_DIR"]),
    )
    with transaction(_sessions()) as session:  # the film's chapters: the scenes of new guides
        demo_guide.import_demo_chapters(session)
    if needs_linking(_sessions(), summary):  # new text, or an import that stopped before linking
        summary.linked = link_with_progress()
        refresh_search_index()
    _print_summary(summary)
    if not no_media:  # the speaking clip's machine transcript, made by the embedded engine
        for line in narration.transcribe_narrated(_sessions(), current_app.config):
            click.echo(f"Speech: {line}")
        _queue_demo_alignments()
        refresh_search_index()
    click.echo(
        "To edit, add an account (there is no default one) and sign in at /login:\n"
        "  media-catalog user add you@example.org --role admin --generate-password"
    )
    sys.exit(1 if summary.failed else 0)


def _queue_demo_alignments() -> None:
    """The speaking demo interview's word timing goes to the job worker (scripts/demo.sh runs
    one), so the build does not wait minutes for it."""
    with _sessions()() as session:
        queued = narration.queue_alignments(session, current_app.config)
        session.commit()
    queue = current_app.extensions["media_catalog"]["queue"]
    for job in queued:
        queue.submit(job)
        click.echo(f"Word timing of {job.subject} queued (job {job.token}): the worker runs it.")


COMMANDS = (init_command, import_command, demo_command)
