"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from media_catalog import migrate
from media_catalog.models import Base


def test_upgrade_from_empty_reaches_head_and_matches_the_models(app) -> None:
    engine = app.extensions["media_catalog"]["engine"]
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": migrate.include_name}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_is_idempotent(app) -> None:
    engine = app.extensions["media_catalog"]["engine"]
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app) -> None:
    engine = app.extensions["media_catalog"]["engine"]
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


def test_each_revision_downgrades_and_upgrades_again(database_url) -> None:  # type: ignore[no-untyped-def]
    from media_catalog.db import make_engine

    engine = make_engine(database_url)
    try:
        revisions = migrate.revisions()
        assert revisions[-1] == migrate.head_revision()
        for revision in revisions:
            migrate.upgrade(engine, revision)
            assert migrate.current_revision(engine) == revision
        for previous in reversed(["base", *revisions[:-1]]):
            migrate.downgrade(engine, previous)
            assert migrate.current_revision(engine) == (None if previous == "base" else previous)
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
