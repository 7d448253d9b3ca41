"""Helpers the reel tests share: a reel of demo moments, owned by an editor."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from media_catalog import accounts, reels
from media_catalog.db import transaction
from media_catalog.models import MediaItem, User

PASSWORD = "correct horse battery staple"

# (media slug, in ms, out ms, note)
MOMENTS = [
    ("interview-historian", 4_000, 12_500, "opening line"),
    ("sharansky-glienicke-bridge-1986-02-11", 2_000, 9_000, "walks across"),
    ("interview-refusenik", 1_000, 6_000, ""),
]


def editor(session, email: str = "cutter@example.org") -> User:  # type: ignore[no-untyped-def]
    user = session.scalar(select(User).where(User.email == email))
    return user or accounts.add_user(session, email, PASSWORD, "editor", name="Cutter")


def make_reel(sessions, name: str = "Selects", moments=MOMENTS, **media_changes) -> str:  # type: ignore[no-untyped-def]
    """A reel of `moments` owned by cutter@example.org; media_changes: slug -> {field: value}."""
    with transaction(sessions) as session:
        for slug, changes in media_changes.items():
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            for field, value in changes.items():
                setattr(item, field, value)
        owner = editor(session)
        reel = reels.create_reel(session, owner, name)
        for slug, in_ms, out_ms, note in moments:
            reels.add_entry(session, owner, reel, slug, in_ms, out_ms, note=note)
        return reel.slug


def views_of(session, slug: str, viewer=None):  # type: ignore[no-untyped-def]
    owner = editor(session)
    reel = reels.reel_of(session, owner, slug)
    return reel, reels.visible_entries(session, viewer or owner, reel)


# (media slug, rate, start timecode)
SOURCES = [
    ("arrival-lod-airport-1971", 5, None),
    ("kgb-car-home-movie-1970s", 12, "00:00:00:00"),
    ("leningrad-court-exterior-1970-12", 16, "01:00:00:00"),
    ("refusenik-gathering-ovrashki-1970s", 18, "10:00:00:00"),
    ("refusenik-seminar-moscow-flat-circa-1978", 23.976, "01:00:00:00"),
    ("simchat-torah-moscow-synagogue-circa-1975", 24, None),
    ("sharansky-glienicke-bridge-1986-02-11", 25, "01:00:00:00"),
    ("freedom-sunday-rally-washington-1987-12-06", 29.97, "01:00:00;00"),
    ("helsinki-final-act-newsreel-1975-08", 50, "00:59:59:00"),
]
TITLE = "Moscow's refuseniks — Отказники"


def make_mixed_reel(demo_catalog) -> str:  # type: ignore[no-untyped-def]
    """A reel of one moment at each of SOURCES' rates (a fixture: see mixed_reel below)."""
    moments = [
        (slug, 1_234 + 97 * n, 4_321 + 131 * n, f"note {n}")
        for n, (slug, *_r) in enumerate(SOURCES)
    ]
    changes = {
        slug: {"frame_rate": float(rate), "start_timecode": start, "duration_ms": 60_000}
        for slug, rate, start in SOURCES
    }
    changes[SOURCES[0][0]]["title"] = TITLE  # an apostrophe broke the FCPXML adapter
    return make_reel(demo_catalog, "Every rate", moments=moments, **changes)


# Test modules take it as `mixed_reel` (a conftest.py here would shadow the top one's helpers).
mixed_reel_fixture = pytest.fixture(name="mixed_reel")(make_mixed_reel)
