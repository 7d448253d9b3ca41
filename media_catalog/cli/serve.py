"""`media-catalog serve`: the app for production, under gunicorn with defaults a site can keep
(worker processes from the CPU count, a few threads each, timeouts, JSON logs with request ids,
metrics added up across workers). `media-catalog run` stays the development server."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text

from .common import CatalogCommand, engine

CONFIG = "python:media_catalog.gunicorn_config"  # hooks and logging; the options come from here


def default_workers() -> int:
    """One process per core plus one, each with threads for requests waiting on I/O; at least
    two, so a slow request never holds up the whole site."""
    return max(2, (os.cpu_count() or 1) + 1)


def metrics_folder(instance: Path) -> Path:
    """PROMETHEUS_MULTIPROC_DIR, emptied at start (samples of dead processes would count)."""
    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or instance / "prometheus")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@click.command("serve", cls=CatalogCommand)
@with_appcontext
@click.option("--bind", default="127.0.0.1:8000", show_default=True, help="Address to listen on.")
@click.option("--workers", type=click.IntRange(1), help="Processes (default: CPU cores + 1).")
@click.option("--threads", type=click.IntRange(1), default=4, show_default=True)
@click.option(
    "--timeout",
    type=click.IntRange(1),
    default=120,
    show_default=True,
    help="Seconds before a silent worker is restarted (a guide PDF takes a while).",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="One JSON line per request, with its request id.",
)
def serve_command(
    bind: str, workers: int | None, threads: int, timeout: int, access_log: bool
) -> None:
    """Serve the app for production with gunicorn (Flask's `run` is for development).

    Checks the database first, then replaces this process with gunicorn, so a service manager
    (deploy/media-catalog.service) supervises gunicorn itself.

    \b
    Example:
      media-catalog serve --bind 0.0.0.0:8000 --workers 4
    """
    with engine().connect() as connection:  # refuse to start on a database that cannot be used
        connection.execute(text("SELECT 1"))
    folder = metrics_folder(Path(current_app.instance_path))
    args = [
        sys.executable, "-m", "gunicorn", "--config", CONFIG, "--bind", bind,
        "--workers", str(workers or default_workers()), "--threads", str(threads),
        "--timeout", str(timeout), "media_catalog.wsgi:app",
    ]  # fmt: skip
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),  # before any process imports prometheus_client
        "MEDIA_CATALOG_ACCESS_LOG": "1" if access_log else "0",
    }
    click.echo(f"Serving on http://{bind} with gunicorn (metrics samples in {folder}).", err=True)
    os.execvpe(sys.executable, args, env)


COMMANDS = [serve_command]
