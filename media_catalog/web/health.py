"""Probes for a service manager or load balancer. /healthz says the process answers (it touches
nothing else, so a database outage does not get every worker restarted); /readyz says it can do
its work (database, job queue, media root): each check in CHECKS must pass, or the answer is
503 naming the checks that failed (the reasons go to the log, not to whoever asked)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def _database() -> None:
    with current_app.extensions["media_catalog"]["engine"].connect() as connection:
        connection.execute(text("SELECT 1"))


def _job_queue() -> None:
    reachable, why = current_app.extensions["media_catalog"]["queue"].ready()
    if not reachable:
        raise RuntimeError(why)


def _media_root_writable() -> None:
    with tempfile.NamedTemporaryFile(dir=Path(current_app.config["MEDIA_ROOT"]), prefix=".ready-"):
        pass


# name -> a function that raises when the app cannot do that part of its work; add one line here
# for each new dependency.
CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "job_queue": _job_queue,
    "media_root": _media_root_writable,
}


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means not ready; the log says which and why
            log.warning("readiness check %s failed: %s", name, exc)
            results[name] = "failing"
    ready = all(value == "ok" for value in results.values())
    response = jsonify(status="ready" if ready else "not ready", checks=results)
    response.status_code = 200 if ready else 503
    response.cache_control.no_store = True
    return response
