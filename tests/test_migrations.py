"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

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


# Representative rows in plain SQL, valid at the revision that keys them (and, cumulatively, at
# every later one): an upgrade from any earlier revision must carry them to head intact.
SEED_SQL = {
    "0001": [
        "INSERT INTO films (id, slug, title, year, director, synopsis, languages, running_time_ms)"
        " VALUES (1, 'refusenik', 'Refusenik', 2007, 'Laura Bialis', 'A film.', '[\"en\", \"ru\"]', 6000000)",
        "INSERT INTO entities (id, slug, kind, name, description, date_text, date_start, date_end,"
        " wikidata_id, restricted, source_path) VALUES (1, 'natan-sharansky', 'person',"
        " 'Natan Sharansky', 'Refusenik.', '1948', '1948-01-20', '1948-01-20', 'Q311154', FALSE,"
        " 'authority/people.yaml')",
        "INSERT INTO aliases (id, entity_id, text, language, ambiguous) VALUES"
        " (1, 1, 'Щаранский', 'ru', FALSE), (2, 1, 'שרנסקי', 'he', FALSE)",
        "INSERT INTO media_items (id, slug, kind, title, description, date_text, date_start,"
        " date_end, place, restricted, is_demo, thumbnail_count, media_status, duration_ms,"
        " frame_rate, technical, checksum) VALUES (1, 'interview-historian', 'interview',"
        " 'Интервью', 'Desc', '2006-04', '2006-04-01', '2006-04-30', 'Jerusalem', FALSE, TRUE, 0,"
        " 'missing', 3600000, 25.0, '{\"codec\": \"h264\"}', 'abc')",
        "INSERT INTO film_media (film_id, media_item_id) VALUES (1, 1)",
        "INSERT INTO film_uses (id, film_id, media_item_id, source_in_ms, source_out_ms,"
        " film_in_ms, note) VALUES (1, 1, 1, 1000, 5000, 60000, 'opening')",
        "INSERT INTO transcripts (id, media_item_id, language, kind, translation_of, source_path,"
        " checksum, encoding, restricted) VALUES (1, 1, 'he', 'original', NULL,"
        " 'transcripts/x.vtt', 'def', 'utf-8', FALSE)",
        "INSERT INTO segments (id, transcript_id, position, start_ms, end_ms, speaker,"
        " speaker_entity_id, text, restricted, restriction_note) VALUES"
        " (1, 1, 0, 0, 4000, 'Historian', NULL, 'שרנסקי was arrested in 1977.', FALSE, NULL),"
        " (2, 1, 1, 4000, 9000, NULL, 1, 'A private passage.', TRUE, 'family')",
        "INSERT INTO annotations (id, media_item_id, start_ms, end_ms, segment_id, span_start,"
        " span_end, quote, entity_id, role, origin, status, confidence, author, version,"
        " needs_review, created_at, updated_at) VALUES (1, 1, 0, 4000, 1, 0, 6, 'שרנסקי', 1,"
        " 'mentioned', 'editor', 'confirmed', 0.9, 'editor@example.org', 2, FALSE,"
        " '2026-01-02 03:04:05+00:00', '2026-01-02 03:04:05+00:00')",
        "INSERT INTO source_files (id, path, kind, checksum, imported_at) VALUES"
        " (1, 'transcripts/x.vtt', 'transcript', 'def', '2026-01-02 03:04:05+00:00')",
        "INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES"
        " (1, 'editor@example.org', 'Editor', 'x', 'editor', '2026-01-02 03:04:05+00:00')",
        "INSERT INTO audit_events (id, at, user_id, actor, action, object_type, object_id, before,"
        " after, note) VALUES (1, '2026-01-02 03:04:05+00:00', 1, 'editor@example.org',"
        " 'confirm', 'annotation', '1', '{\"status\": \"suggested\"}',"
        ' \'{"status": "confirmed"}\', NULL)',
    ],
    "0002": [
        "INSERT INTO name_candidates (id, media_item_id, key, text, language, count, per_track,"
        " status) VALUES (1, 1, 'avital', 'Avital', 'en', 3, '{\"1\": 3}', 'open')",
        "INSERT INTO segment_dates (id, segment_id, text, span_start, span_end, date_start,"
        " date_end) VALUES (1, 1, '1977', 22, 26, '1977-01-01', '1977-12-31')",
        "UPDATE transcripts SET linked_with = 'abc' WHERE id = 1",
    ],
    "0007": [
        "INSERT INTO reels (id, owner_id, slug, name, created_at, updated_at) VALUES (1, 1,"
        " 'selects', 'Selects', '2026-01-02 03:04:05+00:00', '2026-01-02 03:04:05+00:00')",
        "INSERT INTO reel_exports (id, token, reel_id, user_id, mode, status, done, total,"
        " file_path, error, created_at) VALUES (1, 'tok-done', 1, 1, 'copy', 'done', 2, 2,"
        " '/x/tok-done.zip', NULL, '2026-01-02 03:04:05+00:00'), (2, 'tok-run', 1, 1,"
        " 'accurate', 'running', 1, 3, NULL, NULL, '2026-01-02 03:04:06+00:00')",
    ],
}
# Tables a later migration moves into another (checked by _moved_rows, not compared as they were).
MOVED = {"reel_exports": "0014"}


def _check_reel_exports_moved(connection) -> None:  # type: ignore[no-untyped-def]
    """0014: sub-clip exports became jobs; the one a thread was running can never finish."""
    rows = connection.execute(
        text(
            "SELECT token, kind, subject, state, done, total, result_path, error, user_id "
            "FROM jobs ORDER BY token"
        )
    ).all()
    assert [tuple(r)[:7] for r in rows] == [
        ("tok-done", "reel_export", "reel:1", "done", 2, 2, "/x/tok-done.zip"),
        ("tok-run", "reel_export", "reel:1", "failed", 1, 3, None),
    ]
    assert rows[0].error is None and "before the job queue existed" in rows[1].error
    assert {r.user_id for r in rows} == {1}


def _rows(connection, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    quote = connection.dialect.identifier_preparer.quote
    return {
        table: sorted(
            (
                tuple(row)
                for row in connection.execute(
                    text(f"SELECT {', '.join(map(quote, names))} FROM {quote(table)}")
                )
            ),
            key=repr,
        )
        for table, names in columns.items()
    }


def test_upgrade_from_each_earlier_revision_keeps_the_data(database_url) -> None:  # type: ignore[no-untyped-def]
    from conftest import _wipe_postgres

    from media_catalog.db import make_engine

    revisions = migrate.revisions()
    for revision in revisions[:-1]:
        if database_url.startswith("postgresql"):
            _wipe_postgres(database_url)
        else:
            url = database_url.replace(".sqlite3", f"-{revision}.sqlite3")
        engine = make_engine(database_url if database_url.startswith("postgresql") else url)
        try:
            migrate.upgrade(engine, revision)
            seeded = [r for r in SEED_SQL if revisions.index(r) <= revisions.index(revision)]
            gone = {t for t, r in MOVED.items() if revisions.index(r) <= revisions.index(revision)}
            with engine.begin() as connection:
                for key in seeded:
                    for statement in SEED_SQL[key]:
                        if statement.split()[2] not in gone:  # INSERT INTO <table>: still there
                            connection.execute(text(statement))
            inspector = inspect(engine)
            # The search index is derived data (migration 0013 moves it out of the database).
            columns = {
                table: [
                    c["name"] for c in inspector.get_columns(table) if c["name"] != "search_vector"
                ]
                for table in inspector.get_table_names()
                if table != "alembic_version" and not table.startswith("search_")
            }
            if "catalog_revision" in columns:
                # It counts commits, a migration's too (media_catalog/revision.py): its counter
                # may move on; its epoch, like every other row, must stay as it was.
                columns["catalog_revision"].remove("revision")
            moved = {table for table in MOVED if columns.pop(table, None) is not None}
            with engine.connect() as connection:
                before = _rows(connection, columns)
            assert sum(map(len, before.values())) >= 14, revision

            migrate.upgrade(engine)
            assert migrate.current_revision(engine) == migrate.head_revision()
            with engine.connect() as connection:
                after = _rows(connection, columns)
                assert after == before, f"data changed upgrading from {revision}"
                if "reel_exports" in moved:
                    _check_reel_exports_moved(connection)
                # Columns added later got their defaults on the old rows.
                if "origin" not in columns["aliases"]:
                    origins = connection.execute(text("SELECT DISTINCT origin FROM aliases"))
                    assert [r[0] for r in origins] == ["file"]
        finally:
            engine.dispose()


def test_existing_guides_get_their_films_first_language(database_url) -> None:  # type: ignore[no-untyped-def]
    """Migration 0016 gives every guide a language of its own: its film's first, or English."""
    from media_catalog.db import make_engine

    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine, "0013")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO films (id, slug, title, synopsis, languages) VALUES"
                    " (1, 'refusenik', 'Refusenik', '', '[\"ru\", \"en\"]'),"
                    " (2, 'silent', 'Silent', '', '[]')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO guides (id, token, film_id, title, visibility, created_at,"
                    " updated_at, version) VALUES"
                    " (1, 'a', 1, 'Russian film', 'private', '2026-01-02 03:04:05+00:00',"
                    " '2026-01-02 03:04:05+00:00', 1),"
                    " (2, 'b', 2, 'No languages', 'private', '2026-01-02 03:04:05+00:00',"
                    " '2026-01-02 03:04:05+00:00', 1)"
                )
            )
        migrate.upgrade(engine)
        with engine.connect() as connection:
            languages = connection.execute(text("SELECT id, language FROM guides ORDER BY id"))
            assert [tuple(row) for row in languages] == [(1, "ru"), (2, "en")]
    finally:
        engine.dispose()


def test_upgrading_gives_existing_rows_unique_identifiers(database_url) -> None:  # type: ignore[no-untyped-def]
    """0015 backfills a persistent identifier on every film, media item, segment and entity
    that was there before, each different, and the search log triggers of 0013 survive it."""
    from media_catalog.db import make_engine
    from media_catalog.identifiers import PID_RE

    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine, "0013")
        with engine.begin() as connection:
            for statement in SEED_SQL["0001"]:
                connection.execute(text(statement))
        migrate.upgrade(engine)
        with engine.begin() as connection:
            pids = [
                pid
                for table in ("films", "media_items", "segments", "entities")
                for (pid,) in connection.execute(text(f"SELECT pid FROM {table}"))
            ]
            before = connection.execute(text("SELECT count(*) FROM search_changes")).scalar()
            connection.execute(text("UPDATE segments SET text = 'changed' WHERE id = 1"))
            after = connection.execute(text("SELECT count(*) FROM search_changes")).scalar()
        assert len(pids) == 5 and all(PID_RE.match(pid) for pid in pids)
        assert len(set(pids)) == len(pids)
        assert after > before  # a change to a segment is still logged
    finally:
        engine.dispose()
