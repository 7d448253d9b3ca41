"""A guide's PDF is rendered by one job on the real queue (a `media-catalog worker` process)
and kept: eight concurrent first requests wait for that one job and get eight identical PDFs;
the next request is served from the kept file; an edit (a new guide revision) makes a new one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from guide_fixtures import draft_through_web
from sqlalchemy import select
from test_guide_exports import PUBLIC, add_moments, share

from media_catalog.guides.pdf_job import PDF_JOB
from media_catalog.models import Job


@pytest.fixture
def app(queued):  # type: ignore[no-untyped-def]
    """This module's app queues jobs for a real worker (conftest's fixtures build on it)."""
    return queued[0]


def pdf_jobs(sessions) -> list[Job]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return list(session.scalars(select(Job).where(Job.kind == PDF_JOB)))


def test_concurrent_first_requests_share_one_rendering_job(
    app, queued, client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("host")
    token = draft_through_web(client, csrf, "Refusenik — a discussion")
    add_moments(client, sessions, csrf, token, PUBLIC)
    share(client, sessions, csrf, token)
    queued[1]()  # the worker

    def fetch(_n: int) -> tuple[int, bytes]:
        response = app.test_client().get(f"/guides/{token}/guide.pdf")  # anonymous readers
        return response.status_code, response.get_data()

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(fetch, range(8)))
    assert [status for status, _ in answers] == [200] * 8
    assert len({body for _, body in answers}) == 1 and answers[0][1].startswith(b"%PDF")
    jobs = pdf_jobs(sessions)
    assert [(j.state, j.attempts) for j in jobs] == [("done", 1)]

    again = app.test_client().get(f"/guides/{token}/guide.pdf")
    assert again.get_data() == answers[0][1] and len(pdf_jobs(sessions)) == 1  # kept

    add_moments(client, sessions, csrf, token, PUBLIC[:1])  # a new revision of the guide
    changed = app.test_client().get(f"/guides/{token}/guide.pdf")
    assert changed.status_code == 200 and changed.get_data() != answers[0][1]
    assert len(pdf_jobs(sessions)) == 2
