"""Engines and sessions. SQLite gets WAL, foreign keys and a busy timeout on every connection;
PostgreSQL (postgresql+psycopg://) goes through the same code. Callers own their sessions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, Table, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from . import revision
from .errors import ConfigError
from .identifiers import new_pid

SQLITE_BUSY_TIMEOUT_MS = 5000


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str) -> Engine:
    """The engine for DATABASE_URL; ConfigError names a URL it cannot use (never the password)."""
    try:
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() != "sqlite":
            engine = create_engine(parsed, pool_pre_ping=True)
        else:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        shown = _hide_password(url)
        raise ConfigError(
            f"DATABASE_URL {shown!r} is not a database URL this catalog can use ({exc}): "
            "give sqlite:///path/to/catalog.sqlite3 or postgresql://user@host/db"
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"DATABASE_URL: the folder for {parsed.database!r} cannot be made ({exc.strerror})"
        ) from None
    revision.install(engine)  # every commit that wrote moves the catalog's revision on
    return engine


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url if "@" not in url else "…@" + url.rsplit("@", 1)[1]


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    with factory() as session, session.begin():
        yield session


def insert_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    constants: Mapping[str, Any] | None = None,
) -> None:
    """INSERT many rows as tuples straight through the driver's executemany, for the hot paths
    (linking stores hundreds of thousands of suggestions): SQLAlchemy's per-row parameter
    handling costs more than the database. Values still go through their column type's bind
    processor (dates, booleans, JSON), constants once for all rows; row values of number and
    string columns must be plain numbers and strings."""
    if not rows:
        return
    if "pid" in table.c and "pid" not in columns:  # every row gets its persistent identifier
        columns, rows = [*columns, "pid"], [(*row, new_pid()) for row in rows]
    dialect = connection.dialect
    constants = dict(constants or {})
    processors = [_bind_processor(table, name, dialect, rows=True) for name in columns]
    if any(processors):  # convert column by column: a loop per value would cost more
        values = list(zip(*rows, strict=True))
        for index, processor in enumerate(processors):
            if processor:
                values[index] = tuple(map(processor, values[index]))
        rows = list(zip(*values, strict=True))
    fixed = []
    for name, value in constants.items():
        processor = _bind_processor(table, name, dialect)
        fixed.append(processor(value) if processor else value)
    if fixed:
        rows = [(*row, *fixed) for row in rows]
    names = [*columns, *constants]
    marker = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    quote = dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    connection.exec_driver_sql(statement, list(rows))


def _bind_processor(table: Table, column: str, dialect: Dialect, rows: bool = False) -> Any:
    """The column type's conversion for the driver. Row values that are plain numbers and
    strings go as they are: converting hundreds of thousands of them would only copy them."""
    column_type = table.c[column].type
    if rows:
        try:
            if column_type.python_type in (int, float, str):
                return None
        except NotImplementedError:
            pass
    return column_type.dialect_impl(dialect).bind_processor(dialect)
