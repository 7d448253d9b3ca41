"""Importing many files at once: find them (folders recursively), put them in dependency order
(films, authority, clips, transcripts), import each in its own transaction, and summarise."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import String, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..db import transaction
from ..errors import IngestError
from ..linking.link_job import complete_pending_links, has_pending_link, note_pending_link
from ..linking.relink import LinkReport, link
from .authority import import_authority, import_film, is_authority_file, is_film_file
from .clips import import_clip, is_clip_record
from .filmcut import import_cut
from .sidecars import SIDECAR_SUFFIXES, load_sidecar, sidecar_for
from .transcripts import TRANSCRIPT_SUFFIXES, import_transcript, is_transcript

# Dependency order: transcripts name films, clip tags name entities, a film's cut its sources.
ORDER = {"film": 0, "authority": 1, "clip": 2, "transcript": 3, "cut": 4}
CUT_SUFFIXES = (".edl", ".otio")  # films/<film slug>.edl: the film's own cut


@dataclass
class FileOutcome:
    path: Path
    kind: str
    status: str  # imported | replaced | unchanged | failed
    detail: str = ""
    segments: int = 0
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class BatchSummary:
    outcomes: list[FileOutcome] = field(default_factory=list)
    linked: LinkReport | None = None

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def segments(self) -> int:
        return sum(o.segments for o in self.outcomes)

    @property
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and catalog files found recursively in folders named (hidden ones skipped)."""
    wanted = set(TRANSCRIPT_SUFFIXES) | set(SIDECAR_SUFFIXES) | set(CUT_SUFFIXES)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in wanted
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _is_transcript_sidecar(path: Path) -> bool:
    return any(path.with_suffix(s).exists() for s in TRANSCRIPT_SUFFIXES)


def plan(paths: list[Path]) -> list[tuple[str, Path]]:
    """(kind, path) in import order; kind "sidecar" files travel with their transcript."""
    planned = []
    for path in paths:
        if is_transcript(path):
            planned.append(("transcript", path))
        elif path.suffix.lower() in SIDECAR_SUFFIXES:
            if not _is_transcript_sidecar(path):
                planned.append(("record", path))
        elif path.suffix.lower() in CUT_SUFFIXES:
            planned.append(("cut", path))
        else:
            planned.append(("unknown", path))
    return planned


def _classify_record(path: Path) -> tuple[str, object]:
    data = load_sidecar(path)
    if is_film_file(data):
        return "film", data
    if is_authority_file(data):
        return "authority", data
    if is_clip_record(data):
        return "clip", data
    raise IngestError(
        str(path),
        "not a catalog file: expected a film (film:), an authority "
        "file (entities:) or a clip record (slug:, title:)",
        1,
    )


def _translation_rank(kind: str, path: Path) -> int:
    """Originals before translations: an original's sidecar usually describes the media item."""
    if kind != "transcript" or (sidecar := sidecar_for(path)) is None:
        return 0
    try:
        return 0 if load_sidecar(sidecar).get("kind", "original") == "original" else 1
    except IngestError:
        return 0  # the import itself reports the problem


def import_paths(
    factory: sessionmaker[Session],
    paths: list[Path],
    media_root: Path,
    *,
    actor: str = "cli",
    on_file: Callable[[Path], None] | None = None,
    link_after: bool = True,
    encoding: str | None = None,
    consent_dir: Path | None = None,
) -> BatchSummary:
    """Import every file in its own transaction; then (unless the caller links itself, to show
    progress) link what became stale. `encoding` names the transcripts' encoding outright;
    `consent_dir` (the app's CONSENT_DIR) keeps the signed forms sidecars name."""
    summary = BatchSummary()
    jobs: list[tuple[int, str, Path, object]] = []
    for kind, path in plan(collect_files(paths)):
        try:
            if not path.exists():
                raise IngestError(str(path), "no such file or folder")
            if kind == "unknown":
                raise IngestError(
                    str(path),
                    "not a transcript (.vtt, .srt), a record (.yaml, .json) "
                    "or a film's cut (.edl, .otio)",
                )
            data = None
            if kind == "record":
                kind, data = _classify_record(path)
            jobs.append((ORDER[kind], kind, path, data))
        except IngestError as exc:
            summary.outcomes.append(FileOutcome(path, kind, "failed", str(exc)))
    jobs.sort(key=lambda job: (job[0], _translation_rank(job[1], job[2]), str(job[2])))
    for _, kind, path, data in jobs:
        outcome = _import_one(
            factory, kind, path, data, media_root, actor, encoding, consent_dir=consent_dir
        )
        summary.outcomes.append(outcome)
        if on_file:
            on_file(path)
    if link_after and needs_linking(factory, summary):
        # New text or a changed authority (or an earlier import that stopped before linking):
        # link what is stale, in one transaction of its own, which completes the link job.
        with transaction(factory) as session:
            summary.linked = link(session)
            complete_pending_links(session, summary.linked)
    return summary


def needs_linking(factory: sessionmaker[Session], summary: BatchSummary) -> bool:
    """Something was imported, or a link job is pending (an import crashed before linking)."""
    if summary.count("imported", "replaced"):
        return True
    with factory() as session:
        return has_pending_link(session)


def _import_one(
    factory: sessionmaker[Session],
    kind: str,
    path: Path,
    data: object,
    media_root: Path,
    actor: str,
    encoding: str | None = None,
    *,
    consent_dir: Path | None = None,
) -> FileOutcome:
    try:
        with transaction(factory) as session:
            event.listen(session, "before_flush", _refuse_overlong_values(path))
            outcome = _import_in(
                session, kind, path, data, media_root, actor, encoding, consent_dir
            )
            if outcome.status in ("imported", "replaced"):
                note_pending_link(session)  # committed with the file: a crash leaves it queued
            return outcome
    except IngestError as exc:
        return FileOutcome(path, kind, "failed", str(exc))
    except SQLAlchemyError as exc:  # e.g. a slug another file already uses
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        return FileOutcome(path, kind, "failed", f"{path}: the database refused it: {reason}")
    except OSError as exc:
        return FileOutcome(path, kind, "failed", f"{path}: {exc.strerror or exc}")


def _import_in(
    session: Session,
    kind: str,
    path: Path,
    data: object,
    media_root: Path,
    actor: str,
    encoding: str | None,
    consent_dir: Path | None,
) -> FileOutcome:
    """One file imported into the caller's transaction, by its kind's importer."""
    if kind == "transcript":
        t = import_transcript(
            session, path, media_root, actor=actor, encoding=encoding, consent_dir=consent_dir
        )
        return FileOutcome(
            path,
            kind,
            t.status,
            segments=t.segments,
            encoding=t.encoding,
            warnings=t.warnings,
        )
    if kind == "cut":
        cut = import_cut(session, path.stem, path, actor=actor)
        detail = f"{cut.matched + cut.resolved} matched, {len(cut.unmatched)} unmatched"
        return FileOutcome(path, kind, cut.status, detail)
    if kind == "clip":
        c = import_clip(session, path, data, media_root, actor=actor)  # type: ignore[arg-type]
        return FileOutcome(path, kind, c.status, warnings=c.warnings)
    importer = import_film if kind == "film" else import_authority
    a = importer(session, path, data, actor=actor)  # type: ignore[arg-type]
    return FileOutcome(path, kind, a.status, f"{a.entities} record(s)", warnings=a.warnings)


def _refuse_overlong_values(path: Path) -> Callable[..., None]:
    """A before-flush check that text fits its column. PostgreSQL refuses an over-long value
    while SQLite stores it whole: checking here gives both the same answer, naming the field."""

    def check(session: Session, _context: object, _instances: object) -> None:
        for obj in (*session.new, *session.dirty):
            table = getattr(obj, "__table__", None)
            for column in table.columns if table is not None else ():
                limit = getattr(column.type, "length", None)
                if not isinstance(column.type, String) or not limit:
                    continue
                value = getattr(obj, column.key, None)
                if isinstance(value, str) and len(value) > limit:
                    raise IngestError(
                        str(path),
                        f"{table.name}.{column.key} is longer than {limit} characters "
                        f"({value[:40]!r}...)",
                    )

    return check
