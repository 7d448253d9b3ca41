"""The catalog's revision: a number that every committed change moves on, in the same
transaction as the change, so that a process may keep answers (search results) for as long as
the catalog has not changed under them, and never a moment longer.

Every write goes through an SQLAlchemy connection: the ORM, Core statements and the bulk
inserts alike. A listener notes a connection that wrote and, as it commits, adds one to the
revision in that same transaction. Readers read the revision before the data they answer
from, so an answer kept under a revision is never older than it. The epoch, drawn when the
database is made and again when a backup is restored into it, keeps answers of a replaced
database from being taken for this one's."""

from __future__ import annotations

import re
import secrets
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

TABLE = "catalog_revision"
_WRITES = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
_CHANGED = "media_catalog.changed"
_MEMO = "media_catalog.revision"
T = TypeVar("T")
# Bookkeeping tables, not catalog: a job's progress or a rate-limit count must not make every
# worker drop the answers it keeps.
_BOOKKEEPING = re.compile(
    r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:jobs|rate_limit_counters)\b", re.IGNORECASE
)


def install(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _count_commit)
    event.listen(engine, "rollback", _forget)


def _note_write(connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    if _WRITES.match(statement) and not _BOOKKEEPING.match(statement):
        connection.info[_CHANGED] = True


def _forget(connection: Connection) -> None:
    connection.info.pop(_CHANGED, None)


def _count_commit(connection: Connection) -> None:
    """Runs just before the commit: one UPDATE on the driver's cursor, inside the transaction
    being committed (through SQLAlchemy it would be noted as a write again)."""
    if not connection.info.pop(_CHANGED, False):
        return
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if _has_table(cursor, connection.dialect.name):  # not before its migration has run
            cursor.execute(f"UPDATE {TABLE} SET revision = revision + 1")
    finally:
        cursor.close()


def _has_table(cursor: Any, dialect: str) -> bool:
    if dialect == "sqlite":
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,))
    else:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (TABLE,))
    row = cursor.fetchone()
    return bool(row and row[0])


_HAS_TABLE: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def current(session: Session) -> tuple[str, int] | None:
    """(epoch, revision) of the catalog, or None before the table exists (answers are then
    not kept). Once seen, the table is taken to stay: schemas are not downgraded under a
    running app. Read once per transaction: a search asks three times (its cache, the names,
    the index), and the first read, before any data, is the one the answer may be kept under."""
    memo = session.info.get(_MEMO)
    if memo is not None and memo[0] is session.get_transaction():
        return memo[1]
    connection = session.connection()
    transaction = session.get_transaction()
    if not _HAS_TABLE.get(connection.engine):
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            if not _has_table(cursor, connection.dialect.name):
                return None
        finally:
            cursor.close()
        _HAS_TABLE[connection.engine] = True
    row = session.execute(text(f"SELECT epoch, revision FROM {TABLE}")).one()
    state = str(row[0]), int(row[1])
    session.info[_MEMO] = (transaction, state)
    return state


def new_epoch(connection: Connection) -> None:
    """After a restore: the database is another one now, whatever its revision says."""
    connection.execute(text(f"UPDATE {TABLE} SET epoch = :epoch"), {"epoch": secrets.token_hex(8)})


_kept: dict[tuple[Any, ...], Any] = {}
_kept_lock = threading.Lock()
KEPT = 256  # answers kept per process, across every key


def kept(session: Session, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """`compute()` once per revision of the catalog for this key (answers of a revision the
    catalog has moved past are never served). The answer is shared: it must be plain data,
    never ORM objects, and callers must not change it."""
    state = current(session)
    if state is None:
        return compute()
    full = (str(session.get_bind().url), state, *key)
    with _kept_lock:
        if full in _kept:
            return _kept[full]  # type: ignore[no-any-return]
    answer = compute()
    with _kept_lock:
        _kept[full] = answer
        while len(_kept) > KEPT:
            _kept.pop(next(iter(_kept)))
    return answer
