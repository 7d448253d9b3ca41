"""search: a full-text index of segment text that keeps itself in step with the segments

SQLite: an FTS5 table over segments (unicode61, diacritics removed), filled and emptied by
triggers, so every import, correction and deletion is indexed in the same transaction; the
text is indexed with ё as е (FTS5 folds case and accents, not that).
PostgreSQL: a generated tsvector column (the `simple` configuration over unaccented text, which
folds ё as well, cut into words the way FTS5 cuts them) with a GIN index.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_INDEXED = "replace(replace({0}.text, 'ё', 'е'), 'Ё', 'Е')"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE segment_fts USING fts5(text, content='segments', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        new, old = SQLITE_INDEXED.format("new"), SQLITE_INDEXED.format("old")
        op.execute(
            "CREATE TRIGGER segment_fts_insert AFTER INSERT ON segments BEGIN "
            f"INSERT INTO segment_fts(rowid, text) VALUES (new.id, {new}); END"
        )
        op.execute(
            "CREATE TRIGGER segment_fts_delete AFTER DELETE ON segments BEGIN "
            f"INSERT INTO segment_fts(segment_fts, rowid, text) VALUES ('delete', old.id, {old}); "
            "END"
        )
        op.execute(
            "CREATE TRIGGER segment_fts_update AFTER UPDATE OF text ON segments BEGIN "
            f"INSERT INTO segment_fts(segment_fts, rowid, text) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO segment_fts(rowid, text) VALUES (new.id, {new}); END"
        )
        op.execute(
            f"INSERT INTO segment_fts(rowid, text) SELECT id, {SQLITE_INDEXED.format('segments')} "
            "FROM segments"
        )
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        # unaccent() is only STABLE; a generated column needs an IMMUTABLE function.
        op.execute(
            "CREATE OR REPLACE FUNCTION media_catalog_unaccent(text) RETURNS text "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
            "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$"
        )
        # Words only, as FTS5's unicode61 sees them: PostgreSQL's parser would otherwise drop
        # what looks like an HTML tag and keep "rock-and-roll" or "3.14" as tokens of their own.
        op.execute(
            "ALTER TABLE segments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple'::regconfig, regexp_replace("
            "media_catalog_unaccent(text), '[^[:alnum:]]+', ' ', 'g'))) STORED"
        )
        op.execute("CREATE INDEX ix_segments_search_vector ON segments USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER segment_fts_{trigger}")
        op.execute("DROP TABLE segment_fts")
    else:
        op.execute("DROP INDEX ix_segments_search_vector")
        op.execute("ALTER TABLE segments DROP COLUMN search_vector")
        op.execute("DROP FUNCTION media_catalog_unaccent(text)")
