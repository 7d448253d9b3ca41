"""`media-catalog worker` runs the job queue's consumer (Huey); `media-catalog gc` removes expired
export results and temporary files that no live job owns, reporting the bytes freed."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from ..guides import pdf_job  # noqa: F401  registers the guide PDF job
from ..ingest import access_copies  # noqa: F401  registers the access copy job
from ..jobs import collector
from ..jobs.queue import JobQueue
from ..linking import link_job  # noqa: F401  registers the link job
from ..reels import subclips  # noqa: F401  registers the sub-clip export job
from ..speech import aligning, machine  # noqa: F401  registers the speech jobs
from .common import CatalogCommand, sessions


def _queue() -> JobQueue:
    return current_app.extensions["media_catalog"]["queue"]  # type: ignore[no-any-return]


@click.command("worker", cls=CatalogCommand)
@with_appcontext
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Jobs run at once by this process (default: JOBS_WORKERS, 2).",
)
def worker_command(workers: int | None) -> None:
    """Run queued jobs (sub-clip exports, ...) until stopped with Ctrl+C or SIGTERM.

    Jobs whose worker stopped (a crash, kill -9) are queued again or marked failed when a
    worker starts, and every minute after.

    \b
    Example:
      media-catalog worker --workers 2
    """
    queue = _queue()
    if queue.huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is set: jobs run where they are queued")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    again = queue.recover()
    waiting = queue.resubmit_queued()
    count = workers or int(current_app.config["JOBS_WORKERS"])
    click.echo(
        f"Worker: {count} at once on {type(queue.huey).__name__} "
        f"({again} stopped job(s) queued again, {waiting} waiting)"
    )
    queue.consumer(count).run()


@click.command("gc", cls=CatalogCommand)
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Say what would go; remove nothing.")
def gc_command(dry_run: bool) -> None:
    """Remove expired export results (EXPORT_MAX_AGE_HOURS, EXPORT_QUOTA_MB), results of
    deleted reels, and temporary files left by stopped jobs; report the bytes freed.

    \b
    Example:
      media-catalog gc --dry-run
    """
    with sessions()() as session:
        report = collector.collect(session, current_app.config, dry_run=dry_run)
        if not dry_run:
            session.commit()
    verb = "Would remove" if dry_run else "Removed"
    for removal in report.removed:
        click.echo(f"{verb} {removal.path} ({removal.size} bytes): {removal.reason}")
    click.echo(f"{verb} {len(report.removed)} file(s), {report.bytes_freed} bytes freed.")


COMMANDS = (worker_command, gc_command)
