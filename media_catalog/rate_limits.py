"""Rate-limit counters in the catalog database, for Flask-Limiter (through the `limits`
library's storage interface, registered as the `catalogdb://` scheme). Every worker process and
every machine on one database counts the same requests; Redis (REDIS_URL) does the same job
where it runs. Fixed windows: one row per limit and client, counted up in one statement (an
upsert), so parallel requests on several workers cannot both read a low count.

Counting does not move the catalog revision (a bookkeeping table in revision.py): a sign-in
attempt is no change to the catalog, and must not empty every worker's kept search answers.

A worker takes counts from the shared store a few at a time (`LeasedStorage`): a client that
searches hundreds of times a minute costs one write per lease, not one write and two reads per
search, which had cost more than the kept search the limit guards (BENCHMARKS.md). Every
request still gets its own number in the window's one sequence; a lease left unused by one
worker can only make another refuse a few requests early. Where a lease is worth taking (limits
of 2 x LEASE_SHARE or more per window), a client's first request to a worker in a window is not
written on its own but with the other new clients' a moment later: each worker can let a client
past its limit by that one request, nothing more."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from limits.storage import Storage, storage_from_string
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from .models import RateLimitCounter

SCHEME = "catalogdb"
LEASED = "leased+"  # prefix of a storage uri whose counts are taken in leases
# A lease is at most this share of its limit (so unused leases on the workers refuse little
# early) and at most LEASE_MAX counts; limits under LEASE_SHARE per window are counted one by one.
LEASE_SHARE = 100
LEASE_MAX = 16
FORGET_EVERY_S = 60.0
# How often a worker writes the first requests of new clients it held back (see LeasedStorage).
WRITE_EVERY_S = 0.2
# One statement on SQLite 3.35+ and PostgreSQL alike: a new window starts when the old expired.
_UPSERT = """
    INSERT INTO rate_limit_counters (key, hits, expires_at) VALUES (:key, :amount, :expires)
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN rate_limit_counters.expires_at <= :now THEN :amount
                  ELSE rate_limit_counters.hits + :amount END,
      expires_at = CASE WHEN rate_limit_counters.expires_at <= :now THEN :expires
                        ELSE rate_limit_counters.expires_at END
"""
_COUNT = text(_UPSERT + "RETURNING hits, expires_at")
_ADD = text(_UPSERT)


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
        return self.incr_until(key, expiry, amount)[0]

    def incr_until(self, key: str, expiry: float, amount: int = 1) -> tuple[int, float]:
        """Count `amount` hits: (the window's count after them, when the window ends)."""
        now = time.time()
        with self.engine.begin() as connection:
            hits, expires_at = connection.execute(
                _COUNT, {"key": key, "amount": amount, "expires": now + expiry, "now": now}
            ).one()
            if hits == amount:  # a new window: a good moment to drop expired counters
                connection.execute(
                    delete(RateLimitCounter).where(RateLimitCounter.expires_at <= now)
                )
        return int(hits), float(expires_at)

    def incr_many(self, counts: dict[str, tuple[int, float]]) -> None:
        """Count several keys' hits in one transaction: key -> (amount, window length)."""
        now = time.time()
        rows = [
            {"key": key, "amount": amount, "expires": now + expiry, "now": now}
            for key, (amount, expiry) in counts.items()
        ]
        with self.engine.begin() as connection:
            connection.execute(_ADD, rows)

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


def lease_size(key: str) -> int:
    """How many counts a worker takes at once for the limit a `limits` key names. The key ends
    in `/<amount>/<multiples>/<granularity>` (RateLimitItem.key_for); any other key is counted
    one by one."""
    try:
        amount = int(key.rsplit("/", 3)[-3])
    except (IndexError, ValueError):
        return 1
    return max(1, min(LEASE_MAX, amount // LEASE_SHARE))


@dataclass
class _Lease:
    next_hit: int  # the number the next request in this window gets
    last_hit: int  # the last number this lease holds
    expires_at: float


class LeasedStorage(Storage):
    """Any `limits` storage (`leased+catalogdb://`, `leased+redis://…`), its counts taken a
    lease at a time. Each request gets the next number of the lease, the number the shared
    counter would have given it, so the limit holds across workers; the window's count and
    end a client's headers report come from the lease, not from two more reads. A new client's
    first request is numbered 1 here and written with others every WRITE_EVERY_S."""

    STORAGE_SCHEME = [LEASED + scheme for scheme in (SCHEME, "redis", "rediss", "redis+unix")]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):  # type: ignore[no-untyped-def]
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.inner = storage_from_string(uri.removeprefix(LEASED), **options)
        self._leases: dict[str, _Lease] = {}
        self._lock = threading.Lock()
        self._forgot_at = self._wrote_at = time.time()
        # key -> (requests, window length): first requests counted at the next write
        self._deferred: dict[str, tuple[int, float]] = {}

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return self.inner.base_exceptions

    def _live(self, key: str) -> _Lease | None:
        lease = self._leases.get(key)
        return lease if lease is not None and lease.expires_at > time.time() else None

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        size = max(amount, lease_size(key))
        with self._lock:
            self._write_deferred()
            lease = self._live(key)
            if lease is not None and lease.next_hit + amount - 1 <= lease.last_hit:
                lease.next_hit += amount
                return lease.next_hit - 1
            if lease is None and size > amount:
                # A client's first request here in this window: counted with others later.
                self._leases[key] = _Lease(amount + 1, amount, time.time() + expiry)
                self._deferred[key] = (amount, expiry)
                return amount
            owed = self._deferred.pop(key, (0, 0.0))[0]
        if isinstance(self.inner, DatabaseStorage):
            total, expires_at = self.inner.incr_until(key, expiry, size + owed)
        else:
            total = self.inner.incr(key, expiry, size + owed)
            expires_at = self.inner.get_expiry(key)
        hit = total - size + amount
        with self._lock:
            self._leases[key] = _Lease(hit + 1, total, expires_at)
            self._forget_ended()
        return hit

    def _write_deferred(self) -> None:
        """Count the first requests held back, all in one write, now and then (called with
        the lock held, as a request's own count begins)."""
        now = time.time()
        if not self._deferred or now - self._wrote_at < WRITE_EVERY_S:
            return
        self._wrote_at = now
        due, self._deferred = self._deferred, {}
        if isinstance(self.inner, DatabaseStorage):
            self.inner.incr_many(due)
        else:
            for key, (amount, expiry) in due.items():
                self.inner.incr(key, expiry, amount)

    def _forget_ended(self) -> None:
        """Drop leases of windows that ended, now and then: a pass over every client's lease
        on each new one would cost more than the write it saves."""
        now = time.time()
        if now - self._forgot_at >= FORGET_EVERY_S:
            self._forgot_at = now
            self._leases = {k: v for k, v in self._leases.items() if v.expires_at > now}

    def get(self, key: str) -> int:
        lease = self._live(key)
        return lease.next_hit - 1 if lease is not None else self.inner.get(key)

    def get_expiry(self, key: str) -> float:
        lease = self._live(key)
        return lease.expires_at if lease is not None else self.inner.get_expiry(key)

    def check(self) -> bool:
        return self.inner.check()

    def reset(self) -> int | None:
        with self._lock:
            self._leases.clear()
            self._deferred.clear()
        return self.inner.reset()

    def clear(self, key: str) -> None:
        with self._lock:
            self._leases.pop(key, None)
            self._deferred.pop(key, None)
        self.inner.clear(key)
