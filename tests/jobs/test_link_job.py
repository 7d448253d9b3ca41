"""Linking after an import is a job of its own: an import that stops before linking (simulated
by importing without the linking step, as a kill between the two would leave it) leaves a
queued link job, not a silent gap; the next import of the same, unchanged files links, and so
does a real worker process when it starts."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from media_catalog import demo
from media_catalog.ingest.batch import import_paths
from media_catalog.linking.link_job import LINK_JOB
from media_catalog.models import Annotation, Job


def import_without_linking(sessions, media_root) -> None:  # type: ignore[no-untyped-def]
    summary = import_paths(
        sessions,
        demo.demo_paths(),
        media_root,
        link_after=False,
        consent_dir=media_root.parent / "consent",
    )
    assert not summary.failed and summary.count("imported")


def mentions_and_link_jobs(sessions) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        mentions = session.scalar(
            select(func.count()).select_from(Annotation).where(Annotation.origin == "auto")
        )
        states = list(session.scalars(select(Job.state).where(Job.kind == LINK_JOB)))
    return mentions, states


def test_an_import_stopped_before_linking_leaves_one_queued_link_job(sessions, media_root) -> None:
    import_without_linking(sessions, media_root)
    assert mentions_and_link_jobs(sessions) == (0, ["queued"])  # one job for every file


def test_reimporting_unchanged_files_links_what_the_stopped_import_left(
    sessions, media_root, runner
) -> None:
    """Immediate mode is irrelevant here: the import command links in its own process."""
    import_without_linking(sessions, media_root)
    result = runner.invoke(args=["import", *map(str, demo.demo_paths())])
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output
    mentions, states = mentions_and_link_jobs(sessions)
    assert mentions > 0 and states == ["done"], result.output
    with sessions() as session:
        job = session.scalar(select(Job).where(Job.kind == LINK_JOB))
    assert "mention(s) added" in job.log and job.done == job.total > 0


def test_a_worker_starting_runs_the_pending_link_job(queued, media_root) -> None:
    """Real consumer: `media-catalog worker` hands the queued link job to Huey and runs it."""
    app, start_worker = queued
    sessions = app.extensions["media_catalog"]["sessions"]
    import_without_linking(sessions, media_root)
    start_worker()
    deadline = time.monotonic() + 120
    while (found := mentions_and_link_jobs(sessions))[1] in (["queued"], ["running"]):
        assert time.monotonic() < deadline, found
        time.sleep(0.3)
    assert found[0] > 0 and found[1] == ["done"], found
