"""Fixtures named for the state they give: an empty catalog, the demo catalog, files on disk.
Set TEST_DATABASE_URL to a PostgreSQL database to run everything there (it is wiped)."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from workerkit import jobs_url, queued, redis_url, storage  # noqa: F401  real-worker fixtures

from media_catalog import create_app, demo, migrate
from media_catalog.db import make_engine
from media_catalog.ingest.batch import import_paths

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def _wipe_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    if TEST_DATABASE_URL:
        _wipe_postgres(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path / 'catalog.sqlite3'}"


@pytest.fixture
def media_root(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    return root


@pytest.fixture
def app(database_url: str, media_root: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            # Jobs run where they are queued (Huey's immediate mode): most tests are about
            # something else; tests/jobs/ run a real worker.
            "JOBS_IMMEDIATE": True,
            # Interviews with no consent on record may be shared and exported: most tests are
            # about something else; tests/test_consent*.py set "refuse" and record consents.
            "CONSENT_UNRECORDED": "allow",
        }
    )
    engine = app.extensions["media_catalog"]["engine"]
    migrate.upgrade(engine)
    yield app
    engine.dispose()


@pytest.fixture
def sessions(app):  # type: ignore[no-untyped-def]
    return app.extensions["media_catalog"]["sessions"]


@pytest.fixture
def empty_catalog(sessions):  # type: ignore[no-untyped-def]
    return sessions


@pytest.fixture
def demo_catalog(app, sessions, media_root):  # type: ignore[no-untyped-def]
    """The bundled demo files imported (without generated media, which tests make themselves)."""
    consent_dir = Path(app.config["CONSENT_DIR"])  # the demo's signed forms are kept there
    summary = import_paths(sessions, demo.demo_paths(), media_root, consent_dir=consent_dir)
    assert not summary.failed, [o.detail for o in summary.failed]
    return sessions


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """write("x.vtt", text) -> path; text is dedented; `encoding` or raw `data` bytes allowed."""

    def _write(
        name: str, content: str = "", *, encoding: str = "utf-8", data: bytes | None = None
    ) -> Path:
        path = tmp_path / "files" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            data if data is not None else textwrap.dedent(content).lstrip("\n").encode(encoding)
        )
        return path

    return _write


@pytest.fixture
def film(sessions, write):  # type: ignore[no-untyped-def]
    """A film record imported, so transcripts can name it."""
    path = write(
        "films/test-film.yaml",
        """
        film:
          slug: test-film
          title: Test Film
          year: 2007
    """,
    )
    summary = import_paths(sessions, [path], Path("."))
    assert not summary.failed
    return "test-film"


SIDECAR = """\
media: {media}
film: test-film
language: {language}
kind: {kind}
title: "{title}"
interviewee: Jane Roe (fictional)
recorded: "2006-04"
"""


@pytest.fixture
def transcript_file(write, film):  # type: ignore[no-untyped-def]
    """transcript_file("a.vtt", cues_text, media=..., language=...) writes a track and its sidecar."""

    def _make(
        name: str,
        content: str,
        *,
        media: str = "test-interview",
        language: str = "en",
        kind: str = "original",
        title: str = "Test interview",
        extra: str = "",
        encoding: str = "utf-8",
    ) -> Path:
        path = write(name, content, encoding=encoding)
        sidecar = SIDECAR.format(media=media, language=language, kind=kind, title=title) + extra
        path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
        return path

    return _make


@pytest.fixture
def table_counts(sessions):  # type: ignore[no-untyped-def]
    """table_counts() -> rows per table, to prove a failed import changed nothing."""
    from media_catalog.models import Base

    def _counts() -> dict[str, int]:
        with sessions() as session:
            return {
                name: session.scalar(select(func.count()).select_from(table)) or 0
                for name, table in Base.metadata.tables.items()
            }

    return _counts


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Show the figures tests measured whenever they ran: the matcher's precision and recall on
    the gold set, the soak test's latencies, search's nDCG@10 and recall@100."""
    import sys

    titles = {
        "test_gold": "mention matcher against the gold set",
        "test_soak": "soak test",
        "test_relevance": "search relevance on the judged demo set (benchmarks/judged/demo.yaml)",
    }
    for name, title in titles.items():
        module = sys.modules.get(name)  # pytest imports test modules by their base name
        if module is not None and module.REPORT:
            terminalreporter.section(title)
            for line in module.REPORT:
                terminalreporter.write_line(line)


def catalog_rows(engine) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every row of every table (the schema revision included), in a stable order: two equal
    snapshots mean nothing changed, row by row."""
    from sqlalchemy import inspect

    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as connection:
        return {
            name: sorted(
                (tuple(row) for row in connection.execute(text(f"SELECT * FROM {quote(name)}"))),
                key=repr,
            )
            for name in sorted(inspect(engine).get_table_names())
            if name != "catalog_revision"  # bookkeeping: it counts commits, holds no catalog
        }


@pytest.fixture
def snapshot(app):  # type: ignore[no-untyped-def]
    """snapshot() -> every row of every table, to prove a failure changed nothing at all."""
    engine = app.extensions["media_catalog"]["engine"]
    return lambda: catalog_rows(engine)


PASSWORD = "correct horse battery staple"


@pytest.fixture
def add_user(sessions):  # type: ignore[no-untyped-def]
    """add_user("editor") -> email of a new account with that role (password PASSWORD)."""
    from media_catalog import accounts
    from media_catalog.db import transaction

    def _add(role: str, email: str | None = None) -> str:
        email = email or f"{role}@example.org"
        with transaction(sessions) as session:
            accounts.add_user(session, email, PASSWORD, role, name=f"Test {role}")
        return email

    return _add


def csrf_token_of(client) -> str:  # type: ignore[no-untyped-def]
    """The CSRF token of the client's session, made by visiting the sign-in form."""
    with client.session_transaction() as session:
        if "csrf_token" in session:
            return str(session["csrf_token"])
    client.get("/login")
    with client.session_transaction() as session:
        return str(session["csrf_token"])


@pytest.fixture
def csrf(client):  # type: ignore[no-untyped-def]
    """csrf() -> the test client's current CSRF token."""
    return lambda: csrf_token_of(client)


@pytest.fixture
def login_as(client, add_user):  # type: ignore[no-untyped-def]
    """login_as("editor") signs the test client in as a new account with that role."""

    def _login(role: str, email: str | None = None) -> str:
        email = add_user(role, email)
        response = client.post(
            "/login",
            data={"email": email, "password": PASSWORD, "csrf_token": csrf_token_of(client)},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    return _login


@pytest.fixture
def chaptered_catalog(demo_catalog):  # type: ignore[no-untyped-def]
    """The demo catalog with the demo film's chapters (chapters/refusenik.vtt) imported."""
    from media_catalog import chapters
    from media_catalog.config import PROJECT_ROOT
    from media_catalog.db import transaction
    from media_catalog.models import Film

    with transaction(demo_catalog) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        chapters.import_webvtt_chapters(
            session, None, film, PROJECT_ROOT / "chapters/refusenik.vtt"
        )
    return demo_catalog
