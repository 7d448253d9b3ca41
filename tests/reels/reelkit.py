"""Helpers the reel tests share: a reel of demo moments, owned by an editor."""

from __future__ import annotations

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
