"""The jobs page: the signed-in person's jobs (an admin's holds everyone's), one job with its
state, progress, log and result, cancel and retry, and its state as JSON for live refresh.
Anyone else's job answers 404, so its existence does not leak."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, g, jsonify, render_template, send_file, url_for
from flask_babel import gettext, lazy_gettext
from sqlalchemy.orm import Session

from .. import jobs
from ..models import Job
from . import forms
from .auth import role_required
from .context import db

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
# A job's state as pages and their live refresh name it (models.JOB_STATES, in English, are
# what the command line and the API's `state` say).
STATE_LABELS = {
    "queued": lazy_gettext("queued"),
    "running": lazy_gettext("running"),
    "done": lazy_gettext("done"),
    "failed": lazy_gettext("failed"),
    "cancelled": lazy_gettext("cancelled"),
}


def _job(token: str) -> Job:
    return jobs.job_of(db(), g.user, token)


def has_result(job: Job) -> bool:
    return job.state == "done" and bool(job.result_path) and Path(job.result_path).is_file()


@bp.get("")
@role_required("viewer")
def index():  # type: ignore[no-untyped-def]
    return render_template(
        "jobs/index.html",
        jobs=jobs.jobs_of(db(), g.user),
        title_of=title_of,
        states=STATE_LABELS,
    )


@bp.get("/<token>")
@role_required("viewer")
def show(token: str):  # type: ignore[no-untyped-def]
    job = _job(token)
    return render_template(
        "jobs/show.html",
        job=job,
        title=title_of(job),
        has_result=has_result(job),
        states=STATE_LABELS,
    )


@bp.get("/<token>.json")
@role_required("viewer")
def state(token: str):  # type: ignore[no-untyped-def]
    job = _job(token)
    return jsonify(as_json(job))


def title_of(job: Job) -> str:
    """What the job does, in the reader's language (its kind's title is marked N_)."""
    return gettext(jobs.title_of(job))


def as_json(job: Job) -> dict:
    """A job as the page's live refresh and the API give it."""
    return {
        "token": job.token,
        "kind": job.kind,
        "title": title_of(job),
        "state": job.state,
        "state_label": str(STATE_LABELS[job.state]),
        "done": job.done,
        "total": job.total,
        "log": job.log.splitlines(),
        "error": job.error,
        "attempts": job.attempts,
        "started_by": job.user.email if job.user else None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "download": url_for("jobs.download", token=job.token) if has_result(job) else None,
    }


@bp.post("/<token>/cancel")
@role_required("viewer")
def cancel(token: str):  # type: ignore[no-untyped-def]
    job = _job(token)
    return forms.save(
        lambda _session: jobs.cancel(job, g.user),
        done=gettext("Cancelled."),
        failed=gettext("Not cancelled"),
        target=url_for("jobs.show", token=token),
    )


@bp.post("/<token>/retry")
@role_required("viewer")
def retry(token: str):  # type: ignore[no-untyped-def]
    job = _job(token)

    def queue_again(session: Session) -> Job:
        return current_app.extensions["media_catalog"]["queue"].retry(session, job, g.user)  # type: ignore[no-any-return]

    return forms.save(
        queue_again,
        done=gettext("Queued again."),
        failed=gettext("Not retried"),
        target=url_for("jobs.show", token=token),
    )


@bp.get("/<token>/download")
@role_required("viewer")
def download(token: str):  # type: ignore[no-untyped-def]
    job = _job(token)
    if not has_result(job):
        abort(404)
    response = send_file(
        job.result_path,  # type: ignore[arg-type]
        as_attachment=True,
        download_name=f"{job.kind}-{job.token[:8]}{Path(job.result_path).suffix}",  # type: ignore[arg-type]
    )
    response.cache_control.private = True
    return response
