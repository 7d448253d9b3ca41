"""search changes: the search index moves out of the database (media_catalog/search/store.py);
the database keeps a log of what changed since, written by triggers in the same transaction
as the change, so no process can answer from before a change it could have seen.

A change to a segment, its entity links or its spoken dates logs the segment ('s', id); a
change to what every segment shares (transcripts, media items, their clip-level tags, films,
entities) logs ('t', 0): those small tables are re-read whole. The FTS5 tables and the
PostgreSQL tsvector of migration 0004 are dropped; downgrading builds them again.
Note for later migrations: an SQLite batch ALTER of a logged table drops its triggers; re-create
them in that migration (`_sqlite_triggers`).

Revision ID: 0013
Revises: 0012
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, the logged kind, the id it logs for a row r): r is NEW or OLD.
_SEGMENT_LOGGED = (("segments", "id"), ("segment_dates", "segment_id"))
_TABLES_LOGGED = ("transcripts", "media_items", "films", "film_media", "entities")
_LOG = "INSERT INTO search_changes(kind, ref) VALUES"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, column in _SEGMENT_LOGGED:
        for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            statements.append(
                f"CREATE TRIGGER search_log_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {_LOG} ('s', {row}.{column}); END"
            )
    for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
        # A segment's link logs the segment; a clip's tag changes the media table.
        statements.append(
            f"CREATE TRIGGER search_log_annotations_{event.lower()} AFTER {event} ON annotations "
            f"BEGIN {_LOG} (CASE WHEN {row}.segment_id IS NULL THEN 't' ELSE 's' END, "
            f"coalesce({row}.segment_id, 0)); END"
        )
    statements.append(
        "CREATE TRIGGER search_log_annotations_moved AFTER UPDATE OF segment_id ON annotations "
        f"WHEN old.segment_id IS NOT new.segment_id BEGIN {_LOG} "
        "(CASE WHEN old.segment_id IS NULL THEN 't' ELSE 's' END, coalesce(old.segment_id, 0)); END"
    )
    for table in _TABLES_LOGGED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER search_log_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {_LOG} ('t', 0); END"
            )
    return statements


def _pg_triggers() -> list[str]:
    statements = [
        "CREATE FUNCTION search_log_segment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_TABLE_NAME = 'segments' THEN "
        f"  IF TG_OP <> 'DELETE' THEN {_LOG} ('s', NEW.id); END IF; "
        f"  IF TG_OP <> 'INSERT' THEN {_LOG} ('s', OLD.id); END IF; "
        "ELSE "
        f"  IF TG_OP <> 'DELETE' THEN {_LOG} (CASE WHEN NEW.segment_id IS NULL THEN 't' "
        "ELSE 's' END, coalesce(NEW.segment_id, 0)); END IF; "
        f"  IF TG_OP <> 'INSERT' THEN {_LOG} (CASE WHEN OLD.segment_id IS NULL THEN 't' "
        "ELSE 's' END, coalesce(OLD.segment_id, 0)); END IF; "
        "END IF; RETURN NULL; END $$",
        f"CREATE FUNCTION search_log_tables() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{_LOG} ('t', 0); RETURN NULL; END $$",
    ]
    for table in ("segments", "segment_dates", "annotations"):
        statements.append(
            f"CREATE TRIGGER search_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION search_log_segment()"
        )
    for table in _TABLES_LOGGED:
        # Once per statement: a bulk update of media items needs one note, not thousands.
        statements.append(
            f"CREATE TRIGGER search_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION search_log_tables()"
        )
    return statements


def _migration_0004():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("0004_search.py")
    spec = importlib.util.spec_from_file_location("media_catalog_migration_0004", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _migration_0004().downgrade()
    if sqlite:
        # AUTOINCREMENT: ids never come back after the log is trimmed.
        op.execute(
            "CREATE TABLE search_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "kind CHAR(1) NOT NULL, ref INTEGER NOT NULL)"
        )
    else:
        op.execute(
            "CREATE TABLE search_changes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "kind char(1) NOT NULL, ref integer NOT NULL)"
        )
    for statement in _sqlite_triggers() if sqlite else _pg_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _sqlite_triggers():
            name = statement.split()[2]
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table in ("segments", "segment_dates", "annotations", *_TABLES_LOGGED):
            op.execute(f"DROP TRIGGER IF EXISTS search_log_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS search_log_segment()")
        op.execute("DROP FUNCTION IF EXISTS search_log_tables()")
    op.execute("DROP TABLE IF EXISTS search_changes")
    _migration_0004().upgrade()
