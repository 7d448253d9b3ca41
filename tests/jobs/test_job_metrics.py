"""/metrics reports the job queue from the jobs table: jobs by kind and state (zeros included),
how long finished jobs ran, and how long the oldest queued job has waited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families

from media_catalog.db import transaction
from media_catalog.models import Job


def _samples(client) -> dict:  # type: ignore[no-untyped-def,type-arg]
    body = client.get("/metrics").get_data(as_text=True)
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def test_metrics_count_jobs_and_their_durations(client, sessions, login_as) -> None:
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        for n, (state, seconds) in enumerate([("done", 3), ("done", 40), ("failed", 2)]):
            started = now - timedelta(minutes=10)
            session.add(
                Job(
                    token=f"t{n}",
                    kind="reel_export",
                    state=state,
                    started_at=started,
                    finished_at=started + timedelta(seconds=seconds),
                )
            )
        session.add(
            Job(token="q", kind="transcribe", state="queued", created_at=now - timedelta(minutes=5))
        )
    login_as("admin")
    samples = _samples(client)
    jobs = "media_catalog_jobs"
    assert samples[(jobs, (("kind", "reel_export"), ("state", "done")))] == 2
    assert samples[(jobs, (("kind", "reel_export"), ("state", "failed")))] == 1
    assert samples[(jobs, (("kind", "reel_export"), ("state", "running")))] == 0
    assert samples[(jobs, (("kind", "transcribe"), ("state", "queued")))] == 1
    duration = "media_catalog_job_duration_seconds"
    kind = (("kind", "reel_export"),)
    assert samples[(f"{duration}_bucket", (("kind", "reel_export"), ("le", "5")))] == 2
    assert samples[(f"{duration}_bucket", (("kind", "reel_export"), ("le", "60")))] == 3
    assert samples[(f"{duration}_gsum", kind)] == 45
    waited = samples[("media_catalog_jobs_oldest_queued_seconds", ())]
    assert 290 < waited < 900


def test_an_empty_queue_reports_no_wait(client, sessions, login_as) -> None:
    login_as("admin")
    assert _samples(client)[("media_catalog_jobs_oldest_queued_seconds", ())] == 0
