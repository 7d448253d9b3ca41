"""media-catalog: a documentary film companion and media catalog.

`create_app` is the Flask application factory; it reads as a checklist of what the app is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from .config import PROJECT_ROOT, load_settings
from .db import make_engine, make_session_factory
from .ingest import access_copies
from .jobs.queue import JobQueue
from .web import register_web


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str((config or {}).get("INSTANCE_PATH") or PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    app.config.update(load_settings(app.instance_path, config))
    app.config["MEDIA_ROOT"] = str(Path(app.config["MEDIA_ROOT"]).resolve())

    engine = make_engine(app.config["DATABASE_URL"])
    sessions = make_session_factory(engine)
    queue = JobQueue(app.config, sessions)
    app.extensions["media_catalog"] = {"engine": engine, "sessions": sessions, "queue": queue}
    # Redactions' embargoes end on the worker's clock: its every-minute sweep.
    app.extensions["media_catalog"]["lapse_sweep"] = access_copies.schedule_lapses(queue)

    # The one import that goes back up: the CLI's FlaskGroup needs this factory, so the
    # factory can only reach the CLI once it is defined.
    from .cli import register_commands

    register_web(app)
    register_commands(app)
    return app
