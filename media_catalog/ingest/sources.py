"""What every importer shares: the checksum record that makes re-imports of unchanged files a
no-op. (What an import changed goes to the audit trail through audit.record.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SourceFile

CHUNK = 1 << 20


def file_checksum(*paths: Path | None) -> str:
    """sha256 over the files' bytes in order (a transcript and its sidecar count as one)."""
    digest = hashlib.sha256()
    for path in paths:
        if path is None:
            continue
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    return digest.hexdigest()


def source_key(path: Path) -> str:
    return str(path.resolve())


def source_unchanged(session: Session, path: Path, checksum: str) -> bool:
    known = session.scalar(select(SourceFile.checksum).where(SourceFile.path == source_key(path)))
    return known == checksum


def remember_source(session: Session, path: Path, kind: str, checksum: str) -> None:
    key = source_key(path)
    record = session.scalar(select(SourceFile).where(SourceFile.path == key))
    if record is None:
        session.add(SourceFile(path=key, kind=kind, checksum=checksum))
    else:
        record.checksum = checksum
