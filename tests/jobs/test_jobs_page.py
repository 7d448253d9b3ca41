"""The jobs page and its JSON: who may see which job (the one who started it, admins; anyone
else gets 404), cancel and retry behind CSRF, the log, the progress bar and the result link.
Jobs here run in Huey's immediate mode (the page is under test, not the queue; the real
worker is tested in tests/reels/test_reel_export_worker.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from media_catalog import jobs
from media_catalog.db import transaction
from media_catalog.models import Job, User

KIND = "test_count"


@jobs.handler(KIND, "Counting to three")
def count_to_three(context) -> str:  # type: ignore[no-untyped-def]
    """A job with progress, a log line and a result file; fails when asked to."""
    for done in range(1, 4):
        context.progress(done, 3)
    context.log("counted")
    if context.params.get("fail"):
        raise jobs.JobError("asked to fail at three")
    result = Path(context.settings["EXPORTS_DIR"]) / f"{context.token}.txt"
    result.parent.mkdir(parents=True, exist_ok=True)
    result.write_text("1 2 3\n")
    return str(result)


def queue_job(app, email: str, *, fail: bool = False) -> str:  # type: ignore[no-untyped-def]
    sessions = app.extensions["media_catalog"]["sessions"]
    with sessions() as session:
        user = session.scalar(select(User).where(User.email == email))
        job = jobs.new_job(session, user, KIND, params={"fail": fail})
        session.commit()
        app.extensions["media_catalog"]["queue"].submit(job)
        return job.token


def sign_in(client, email: str) -> None:  # type: ignore[no-untyped-def]
    from conftest import PASSWORD, csrf_token_of

    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token_of(client)}
    )
    assert response.status_code == 302


@pytest.fixture
def owner_job(app, add_user):  # type: ignore[no-untyped-def]
    add_user("viewer", "owner@example.org")
    return queue_job(app, "owner@example.org")


def test_the_one_who_started_it_sees_state_progress_log_and_result(
    app, client, login_as, owner_job
) -> None:
    sign_in(client, "owner@example.org")
    page = BeautifulSoup(client.get(f"/jobs/{owner_job}").get_data(as_text=True), "html.parser")
    assert page.select_one(".job-state").get_text(strip=True) == "done"
    bar = page.select_one("progress.job-progress")
    assert (bar["value"], bar["max"]) == ("3", "3")
    assert "counted" in page.select_one(".job-log").get_text()
    assert page.select_one(".job-result").get("hidden") is None
    download = client.get(page.select_one(".job-download")["href"])
    assert download.get_data() == b"1 2 3\n"
    download.close()
    listing = BeautifulSoup(client.get("/jobs").get_data(as_text=True), "html.parser")
    assert [a.get_text() for a in listing.select("table.jobs a")] == ["Counting to three"]
    state = client.get(f"/jobs/{owner_job}.json").get_json()
    assert (state["state"], state["done"], state["started_by"]) == ("done", 3, "owner@example.org")


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_nobody_else_learns_the_job_exists(app, client, login_as, owner_job, role) -> None:
    login_as(role)
    for url in (f"/jobs/{owner_job}", f"/jobs/{owner_job}.json", f"/jobs/{owner_job}/download"):
        response = client.get(url)
        assert response.status_code == 404, url
        response.close()
    listing = BeautifulSoup(client.get("/jobs").get_data(as_text=True), "html.parser")
    assert listing.select("table.jobs a") == []


def test_an_admin_sees_every_job(client, login_as, owner_job) -> None:
    login_as("admin")
    assert client.get(f"/jobs/{owner_job}.json").get_json()["state"] == "done"


def test_anonymous_visitors_are_sent_to_sign_in(client, owner_job) -> None:
    response = client.get(f"/jobs/{owner_job}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_retry_needs_csrf_and_runs_the_job_again(app, client, login_as, add_user) -> None:
    add_user("editor", "owner@example.org")
    token = queue_job(app, "owner@example.org", fail=True)
    sign_in(client, "owner@example.org")
    state = client.get(f"/jobs/{token}.json").get_json()
    assert (state["state"], state["error"]) == ("failed", "asked to fail at three")
    assert client.post(f"/jobs/{token}/retry").status_code == 400  # no CSRF token
    with transaction(app.extensions["media_catalog"]["sessions"]) as session:
        session.scalar(select(Job).where(Job.token == token)).params = {"fail": False}
    from conftest import csrf_token_of

    response = client.post(f"/jobs/{token}/retry", data={"csrf_token": csrf_token_of(client)})
    assert response.status_code == 302
    state = client.get(f"/jobs/{token}.json").get_json()
    assert (state["state"], state["attempts"]) == ("done", 2)
    assert any("retried by owner@example.org" in line for line in state["log"])


def test_a_finished_job_cannot_be_cancelled_and_says_why(app, client, login_as, owner_job) -> None:
    from conftest import csrf_token_of

    sign_in(client, "owner@example.org")
    response = client.post(
        f"/jobs/{owner_job}/cancel",
        data={"csrf_token": csrf_token_of(client)},
        follow_redirects=True,
    )
    assert "already done, nothing to cancel" in response.get_data(as_text=True)
    assert client.get(f"/jobs/{owner_job}.json").get_json()["state"] == "done"


def test_a_queued_job_cancelled_never_runs(app, add_user, client, login_as) -> None:
    """Immediate mode would run it at once: the row is made and cancelled before submitting."""
    add_user("viewer", "owner@example.org")
    sessions = app.extensions["media_catalog"]["sessions"]
    with sessions() as session:
        user = session.scalar(select(User).where(User.email == "owner@example.org"))
        job = jobs.new_job(session, user, KIND)
        jobs.cancel(job, user)
        session.commit()
        app.extensions["media_catalog"]["queue"].submit(job)
    sign_in(client, "owner@example.org")
    state = client.get(f"/jobs/{job.token}.json").get_json()
    assert (state["state"], state["done"], state["attempts"]) == ("cancelled", 0, 0)


def test_a_jobs_bookkeeping_does_not_move_the_catalog_revision(app, add_user) -> None:
    """Progress, log and state are written often; kept search answers must outlive them."""
    from media_catalog import revision

    add_user("viewer", "owner@example.org")
    sessions = app.extensions["media_catalog"]["sessions"]
    with sessions() as session:
        before = revision.current(session)
    queue_job(app, "owner@example.org")
    with sessions() as session:
        assert revision.current(session) == before


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["Задания", "Ход выполнения", "Скачать результат", "3 из 3"]),
        ("he", ["משימות", "התקדמות", "הורדת התוצאה", "3 מתוך 3"]),
    ],
)
def test_the_job_pages_speak_russian_and_hebrew(client, owner_job, language, words) -> None:
    sign_in(client, "owner@example.org")
    headers = {"Accept-Language": language}
    show = client.get(f"/jobs/{owner_job}", headers=headers).get_data(as_text=True)
    listing = client.get("/jobs", headers=headers).get_data(as_text=True)
    assert f'lang="{language}"' in show
    for word in words:
        assert word in show + listing, word
    assert "Download the result" not in show and "No jobs yet" not in listing
