"""`media-catalog worker` runs the job queue's consumer (Huey); `media-catalog gc` removes expired
export results and temporary files that no live job owns, reporting the bytes freed;
`media-catalog rebuild-media` remakes items' proxies, posters and thumbnails as a job."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from ..guides import pdf_job  # noqa: F401  registers the guide PDF job
from ..ingest import (
    access_copies,  # noqa: F401  registers the access copy job
    rebuild,  # noqa: F401  registers the proxy and thumbnails job
)
from ..jobs import collector, runner
from ..jobs.queue import JobQueue
from ..linking import link_job  # noqa: F401  registers the link job
from ..models import Job
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


@click.command("rebuild-media", cls=CatalogCommand)
@with_appcontext
@click.argument("item", required=False)
@click.option("--all", "every_item", is_flag=True, help="Every item with a media file.")
@click.option("--wait", is_flag=True, help="Run the job in this process and report it.")
def rebuild_media_command(item: str | None, every_item: bool, wait: bool) -> None:
    """Remake ITEM's poster, thumbnail strip, waveform and proxy from its media file (after the
    file was replaced, or when one is missing); the old files are served until all are made.

    \b
    Example:
      media-catalog rebuild-media archival-1977-airport --wait
      media-catalog rebuild-media --all
    """
    if bool(item) == every_item:
        raise click.UsageError("give one ITEM or --all")
    queue_and_report(lambda session: rebuild.queue_rebuild(session, None, item), wait)


def queue_and_report(make_job, wait: bool) -> None:  # type: ignore[no-untyped-def]
    """Queue the job `make_job` makes (a job, or a job and whether it is new) for the worker,
    or with `wait` run it here, and report how it ended."""
    factory = sessions()
    with factory() as session:
        made = make_job(session)
        job, new = made if isinstance(made, tuple) else (made, True)
        session.commit()
        job_id, token = job.id, job.token
        if not new:
            click.echo(f"Job {token} ({job.subject}) is already {job.state}; not queued twice.")
            return
        if not wait:
            _queue().submit(job)
    if wait:
        runner.run_job(factory, current_app.config, job_id)
    with factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        if job.state == "queued":
            click.echo(f"Queued job {token} ({job.subject}); `media-catalog worker` runs it.")
            return
        for line in job.log.splitlines()[1:]:
            click.echo(line)
        if job.state == "failed":
            raise click.ClickException(f"{job.subject}: {job.error}")


COMMANDS = (worker_command, gc_command, rebuild_media_command)
