"""A guide's PDF, rendered by a job and kept: the request renders the print page's HTML (cheap)
and the job turns it into a PDF (WeasyPrint: seconds for a long guide). The PDF is kept under
the HTML's digest, so it is made once per guide revision and per what a reader may see (both
change the HTML), and concurrent requests for it wait for the one job instead of each
rendering it."""

from __future__ import annotations

import fcntl
import hashlib
import time
from pathlib import Path

from sqlalchemy.orm import Session

from .. import jobs
from ..jobs.queue import JobQueue
from ..jobs.runner import JobContext
from ..models import User
from ..wording import N_
from . import outputs

PDF_JOB = "guide_pdf"
POLL_SECONDS = 0.2


def guide_pdf(
    queue: JobQueue,
    user: User | None,
    html: str,
    base_url: str,
    *,
    wait_seconds: float,
) -> Path | None:
    """The PDF of `html`: kept, or made by a job this waits for; None when it is not ready
    within `wait_seconds` (the caller asks the reader to come back). A failed job raises."""
    key = hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()[:40]
    folder = Path(queue.settings["EXPORTS_DIR"]) / "guides"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.lock", "w") as lock:  # one job per PDF, across web processes
        fcntl.flock(lock, fcntl.LOCK_EX)
        with queue.sessions() as session:
            token = _find_or_queue(session, queue, user, key, folder, html, base_url)
    return _wait(queue, token, time.monotonic() + wait_seconds)


def _find_or_queue(
    session: Session,
    queue: JobQueue,
    user: User | None,
    key: str,
    folder: Path,
    html: str,
    base_url: str,
) -> str:
    job = jobs.latest_for(session, PDF_JOB, f"guide-pdf:{key}")
    usable = job is not None and (
        job.state in ("queued", "running")
        or (job.state == "done" and bool(job.result_path) and Path(job.result_path).is_file())
    )
    if job is not None and usable:
        return job.token
    source = folder / f"{key}.html"
    partial = source.with_name(source.name + ".part")
    partial.write_text(html, encoding="utf-8")
    partial.replace(source)
    job = jobs.new_job(
        session,
        user,
        PDF_JOB,
        subject=f"guide-pdf:{key}",
        params={"html": str(source), "base_url": base_url},
        total=1,
    )
    session.commit()
    queue.submit(job)
    return job.token


def _wait(queue: JobQueue, token: str, deadline: float) -> Path | None:
    while True:
        with queue.sessions() as session:
            job = jobs.job_by_token(session, token)
            if job.state == "done" and job.result_path:
                return Path(job.result_path)
            if job.state in ("failed", "cancelled"):
                raise jobs.JobError(
                    N_("the guide's PDF could not be made: %(reason)s"),
                    reason=job.error or job.state,
                )
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_SECONDS)


@jobs.handler(PDF_JOB, N_("Guide PDF"))
def render_pdf(context: JobContext) -> str:
    """Render the kept HTML to <key>.pdf (written as .part, renamed whole)."""
    source = Path(context.params["html"])
    target = source.with_suffix(".pdf")
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(
            outputs.to_pdf(source.read_text(encoding="utf-8"), context.params["base_url"])
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    source.unlink(missing_ok=True)
    context.progress(1, 1)
    return str(target)
