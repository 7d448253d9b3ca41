"""Editors start speech work on a media item from its page: recognise its speech into a machine
transcript, or time the words of its human transcript. Both queue a job; its page (/jobs/<token>)
shows progress and lets its starter cancel it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request, url_for

from .. import catalog
from ..speech import aligning, machine
from . import media_jobs
from .auth import role_required
from .context import db

bp = Blueprint("speech", __name__, url_prefix="/media")


def _start(slug: str, queue_job: Any, done: str):  # type: ignore[no-untyped-def]
    catalog.media_item(db(), g.user, slug)  # 404 for an item this editor may not see
    return media_jobs.start(queue_job, done=done, back=url_for("player.show", slug=slug))


@bp.post("/<slug>/transcribe")
@role_required("editor")
def transcribe(slug: str):  # type: ignore[no-untyped-def]
    language = (request.form.get("language") or "en").strip()
    return _start(
        slug,
        lambda s: machine.queue_transcription(s, g.user, slug, language, current_app.config),
        "Speech recognition queued: its progress shows here.",
    )


@bp.post("/<slug>/align")
@role_required("editor")
def align(slug: str):  # type: ignore[no-untyped-def]
    return _start(
        slug,
        lambda s: aligning.queue_alignment(s, g.user, slug, None, current_app.config),
        "Word timing queued: its progress shows here.",
    )
