"""Editors keep an item's media and names current from the web: remake its proxy, poster and
thumbnails (after its file was replaced, or when one went missing) and re-link names in its
transcripts from scratch; admins do either for the whole catalog from the jobs page. Each click
queues a job and opens its page; a second click while that job waits or runs opens the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, g, url_for
from flask_babel import gettext
from sqlalchemy.orm import Session

from .. import catalog, jobs
from ..ingest import rebuild
from ..linking import link_job
from ..models import Job
from . import forms
from .auth import role_required
from .context import db

bp = Blueprint("media_jobs", __name__)


def start(queue_job: Callable[[Session], Job | tuple[Job, bool]], *, done: str, back: str) -> Any:
    """Queue the job `queue_job` makes (or find the one already waiting) and open its page; a
    job someone else started, which this user may not see, is said to be on its way instead."""

    def queue(session: Session) -> tuple[Job, bool]:
        made = queue_job(session)
        job, new = made if isinstance(made, tuple) else (made, True)
        session.commit()
        if new:
            current_app.extensions["media_catalog"]["queue"].submit(job)
        return job, new

    def said(result: tuple[Job, bool]) -> str:
        job, new = result
        if new:
            return done
        if jobs.may_see(g.user, job):
            return gettext("Already queued: its progress shows here.")
        return gettext("Another editor's job is already doing this; it will finish soon.")

    def then(result: tuple[Job, bool]) -> str:
        job = result[0]
        return url_for("jobs.show", token=job.token) if jobs.may_see(g.user, job) else back

    return forms.save(queue, done=said, failed=gettext("Not queued"), target=back, then=then)


def _item_page(slug: str) -> str:
    catalog.media_item(db(), g.user, slug)  # 404 for an item this editor may not see
    return url_for("player.show", slug=slug)


@bp.post("/media/<slug>/rebuild")
@role_required("editor")
def rebuild_item(slug: str):  # type: ignore[no-untyped-def]
    return start(
        lambda s: rebuild.queue_rebuild(s, g.user, slug),
        done=gettext("Proxy, poster and thumbnails are being remade: progress shows here."),
        back=_item_page(slug),
    )


@bp.post("/media/<slug>/relink")
@role_required("editor")
def relink_item(slug: str):  # type: ignore[no-untyped-def]
    return start(
        lambda s: link_job.queue_relink(s, g.user, slug),
        done=gettext("Names are being linked again: progress shows here."),
        back=_item_page(slug),
    )


@bp.post("/jobs/rebuild-all")
@role_required("admin")
def rebuild_all():  # type: ignore[no-untyped-def]
    return start(
        lambda s: rebuild.queue_rebuild(s, g.user, None),
        done=gettext("Every item's proxy, poster and thumbnails are being remade."),
        back=url_for("jobs.index"),
    )


@bp.post("/jobs/relink-all")
@role_required("admin")
def relink_all():  # type: ignore[no-untyped-def]
    return start(
        lambda s: link_job.queue_relink(s, g.user, None),
        done=gettext("Every transcript's names are being linked again."),
        back=url_for("jobs.index"),
    )
