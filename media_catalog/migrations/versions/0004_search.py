"""search: full-text index of segments and of archival clips' metadata and tags

SQLite: FTS5 tables (unicode61, diacritics removed; ё folded to е before indexing, as FTS5
does not) kept in step by triggers. PostgreSQL: a generated tsvector on segments ('simple'
configuration over unaccent, which folds ё too) and a media table kept by triggers, GIN indexes.
Note for later migrations: an SQLite batch ALTER of segments, media_items, annotations or
entities recreates the table and drops these triggers; run `media-catalog search --reindex`
after such a migration, or re-create them in it.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What an archival clip is found by: its metadata and the tags and entities on the clip itself.
_SQLITE_FOLD = "replace(replace({}, 'ё', 'е'), 'Ё', 'Е')"
_SQLITE_MEDIA_BODY = _SQLITE_FOLD.format(
    "m.title || ' ' || coalesce(m.description, '') || ' ' || coalesce(m.place, '') || ' ' || "
    "coalesce(m.date_text, '') || ' ' || coalesce(m.source_archive, '') || ' ' || "
    "coalesce(m.source_collection, '') || ' ' || coalesce(m.source_credit, '') || ' ' || "
    "coalesce(m.identifier, '') || ' ' || coalesce((SELECT group_concat(coalesce(e.name, a.tag), "
    "' ') FROM annotations a LEFT JOIN entities e ON e.id = a.entity_id WHERE a.media_item_id = "
    "m.id AND a.segment_id IS NULL AND a.status != 'rejected' AND coalesce(e.restricted, 0) = 0), "
    "'')"
)


def _sqlite_refresh_media(ids: str) -> str:
    return (
        f"DELETE FROM search_media WHERE rowid IN ({ids}); "
        f"INSERT INTO search_media(rowid, body) SELECT m.id, {_SQLITE_MEDIA_BODY} "
        f"FROM media_items m WHERE m.id IN ({ids}) AND m.kind != 'interview';"
    )


def _sqlite_upgrade() -> None:
    fold_new, fold_old = _SQLITE_FOLD.format("new.text"), _SQLITE_FOLD.format("old.text")
    statements = [
        # Contentless: segments hold the text; the index holds only what it needs to search.
        "CREATE VIRTUAL TABLE search_segments USING fts5(body, content='', "
        "tokenize='unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE search_media USING fts5(body, "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER search_segments_insert AFTER INSERT ON segments BEGIN "
        f"INSERT INTO search_segments(rowid, body) VALUES (new.id, {fold_new}); END",
        f"CREATE TRIGGER search_segments_delete AFTER DELETE ON segments BEGIN "
        f"INSERT INTO search_segments(search_segments, rowid, body) "
        f"VALUES ('delete', old.id, {fold_old}); END",
        f"CREATE TRIGGER search_segments_update AFTER UPDATE OF text ON segments BEGIN "
        f"INSERT INTO search_segments(search_segments, rowid, body) "
        f"VALUES ('delete', old.id, {fold_old}); "
        f"INSERT INTO search_segments(rowid, body) VALUES (new.id, {fold_new}); END",
        "CREATE TRIGGER search_media_insert AFTER INSERT ON media_items BEGIN "
        + _sqlite_refresh_media("new.id")
        + " END",
        "CREATE TRIGGER search_media_update AFTER UPDATE ON media_items BEGIN "
        + _sqlite_refresh_media("new.id")
        + " END",
        "CREATE TRIGGER search_media_delete AFTER DELETE ON media_items BEGIN "
        "DELETE FROM search_media WHERE rowid = old.id; END",
        "CREATE TRIGGER search_media_annotation_insert AFTER INSERT ON annotations "
        "WHEN new.segment_id IS NULL BEGIN " + _sqlite_refresh_media("new.media_item_id") + " END",
        # Linking updates many transcript annotations; only those on a clip (no segment) count.
        "CREATE TRIGGER search_media_annotation_update AFTER UPDATE ON annotations "
        "WHEN new.segment_id IS NULL OR old.segment_id IS NULL BEGIN "
        + _sqlite_refresh_media("new.media_item_id, old.media_item_id")
        + " END",
        "CREATE TRIGGER search_media_annotation_delete AFTER DELETE ON annotations "
        "WHEN old.segment_id IS NULL BEGIN " + _sqlite_refresh_media("old.media_item_id") + " END",
        "CREATE TRIGGER search_media_entity_update AFTER UPDATE OF name, restricted ON entities "
        "BEGIN "
        + _sqlite_refresh_media(
            "SELECT media_item_id FROM annotations WHERE entity_id = new.id AND segment_id IS NULL"
        )
        + " END",
        f"INSERT INTO search_segments(rowid, body) SELECT id, {_SQLITE_FOLD.format('text')} "
        "FROM segments",
        f"INSERT INTO search_media(rowid, body) SELECT m.id, {_SQLITE_MEDIA_BODY} "
        "FROM media_items m WHERE m.kind != 'interview'",
    ]
    for statement in statements:
        op.execute(statement)


_PG_MEDIA_DOCUMENT = (
    "to_tsvector('simple'::regconfig, catalog_unaccent(concat_ws(' ', m.title, m.description, "
    "m.place, m.date_text, m.source_archive, m.source_collection, m.source_credit, m.identifier, "
    "(SELECT string_agg(coalesce(e.name, a.tag), ' ') FROM annotations a LEFT JOIN entities e "
    "ON e.id = a.entity_id WHERE a.media_item_id = m.id AND a.segment_id IS NULL "
    "AND a.status <> 'rejected' AND NOT coalesce(e.restricted, false)))))"
)


def _pg_upgrade() -> None:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        # unaccent() is only STABLE (its dictionary could change); generated columns and
        # indexes need IMMUTABLE, so pin the dictionary in a wrapper.
        "CREATE FUNCTION catalog_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE "
        "PARALLEL SAFE STRICT AS "
        "$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
        # Words only, cut where FTS5 cuts them: PostgreSQL's parser would otherwise drop text
        # that looks like an HTML tag ("<script>alert(1)</script>") and keep "rock-and-roll"
        # or "3.14" whole, so the two databases would find different moments.
        "ALTER TABLE segments ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, regexp_replace(catalog_unaccent(text), "
        "'[^[:alnum:]]+', ' ', 'g'))) STORED",
        "CREATE INDEX ix_segments_search_vector ON segments USING gin (search_vector)",
        "CREATE TABLE search_media (media_item_id integer PRIMARY KEY REFERENCES media_items(id) "
        "ON DELETE CASCADE, document tsvector NOT NULL)",
        "CREATE INDEX ix_search_media_document ON search_media USING gin (document)",
        "CREATE FUNCTION search_refresh_media(item integer) RETURNS void LANGUAGE sql AS $$ "
        "DELETE FROM search_media WHERE media_item_id = item; "
        f"INSERT INTO search_media SELECT m.id, {_PG_MEDIA_DOCUMENT} FROM media_items m "
        "WHERE m.id = item AND m.kind <> 'interview'; $$",
        "CREATE FUNCTION search_media_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_TABLE_NAME = 'media_items' THEN PERFORM search_refresh_media(NEW.id); "
        "ELSIF TG_TABLE_NAME = 'entities' THEN PERFORM search_refresh_media(a.media_item_id) "
        "FROM (SELECT DISTINCT media_item_id FROM annotations WHERE entity_id = NEW.id "
        "AND segment_id IS NULL) a; "
        "ELSE IF TG_OP <> 'INSERT' THEN PERFORM search_refresh_media(OLD.media_item_id); END IF; "
        "IF TG_OP <> 'DELETE' THEN PERFORM search_refresh_media(NEW.media_item_id); END IF; "
        "END IF; RETURN NULL; END $$",
        "CREATE TRIGGER search_media_item AFTER INSERT OR UPDATE ON media_items "
        "FOR EACH ROW EXECUTE FUNCTION search_media_trigger()",
        "CREATE TRIGGER search_media_annotation AFTER INSERT OR UPDATE OR DELETE ON annotations "
        "FOR EACH ROW EXECUTE FUNCTION search_media_trigger()",
        "CREATE TRIGGER search_media_entity AFTER UPDATE OF name, restricted ON entities "
        "FOR EACH ROW EXECUTE FUNCTION search_media_trigger()",
        "SELECT search_refresh_media(id) FROM media_items",
    ]
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
    else:
        _pg_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in (
            "search_segments_insert",
            "search_segments_delete",
            "search_segments_update",
            "search_media_insert",
            "search_media_update",
            "search_media_delete",
            "search_media_annotation_insert",
            "search_media_annotation_update",
            "search_media_annotation_delete",
            "search_media_entity_update",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_segments")
        op.execute("DROP TABLE IF EXISTS search_media")
        return
    op.execute("DROP TRIGGER IF EXISTS search_media_item ON media_items")
    op.execute("DROP TRIGGER IF EXISTS search_media_annotation ON annotations")
    op.execute("DROP TRIGGER IF EXISTS search_media_entity ON entities")
    op.execute("DROP FUNCTION IF EXISTS search_media_trigger()")
    op.execute("DROP FUNCTION IF EXISTS search_refresh_media(integer)")
    op.execute("DROP TABLE IF EXISTS search_media")
    op.execute("ALTER TABLE segments DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP FUNCTION IF EXISTS catalog_unaccent(text)")
