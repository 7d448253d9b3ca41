"""Same query syntax, same results: with TEST_DATABASE_URL set, the demo catalog is built on
SQLite as well and every query must find the same moments on both databases."""

from pathlib import Path

import pytest
from conftest import TEST_DATABASE_URL

from media_catalog import create_app, demo, migrate, search
from media_catalog.ingest.batch import import_paths
from media_catalog.models import User

QUERIES = [
    "Sharansky",
    "Shcharansky",
    "Щаранский",
    "שרנסקי",
    "ещё",
    "refus*",
    '"Helsinki Group"',
    "visa OR Glienicke",
    "Glienicke -Berlin",
    "KGB",
    "Moscow",
    "seminar",
    "Brezhnev signing",
    "отказ*",
]


def moments(sessions, query: str, user=None) -> set[tuple[str, int, str | None]]:  # type: ignore[no-untyped-def]
    """Every moment found: the groups, then each group in full (a search within the item)."""
    found = set()
    with sessions() as session:
        results = search.search(session, user, query, per_page=1000)
        for group in results.groups:
            within = search.search(
                session, user, query, search.Filters(media=group.media.slug), per_page=1000
            )
            assert within.total_hits == group.count
            found |= {(group.media.slug, h.start_ms, h.language) for h in within.hits}
    return found


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_sqlite_and_postgresql_find_the_same_moments(demo_catalog, tmp_path: Path) -> None:
    sqlite_app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'agree.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path),
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance-sqlite"),
        }
    )
    engine = sqlite_app.extensions["media_catalog"]["engine"]
    migrate.upgrade(engine)
    sqlite_sessions = sqlite_app.extensions["media_catalog"]["sessions"]
    assert not import_paths(
        sqlite_sessions, demo.demo_paths(), tmp_path, consent_dir=tmp_path / "consent"
    ).failed
    editor = User(email="e@example.org", role="editor", password_hash="-")
    try:
        for query in QUERIES:
            for user in (None, editor):
                on_postgres = moments(demo_catalog, query, user)
                assert on_postgres, query
                assert moments(sqlite_sessions, query, user) == on_postgres, query
    finally:
        engine.dispose()
