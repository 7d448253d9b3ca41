"""Speech tests' state: an item whose media is flite speech, and how to run speech commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from speechkit import flite_available

from media_catalog.models import MediaItem

needs_flite = pytest.mark.skipif(
    not flite_available() or shutil.which("ffmpeg") is None,
    reason="needs Debian's flite and ffmpeg (scripts/setup.sh --tests installs them)",
)


def add_item(sessions, slug: str, media_path: str | None) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        session.add(MediaItem(slug=slug, kind="archival", title=slug, media_path=media_path))


@pytest.fixture
def speech_item(sessions, media_root: Path):  # type: ignore[no-untyped-def]
    """add(slug, file_name) -> the media file's path under MEDIA_ROOT, its item recorded."""

    def _add(slug: str, name: str) -> Path:
        add_item(sessions, slug, name)
        return media_root / name

    return _add
