"""The demo guide: the demo film's chapters imported and a host's guide drafted from the demo
catalog with a few moments; for the README's picture (scripts/guide_page.py) and the guide
benchmark. Expects the demo catalog imported; the caller commits."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from .. import accounts, chapters, guides, migrate
from ..config import PROJECT_ROOT
from ..db import transaction
from ..guides import drafting
from ..ingest.batch import import_paths
from ..models import Film, MediaItem
from . import demo_paths

DEMO_CHAPTERS = PROJECT_ROOT / "chapters" / "refusenik.vtt"
MOMENTS = [  # (section title, media slug, start s, end s, note)
    (
        "Opening: letters from Moscow",
        "interview-historian",
        20,
        35,
        "How the first letters got out.",
    ),
    ("Leningrad, 1970: the hijacking trial", "interview-refusenik", 60, 80, ""),
    (
        "Students in New York take up the cause",
        "interview-organizer",
        70,
        90,
        "Listen for how the rally was organised.",
    ),
]


def import_demo_chapters(session: Session) -> Film | None:
    """The demo film's chapters (chapters/refusenik.vtt), when the demo film is imported."""
    film = session.scalar(select(Film).where(Film.slug == "refusenik"))
    if film is not None:
        chapters.import_webvtt_chapters(session, None, film, DEMO_CHAPTERS)
    return film


def build_demo_guide(session: Session, extra_moments: int = 0) -> str:
    """The demo guide's token; `extra_moments` more moments, spread over the scenes and the
    public media, make a bigger guide for the benchmark."""
    film = import_demo_chapters(session)
    if film is None:
        raise LookupError("import the demo catalog first")
    host = accounts.add_user(session, "demo-host@example.org", "a long demo password", "host")
    guide = drafting.draft_guide(session, host, film, "Refusenik: a community screening")
    guide.visibility = "link"
    by_title = {s.title: s.id for s in guide.sections}
    for title, slug, start, end, note in MOMENTS:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
        guides.add_moment(
            session, host, guide, by_title[title], item, start * 1000, end * 1000, note
        )
    public = list(session.scalars(select(MediaItem).where(MediaItem.restricted.is_(False))))
    scenes = guides.scenes(guide)
    for number in range(extra_moments):
        item = public[number % len(public)]
        start = (number * 7_000) % max((item.duration_ms or 60_000) - 10_000, 1_000)
        section = scenes[number % len(scenes)].id
        guides.add_moment(session, host, guide, section, item, start, start + 10_000)
    return guide.token


def demo_site_config(folder: Path) -> dict[str, str]:
    """Settings of a throwaway demo site in `folder` (SQLite, no media); links in it point at
    https://catalog.example.org. The caller makes the app, so the demo stays below the web."""
    return {
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": "demo-guide",
        "INSTANCE_PATH": str(folder / "instance"),
        "SERVER_NAME": "catalog.example.org",
        "PREFERRED_URL_SCHEME": "https",
    }


def build_demo_site(
    engine: Engine, sessions: sessionmaker[Session], folder: Path, extra_moments: int = 0
) -> str:
    """Fill a demo site's empty database: schema, the demo catalog (without media) and the
    demo guide, whose token is returned."""
    migrate.upgrade(engine)
    import_paths(sessions, demo_paths(), folder / "media", consent_dir=folder / "consent")
    with transaction(sessions) as session:
        return build_demo_guide(session, extra_moments)
