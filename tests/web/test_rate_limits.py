"""Rate limits through Flask-Limiter, counted in the catalog database (rate_limits.py): a limit
breached answers 429 with Retry-After, counts live in the database (not the process), and
counting moves no catalog revision (kept search answers stay kept)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import redis
from conftest import csrf_token_of
from server_support import redis_server
from sqlalchemy import select

from media_catalog import create_app, migrate, revision
from media_catalog.errors import ConfigError
from media_catalog.models import RateLimitCounter

SEARCH = "/api/v1/search?q=moscow"


@pytest.fixture
def make_app(database_url, media_root, tmp_path):  # type: ignore[no-untyped-def]
    """make_app(SETTING=value, ...) -> an app on the test database with those settings."""
    engines = []

    def _make(**settings):  # type: ignore[no-untyped-def]
        app = create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "MEDIA_ROOT": str(media_root),
                "SECRET_KEY": "test",
                "INSTANCE_PATH": str(tmp_path / "instance"),
                **settings,
            }
        )
        engines.append(app.extensions["media_catalog"]["engine"])
        migrate.upgrade(engines[-1])
        return app

    yield _make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def limited_app(make_app):  # type: ignore[no-untyped-def]
    return make_app(RATE_LIMIT_SIGN_IN="3 per minute", RATE_LIMIT_SEARCH="4 per minute")


def _revision(app):  # type: ignore[no-untyped-def]
    with app.extensions["media_catalog"]["sessions"]() as session:
        return revision.current(session)


def test_sign_in_posts_past_the_limit_answer_429(limited_app) -> None:
    client = limited_app.test_client()
    form = {"email": "nobody@example.org", "password": "x", "csrf_token": csrf_token_of(client)}
    statuses = [client.post("/login", data=form).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 429, 429]  # wrong password thrice, then no more checks
    refused = client.post("/login", data=form)
    assert int(refused.headers["Retry-After"]) > 0
    assert client.get("/login").status_code == 200  # only POSTs count


def test_search_counts_are_kept_in_the_database_without_moving_the_revision(
    limited_app,
) -> None:
    client = limited_app.test_client()
    assert client.get(SEARCH).status_code == 200  # the first search builds the index
    before = _revision(limited_app)
    assert [client.get("/api/v1/search?q=moscow").status_code for _ in range(3)] == [200] * 3
    assert client.get("/search?q=moscow").status_code == 429  # web and API share one budget
    assert _revision(limited_app) == before
    with limited_app.extensions["media_catalog"]["sessions"]() as session:
        counters = session.scalars(select(RateLimitCounter)).all()
    assert [c.hits for c in counters if "search" in c.key] == [5]
    other = limited_app.test_client()
    assert other.get("/api/v1/search?q=moscow").status_code == 429  # one address, one count


def test_limits_can_be_switched_off(make_app) -> None:
    client = make_app(RATE_LIMIT_SEARCH="1 per minute", RATE_LIMITS_ENABLED=False).test_client()
    assert {client.get(SEARCH).status_code for _ in range(3)} == {200}


@pytest.mark.parametrize(("hops", "counted_apart"), [(0, False), (1, True)])
def test_forwarded_addresses_count_only_behind_a_trusted_proxy(
    make_app, hops, counted_apart
) -> None:
    """Behind nginx (PROXY_HOPS=1) each client is counted by its own address; without a proxy a
    forged X-Forwarded-For does not buy a fresh budget."""
    app = make_app(RATE_LIMIT_SEARCH="2 per minute", PROXY_HOPS=hops)
    client = app.test_client()
    for _ in range(2):
        assert client.get(SEARCH, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 200
    other = client.get(SEARCH, headers={"X-Forwarded-For": "198.51.100.7"}).status_code
    assert other == (200 if counted_apart else 429)


def test_with_redis_url_the_counts_live_in_redis(make_app, tmp_path) -> None:
    with redis_server(tmp_path) as url:
        app = make_app(RATE_LIMIT_SEARCH="2 per minute", REDIS_URL=url)
        client = app.test_client()
        assert [client.get(SEARCH).status_code for _ in range(3)] == [200, 200, 429]
        with app.extensions["media_catalog"]["sessions"]() as session:
            assert session.scalars(select(RateLimitCounter)).all() == []
        with redis.Redis.from_url(url) as counters:
            assert list(counters.scan_iter(match="*rate_limit_search*"))


def test_a_redis_socket_url_as_scripts_redis_sh_prints_it(make_app, tmp_path) -> None:
    """The job queue's form, unix:///path?db=0, serves the rate limits too."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "redis.sh"
    env = {**os.environ, "MEDIA_CATALOG_REDIS_DIR": str(tmp_path / "redis")}
    started = subprocess.run([script, "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        pytest.skip("redis-server could not start here (scripts/setup.sh --tests installs it)")
    try:
        url = started.stdout.strip()
        assert url.startswith("unix://")
        client = make_app(RATE_LIMIT_SEARCH="2 per minute", REDIS_URL=url).test_client()
        assert [client.get(SEARCH).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        subprocess.run([script, "stop"], env=env, check=False)


def test_a_redis_url_of_another_kind_is_refused_naming_the_setting(make_app) -> None:
    with pytest.raises(ConfigError, match="REDIS_URL 'http://cache:80'"):
        make_app(REDIS_URL="http://cache:80")
