"""Structured logs: one JSON object per line, each carrying the request id. The id is the
client's (or the front server's) X-Request-Id when it is a plain token, else one made here; it
is echoed in the response, so a user's report, nginx's log and the app's lines meet on it."""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

# A client's id is copied into every log line: letters, digits and . _ - only (no log injection).
_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
access_log = logging.getLogger("media_catalog.requests")


def request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,  # which worker process, under gunicorn
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the app's loggers (a service manager or container collects them)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    for name in ("media_catalog", "flask.app"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    # `media-catalog serve --no-access-log` leaves out the line per request.
    access_log.disabled = os.environ.get("MEDIA_CATALOG_ACCESS_LOG", "1") == "0"


def _start() -> None:
    offered = request.headers.get("X-Request-Id", "")
    g.request_id = offered if _CLIENT_ID.fullmatch(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers["X-Request-Id"] = g.get("request_id", "-")
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    fields = {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(elapsed_ms, 1),
        "user": g.user.id if g.get("user") is not None else None,
    }
    access_log.info("%s %s %s", request.method, request.path, response.status_code,
                    extra={"fields": fields})  # fmt: skip
    return response


def register(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
