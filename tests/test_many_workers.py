"""Many workers, one truth: the app under gunicorn with 4 worker processes on one database.
Every worker keeps search answers (search/cache.py) and the authority's names (search/names.py)
under the catalog revision; an edit made elsewhere must show in every worker's next search, and
a rate limit must count requests whichever worker answers them (Flask-Limiter's counters in the
database). Which worker answered is read from the JSON log line of each request id."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from server_support import gunicorn
from sqlalchemy import select

from media_catalog.db import transaction
from media_catalog.models import MediaItem

WORKERS = 4
QUERY = "/api/v1/search?q=Sharansky"
SIGN_IN_LIMIT = 8


def _pids(log: Path) -> dict[str, int]:
    """request id -> pid of the worker that answered it."""
    lines = (json.loads(line) for line in log.read_text().splitlines() if line.startswith("{"))
    return {line["request_id"]: line["pid"] for line in lines if "path" in line}


def _search(base: str) -> tuple[str, dict]:
    rid = uuid.uuid4().hex
    request = urllib.request.Request(
        base + QUERY, headers={"X-Request-Id": rid, "Connection": "close"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return rid, json.loads(response.read())


def _answers_from_every_worker(base: str, log: Path) -> dict[int, list[dict]]:
    """Searches until each of the workers has answered at least twice (a first answer fills
    its cache, a second is served from it). Bounded by time, not by a count of requests: on a busy
    machine a worker may still be starting while the others have answered hundreds."""
    answers: dict[str, dict] = {}
    by_pid: dict[int, list[dict]] = {}
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        rid, body = _search(base)
        answers[rid] = body
        by_pid = {}
        for answered, pid in _pids(log).items():
            if answered in answers:
                by_pid.setdefault(pid, []).append(answers[answered])
        if len(by_pid) == WORKERS and all(len(v) >= 2 for v in by_pid.values()):
            return by_pid
        time.sleep(0.02)  # lets a worker that is still starting take the next connection
    pytest.fail(f"not every worker answered twice: { {pid: len(v) for pid, v in by_pid.items()} }")


@pytest.fixture
def four_workers(demo_catalog, database_url, media_root, tmp_path):  # type: ignore[no-untyped-def]
    env = {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "workers-test",
        "RATE_LIMIT_SIGN_IN": f"{SIGN_IN_LIMIT} per minute",
        "RATE_LIMIT_SEARCH": "100000 per minute",
        "MEDIA_CATALOG_SEARCH_DIR": str(tmp_path / "search"),
    }
    with gunicorn(env, tmp_path, workers=WORKERS, threads=1) as (base, log):
        yield base, log


def test_an_edit_shows_in_every_workers_next_search(four_workers, demo_catalog) -> None:
    base, log = four_workers
    before = _answers_from_every_worker(base, log)
    first = next(iter(before.values()))[0]["groups"][0]["media"]
    assert all(a["groups"][0]["media"] == first for v in before.values() for a in v)
    with transaction(demo_catalog) as session:
        item = session.scalar(select(MediaItem).where(MediaItem.slug == first["slug"]))
        item.title = "Retitled while four workers kept answers"
    after = _answers_from_every_worker(base, log)
    titles = {a["groups"][0]["media"]["title"] for v in after.values() for a in v}
    assert titles == {"Retitled while four workers kept answers"}


def test_a_rate_limit_counts_across_workers(four_workers) -> None:
    base, log = four_workers
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login", timeout=30).read()
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
    statuses, rids = [], []
    for attempt in range(SIGN_IN_LIMIT + 4):
        rid = uuid.uuid4().hex
        # A different account each time: the per-account lockout never starts, the limit does.
        form = {"email": f"spray{attempt}@example.org", "password": "x", "csrf_token": token}
        request = urllib.request.Request(
            base + "/login",
            urllib.parse.urlencode(form).encode(),
            headers={"X-Request-Id": rid, "Connection": "close"},
        )
        try:
            statuses.append(opener.open(request, timeout=30).status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
        rids.append(rid)
    # 401, not 400: the CSRF token one worker put in the signed cookie holds on every worker.
    assert statuses == [401] * SIGN_IN_LIMIT + [429] * 4
    pids = _pids(log)
    assert len({pids[rid] for rid in rids}) > 1  # more than one worker did the counting
