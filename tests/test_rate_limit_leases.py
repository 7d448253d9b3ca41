"""Rate-limit counts taken a lease at a time (rate_limits.LeasedStorage): every request gets
the number the shared counter would have given it, so several workers together let a client
past its limit by at most the first request each held back, and a limit under LEASE_SHARE per
window is counted one by one, exactly."""

from __future__ import annotations

import itertools

import pytest
from limits import parse
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import select

from media_catalog import migrate, rate_limits
from media_catalog.db import make_engine
from media_catalog.models import RateLimitCounter
from media_catalog.rate_limits import LeasedStorage


@pytest.fixture
def engine(database_url):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _worker(engine):  # type: ignore[no-untyped-def]
    """One worker process's limiter on the shared database."""
    storage = LeasedStorage("leased+catalogdb://", engine=engine)
    return storage, FixedWindowRateLimiter(storage)


def _stored(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return int(connection.scalar(select(RateLimitCounter.hits)) or 0)


def test_lease_size_reads_the_limit_from_the_key() -> None:
    assert rate_limits.lease_size(parse("300 per minute").key_for("127.0.0.1")) == 3
    assert rate_limits.lease_size(parse("4 per minute").key_for("127.0.0.1")) == 1
    assert rate_limits.lease_size(parse("100000000 per minute").key_for("a/b")) == 16
    assert rate_limits.lease_size("not a limits key") == 1


def test_one_worker_numbers_requests_in_order_and_writes_once_per_lease(engine) -> None:
    storage, limiter = _worker(engine)
    item = parse("1000 per minute")  # leases of 10
    allowed = [limiter.hit(item, "client") for _ in range(25)]
    assert all(allowed)
    assert storage.get(item.key_for("client")) == 25  # what RateLimit-Remaining is made from
    # The first request held back, written with the first lease; three leases, the last half used.
    assert _stored(engine) == 31
    assert storage.get_expiry(item.key_for("client")) > 0


def test_a_new_clients_first_request_is_written_with_others_later(engine, monkeypatch) -> None:
    monkeypatch.setattr(rate_limits, "WRITE_EVERY_S", 3600.0)
    storage, limiter = _worker(engine)
    item = parse("1000 per minute")
    assert limiter.hit(item, "first")
    assert limiter.hit(item, "second")
    assert _stored(engine) == 0  # held back: one write for many new clients, not one each
    monkeypatch.setattr(rate_limits, "WRITE_EVERY_S", 0.0)
    assert limiter.hit(item, "third")
    with engine.connect() as connection:
        stored = dict(connection.execute(select(RateLimitCounter.key, RateLimitCounter.hits)).all())
    assert sorted(stored.values()) == [1, 1]  # first and second; third waits for the next write


def test_a_client_over_its_limit_gets_at_most_one_more_request_per_worker(engine) -> None:
    item = parse("300 per minute")
    storage, limiter = _worker(engine)
    assert sum(limiter.hit(item, "client") for _ in range(400)) == 300
    late = [_worker(engine) for _ in range(3)]  # workers that have not seen the client yet
    assert sum(other.hit(item, "client") for _storage, other in late for _ in range(5)) <= 3


def test_workers_together_never_pass_the_limit(engine) -> None:
    workers = [_worker(engine) for _ in range(3)]
    item = parse("500 per minute")  # leases of 5
    allowed = sum(
        limiter.hit(item, "client")
        for (_storage, limiter), _ in zip(itertools.cycle(workers), range(900))
    )
    # At most the first request each worker held back past the limit; at most (lease - 1) per
    # worker refused early.
    assert 500 - 3 * 4 <= allowed <= 500 + 3


def test_small_limits_are_counted_one_by_one(engine) -> None:
    workers = [_worker(engine) for _ in range(2)]
    item = parse("4 per minute")
    answers = [workers[n % 2][1].hit(item, "client") for n in range(6)]
    assert answers == [True, True, True, True, False, False]
    assert _stored(engine) == 6


def test_clearing_a_key_drops_the_workers_lease(engine) -> None:
    storage, limiter = _worker(engine)
    item = parse("1000 per minute")
    limiter.hit(item, "client")
    storage.clear(item.key_for("client"))
    assert storage.get(item.key_for("client")) == 0
    assert limiter.hit(item, "client")
    assert storage.get(item.key_for("client")) == 1
