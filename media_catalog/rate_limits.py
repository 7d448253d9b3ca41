"""Rate-limit counters in the catalog database, for Flask-Limiter (through the `limits`
library's storage interface, registered as the `catalogdb://` scheme). Every worker process and
every machine on one database counts the same requests; Redis (REDIS_URL) does the same job
where it runs. Fixed windows: one row per limit and client, counted up in one statement (an
upsert), so parallel requests on several workers cannot both read a low count.

Counting does not move the catalog revision (a bookkeeping table in revision.py): a sign-in
attempt is no change to the catalog, and must not empty every worker's kept search answers."""

from __future__ import annotations

import time

from limits.storage import Storage
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from .models import RateLimitCounter

SCHEME = "catalogdb"
# One statement on SQLite 3.35+ and PostgreSQL alike: a new window starts when the old expired.
_COUNT = text(
    """
    INSERT INTO rate_limit_counters (key, hits, expires_at) VALUES (:key, :amount, :expires)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limit_counters.expires_at <= :now THEN :amount
                  ELSE rate_limit_counters.hits + :amount END,
      expires_at = CASE WHEN rate_limit_counters.expires_at <= :now THEN :expires
                        ELSE rate_limit_counters.expires_at END
    RETURNING hits
    """
)


class DatabaseStorage(Storage):
    """`limits` storage on the catalog's database. Build it with the uri `catalogdb://` and the
    option `engine` (the app's)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):  # type: ignore[no-untyped-def]
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.engine: Engine = options["engine"]

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        with self.engine.begin() as connection:
            row = connection.execute(
                _COUNT, {"key": key, "amount": amount, "expires": now + expiry, "now": now}
            ).one()
            if row[0] == amount:  # a new window: a good moment to drop expired counters
                connection.execute(
                    delete(RateLimitCounter).where(RateLimitCounter.expires_at <= now)
                )
        return int(row[0])

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            hits = connection.scalar(
                select(RateLimitCounter.hits).where(
                    RateLimitCounter.key == key, RateLimitCounter.expires_at > time.time()
                )
            )
        return int(hits or 0)

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as connection:
            expires = connection.scalar(
                select(RateLimitCounter.expires_at).where(RateLimitCounter.key == key)
            )
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.scalar(select(func.count()).select_from(RateLimitCounter))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))
