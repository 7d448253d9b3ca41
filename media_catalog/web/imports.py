"""Imports from the web: editors upload transcripts with their sidecars, records or a zip of
them; an import job (ingest/upload_job.py) brings them in and its page shows each file's
outcome. The files go to the job, never to the database from the request."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, g, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session

from ..ingest import upload_job
from ..models import Job
from . import forms
from .auth import role_required

bp = Blueprint("imports", __name__, url_prefix="/imports")


@bp.get("")
@role_required("editor")
def new():  # type: ignore[no-untyped-def]
    return render_template("imports/new.html", accepted=", ".join(upload_job.ACCEPTED))


@bp.post("")
@role_required("editor")
def upload():  # type: ignore[no-untyped-def]
    sent = [f for f in request.files.getlist("files") if f.filename]

    def queue(session: Session) -> Job:
        folder = upload_job.receive(
            Path(current_app.config["UPLOADS_DIR"]), ((f.filename, f.read()) for f in sent)
        )
        names = [f.filename for f in sent]
        job = upload_job.queue_import(session, g.user, folder, names)
        session.commit()
        current_app.extensions["media_catalog"]["queue"].submit(job)
        return job

    return forms.save(
        queue,
        done=gettext("Import queued: each file's outcome shows here."),
        failed=gettext("Nothing imported"),
        target=url_for("imports.new"),
        then=lambda job: url_for("jobs.show", token=job.token),
    )
