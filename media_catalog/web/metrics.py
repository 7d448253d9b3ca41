"""Prometheus metrics at /metrics: requests by route and status, request latency, search latency.
Under gunicorn every worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (`media-catalog
serve` sets it) each writes its samples to files there and a scrape adds them up across workers.
/metrics answers an admin, or a scraper with `Authorization: Bearer <METRICS_TOKEN>`; anyone else
is sent to sign in (403 for a signed-in non-admin). Routes are labelled by their rule
(`/media/<slug>`), never by the URL asked for, so a crawler cannot grow the label set."""

from __future__ import annotations

import hmac
import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from .auth import role_required

bp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "media_catalog_http_requests", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "media_catalog_http_request_duration_seconds",
    "Time to answer a request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
SEARCH = Histogram(
    "media_catalog_search_duration_seconds",
    "Time to answer a search (cached answers included)",
    ["interface"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)


def _has_token() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    offered = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


@bp.get("/metrics")
def metrics():  # type: ignore[no-untyped-def]
    """A scraper's token, or else the admin pages' rule: sign in, and be an admin."""
    return _exposition() if _has_token() else role_required("admin")(_exposition)()


def _exposition() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    response = Response(body, content_type=CONTENT_TYPE_LATEST)
    response.cache_control.no_store = True
    return response


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    route = request.url_rule.rule if request.url_rule else "unmatched"
    REQUESTS.labels(request.method, route, str(response.status_code)).inc()
    started = g.get("metrics_started")
    if started is not None:
        LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
    return response


def register(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_count)
    app.register_blueprint(bp)
