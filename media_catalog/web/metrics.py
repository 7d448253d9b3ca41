"""Prometheus metrics at /metrics: requests by route and status, request latency, search latency,
and the job queue as the jobs table holds it (jobs by kind and state, how long finished jobs
ran, how long the oldest queued job has waited), read at each scrape: jobs run in worker
processes and on other machines, whose own counters no web worker could see.

Under gunicorn every worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (`media-catalog
serve` sets it) each writes its samples to files there and a scrape adds them up across workers.
/metrics answers an admin, or a scraper with `Authorization: Bearer <METRICS_TOKEN>`; anyone else
is sent to sign in (403 for a signed-in non-admin). Routes are labelled by their rule
(`/media/<slug>`), never by the URL asked for, so a crawler cannot grow the label set."""

from __future__ import annotations

import hmac
import os
import time
from bisect import bisect_left
from collections import defaultdict
from datetime import UTC, datetime

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeHistogramMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from ..models import JOB_STATES, Job
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
    jobs = CollectorRegistry()
    jobs.register(JobsCollector(current_app.extensions["media_catalog"]["sessions"]))
    body += generate_latest(jobs)
    response = Response(body, content_type=CONTENT_TYPE_LATEST)
    response.cache_control.no_store = True
    return response


JOB_BUCKETS = (
    1,
    5,
    15,
    60,
    300,
    900,
    3600,
    4 * 3600,
)  # seconds: a thumbnail to a long transcription


class JobsCollector:
    """The jobs on record, as gauges: a distribution, not a counter, since `media-catalog gc`
    removes old jobs."""

    def __init__(self, sessions) -> None:  # type: ignore[no-untyped-def]
        self.sessions = sessions

    def collect(self):  # type: ignore[no-untyped-def]
        with self.sessions() as session:
            counts = session.execute(
                select(Job.kind, Job.state, func.count()).group_by(Job.kind, Job.state)
            ).all()
            runs = session.execute(
                select(Job.kind, Job.started_at, Job.finished_at).where(
                    Job.state.in_(("done", "failed")), Job.started_at.is_not(None)
                )
            ).all()
            oldest = session.scalar(select(func.min(Job.created_at)).where(Job.state == "queued"))
        jobs = GaugeMetricFamily(
            "media_catalog_jobs", "Jobs on record by kind and state", labels=["kind", "state"]
        )
        by_kind = defaultdict(dict)
        for kind, state, count in counts:
            by_kind[kind][state] = count
        for kind, states in sorted(by_kind.items()):
            for state in JOB_STATES:  # every state, zeros included, so a rate sees 0 -> n
                jobs.add_metric([kind, state], states.get(state, 0))
        yield jobs
        yield _durations(runs)
        waiting = GaugeMetricFamily(
            "media_catalog_jobs_oldest_queued_seconds",
            "How long the oldest queued job has waited (0: none waiting)",
        )
        waiting.add_metric([], (_now() - _aware(oldest)).total_seconds() if oldest else 0.0)
        yield waiting


def _durations(runs) -> GaugeHistogramMetricFamily:  # type: ignore[no-untyped-def]
    family = GaugeHistogramMetricFamily(
        "media_catalog_job_duration_seconds",
        "How long finished jobs on record ran, by kind",
        labels=["kind"],
    )
    seconds = defaultdict(list)
    for kind, started, finished in runs:
        if finished is not None:
            seconds[kind].append((_aware(finished) - _aware(started)).total_seconds())
    for kind, values in sorted(seconds.items()):
        values.sort()
        buckets = [(str(bound), bisect_left(values, bound + 1e-9)) for bound in JOB_BUCKETS]
        family.add_metric([kind], [*buckets, ("+Inf", len(values))], sum(values))
    return family


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back (stored as UTC), PostgreSQL aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


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
