"""gunicorn's settings for `media-catalog serve` (the options it is started with come from the
command line): JSON log lines like the app's, and metrics of a worker that ended left out of
the sums. Read by gunicorn as `--config python:media_catalog.gunicorn_config`."""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import multiprocess

worker_class = "gthread"
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (jittered so they do not all restart at once):
# memory a long-running process gathers is given back.
max_requests = 5000
max_requests_jitter = 500
# gunicorn 24+ opens a control socket in the home folder: unused here, and a service's home is
# often read-only (systemd ProtectHome) or shared by several instances.
control_socket_disable = True
# gunicorn's own lines (start, worker restarts, timeouts) as JSON on stderr, like the app's.
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "media_catalog.web.request_log.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}
# The app writes the access log itself (web/request_log.py), with user and request id.
os.environ.setdefault("MEDIA_CATALOG_ACCESS_LOG", "1")


def child_exit(_server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # set by `serve`; absent under plain gunicorn
        multiprocess.mark_process_dead(worker.pid)
