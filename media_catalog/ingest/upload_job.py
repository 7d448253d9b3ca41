"""Imports from the web: an editor uploads catalog files (transcripts with their sidecars, clip
and film records, a film's cut, the signed consent forms a sidecar names) or a zip of them. They
are kept in a folder of the job's own under the instance and imported by a job as the command
line imports them (each file in its own transaction, so a bad file changes nothing and stops
nothing else), with progress per file, then linked; the folder goes when the job ends."""

from __future__ import annotations

import io
import secrets
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session

from .. import jobs
from ..errors import CatalogError
from ..jobs.runner import JobContext
from ..models import Job, User
from ..wording import N_
from .batch import CUT_SUFFIXES, collect_files, import_paths, plan
from .sidecars import SIDECAR_SUFFIXES
from .transcripts import TRANSCRIPT_SUFFIXES

IMPORT_JOB = "import"
FORM_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg")  # signed consent forms beside a sidecar
ACCEPTED = (*TRANSCRIPT_SUFFIXES, *SIDECAR_SUFFIXES, *CUT_SUFFIXES, *FORM_SUFFIXES)
ZIP_LIMIT = 512 * 1024 * 1024  # unpacked bytes of one zip: transcripts, not media
ZIP_FILES = 20_000


class UploadError(CatalogError):
    """An upload that cannot be imported: names the file and why."""


def receive(uploads: Path, files: Iterable[tuple[str, bytes]]) -> Path:
    """The uploaded files (a zip's members unpacked, keeping its folders, so sidecars stay
    beside their tracks) in a new folder; nothing is kept when one of them is refused."""
    folder = uploads / secrets.token_hex(8)
    folder.mkdir(parents=True)
    try:
        count = 0
        for name, data in files:
            if Path(name).suffix.lower() == ".zip":
                count += _unzip(folder, name, data)
            else:
                _write(folder, _safe_name(name, name), data)
                count += 1
        if count == 0:
            raise UploadError(
                "choose the files to import (.vtt, .srt, .yaml, .json, .edl, .otio or a .zip)"
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _safe_name(name: str, where: str) -> PurePosixPath:
    """A relative path that stays inside the folder, with a suffix the catalog reads."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.name or path.name.startswith("."):
        raise UploadError(f"{where}: {name!r} is not a plain file name")
    if path.suffix.lower() not in ACCEPTED:
        raise UploadError(f"{where}: {path.name} is not a file the catalog imports")
    return path


def _write(folder: Path, relative: PurePosixPath, data: bytes) -> None:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _unzip(folder: Path, name: str, data: bytes) -> int:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(f"{name}: not a readable zip file") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > ZIP_FILES or sum(m.file_size for m in members) > ZIP_LIMIT:
        raise UploadError(
            f"{name}: more than {ZIP_FILES} files or {ZIP_LIMIT // 2**20} MB unpacked"
        )
    written = 0
    for member in members:
        if PurePosixPath(member.filename).name.startswith(".") or "__MACOSX" in member.filename:
            continue  # what archivers add (.DS_Store, resource forks): not the user's files
        _write(folder, _safe_name(member.filename, name), archive.read(member))
        written += 1
    return written


def queue_import(session: Session, user: User, folder: Path, names: list[str]) -> Job:
    """A queued import of `folder`; the caller commits and submits it."""
    return jobs.new_job(
        session, user, IMPORT_JOB, subject=f"upload:{folder.name}",
        params={"folder": str(folder), "actor": user.email, "names": names[:20]},
    )  # fmt: skip


@jobs.handler(IMPORT_JOB, N_("Import of uploaded files"))
def run_import(context: JobContext) -> None:
    folder = Path(context.params["folder"])
    if not folder.is_dir():
        raise UploadError("the uploaded files are gone (an import uses them once): upload again")
    try:
        total = sum(1 for kind, _ in plan(collect_files([folder])) if kind != "sidecar")
        done = [0]

        def step(_path: Path) -> None:
            done[0] += 1
            context.progress(done[0], total)  # a cancel stops between files

        summary = import_paths(
            context.sessions, [folder], Path(context.settings["MEDIA_ROOT"]),
            actor=context.params["actor"], on_file=step,
            consent_dir=Path(context.settings["CONSENT_DIR"]),
        )  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for outcome in summary.outcomes:
        shown = (
            outcome.path.relative_to(folder)
            if outcome.path.is_relative_to(folder)
            else outcome.path
        )
        detail = outcome.detail.replace(str(folder) + "/", "")
        context.log(f"{shown}: {outcome.status}" + (f": {detail}" if detail else ""))
    if summary.linked is not None:
        context.log(
            f"linked {summary.linked.tracks} track(s): {summary.linked.added} mention(s) added"
        )
    if summary.failed and not summary.count("imported", "replaced", "unchanged"):
        raise UploadError(f"nothing imported: {len(summary.failed)} file(s) refused (see the log)")
