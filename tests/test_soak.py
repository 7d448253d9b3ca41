"""A soak test on loopback: the app under gunicorn (two worker processes, four threads each) on
the test database, readers hammering pages, search and the API while two editors write at the
same time: tags of their own, and decisions on the same suggestions. Bounded in requests and
time. Passes when no request failed, every acknowledged write is stored exactly once, every
refused write was refused as a conflict (409), and nothing else changed. Latencies are reported
in the summary."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

import pytest
from conftest import PASSWORD
from sqlalchemy import func, select

from media_catalog.models import Annotation, AuditEvent, MediaItem

REPORT: list[str] = []
READERS, READS_EACH, TAGS_EACH, SHARED_DECISIONS = 4, 30, 12, 16
DEADLINE_S = 150
READ_PATHS = [
    "/",
    "/media/interview-historian",
    "/media/interview-refusenik",
    "/entities/ida-nudel",
    "/search?q=refusenik",
    "/search?q=%22Ida+Nudel%22",
    "/api/v1/search?q=Moscow",
    "/api/v1/media/interview-organizer/transcripts",
    "/timeline",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(database_url, demo_catalog, media_root, add_user, tmp_path):  # type: ignore[no-untyped-def]
    add_user("editor", "ann@example.org")
    add_user("editor", "ben@example.org")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "soak-test-secret",
    }
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4",
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "media_catalog.wsgi:app",
    ]  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            break
        except OSError:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=20)
    log.close()


class Client:
    """One visitor: own cookies, own CSRF token, latencies and failures recorded."""

    def __init__(self, base: str, latencies: dict[str, list[float]], failures: list[str]):
        self.base, self.latencies, self.failures = base, latencies, failures
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        self.token = ""

    def request(self, kind: str, path: str, data: bytes | None = None, headers=None):  # type: ignore[no-untyped-def]
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
        self.latencies[kind].append(time.perf_counter() - started)
        if status >= 500:
            self.failures.append(f"{path}: HTTP {status}")
        return status, body

    def sign_in(self, email: str) -> None:
        _, page = self.request("login", "/login")
        self.token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
        form = {"email": email, "password": PASSWORD, "csrf_token": self.token}
        status, _ = self.request("login", "/login", urllib.parse.urlencode(form).encode())
        assert status == 302, f"{email} could not sign in"
        _, page = self.request("login", "/review")  # signing in starts a new session and token
        self.token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # a 302 after a form is the answer we check, not a page to fetch


def test_readers_and_two_editors_at_once_lose_nothing(server, demo_catalog) -> None:
    with demo_catalog() as session:
        shared = session.scalars(
            select(Annotation.id)
            .where(Annotation.status == "suggested", Annotation.segment_id.is_not(None))
            .order_by(Annotation.id)
            .limit(SHARED_DECISIONS)
        ).all()
        audit_before = session.scalar(select(func.count(AuditEvent.id)))
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    acknowledged: dict[str, list] = {"tags": [], "decisions": [], "conflicts": []}  # type: ignore[type-arg]
    lock = threading.Lock()
    together = threading.Barrier(2)

    def reader(number: int) -> None:
        client = Client(server, latencies, failures)
        for index in range(READS_EACH):
            status, _ = client.request("read", READ_PATHS[(number + index) % len(READ_PATHS)])
            if status != 200:
                failures.append(f"read {READ_PATHS[(number + index) % len(READ_PATHS)]}: {status}")

    def editor(email: str, action: str) -> None:
        client = Client(server, latencies, failures)
        client.sign_in(email)
        for index in range(TAGS_EACH):
            note = f"{email} tag {index}"
            form = {
                "csrf_token": client.token, "in": f"{10 + index}", "out": f"{11 + index}",
                "tag": "soak", "note": note,
            }  # fmt: skip
            status, _ = client.request(
                "write", "/media/interview-historian/tags", urllib.parse.urlencode(form).encode()
            )
            if status == 302:
                with lock:
                    acknowledged["tags"].append(note)
            # Both editors decide the same suggestions, each from the version it read.
            annotation_id = shared[index % len(shared)]
            with demo_catalog() as session:
                version = session.get(Annotation, annotation_id).version
            together.wait(timeout=60)  # both editors now hold the same version: one must lose
            body = json.dumps({"action": action, "version": version}).encode()
            headers = {"Content-Type": "application/json", "X-CSRF-Token": client.token}
            status, answer = client.request(
                "write", f"/api/review/annotations/{annotation_id}", body, headers
            )
            with lock:
                if status == 200:
                    acknowledged["decisions"].append((annotation_id, email, action))
                elif status == 409:
                    acknowledged["conflicts"].append(annotation_id)
                else:
                    failures.append(f"decision on {annotation_id}: HTTP {status} {answer[:200]!r}")

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads += [
        threading.Thread(target=editor, args=("ann@example.org", "confirm")),
        threading.Thread(target=editor, args=("ben@example.org", "reject")),
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, DEADLINE_S - (time.monotonic() - started)))
    assert not any(t.is_alive() for t in threads), f"the soak did not end in {DEADLINE_S} s"
    assert not failures, failures[:10]

    with demo_catalog() as session:
        media = session.scalar(select(MediaItem).where(MediaItem.slug == "interview-historian"))
        stored = session.scalars(
            select(Annotation.note).where(
                Annotation.media_item_id == media.id, Annotation.tag == "soak"
            )
        ).all()
        assert sorted(stored) == sorted(acknowledged["tags"])  # each saved tag, exactly once
        assert len(stored) == 2 * TAGS_EACH
        # Every acknowledged decision is one audited update of its annotation, whose version
        # moved on once per decision: none was overwritten unseen.
        for annotation_id in set(shared):
            decided = [d for d in acknowledged["decisions"] if d[0] == annotation_id]
            annotation = session.get(Annotation, annotation_id)
            assert annotation.version == 1 + len(decided), annotation_id
            updates = session.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.object_type == "annotation",
                    AuditEvent.object_id == str(annotation_id),
                    AuditEvent.action == "update",
                )
            )
            assert updates == len(decided), annotation_id
            if decided:
                wanted = "confirmed" if decided[-1][2] == "confirm" else "rejected"
                assert annotation.status == wanted, annotation_id
        audited = session.scalar(select(func.count(AuditEvent.id))) - audit_before
    assert audited >= len(acknowledged["tags"]) + len(acknowledged["decisions"])
    # Each round both editors sent a decision from the same version: one won, one was refused.
    assert len(acknowledged["decisions"]) == len(acknowledged["conflicts"]) == TAGS_EACH

    elapsed = time.monotonic() - started
    REPORT.append(
        f"{sum(len(v) for v in latencies.values())} requests in {elapsed:.1f} s "
        f"({READERS} readers, 2 editors; {len(acknowledged['conflicts'])} stale decisions "
        "refused with 409)"
    )
    for kind, values in sorted(latencies.items()):
        values = sorted(values)
        p95 = values[max(0, int(len(values) * 0.95) - 1)]
        REPORT.append(
            f"{kind:6s} n={len(values):4d}  p50 {statistics.median(values) * 1000:7.1f} ms"
            f"  p95 {p95 * 1000:7.1f} ms  max {values[-1] * 1000:7.1f} ms"
        )
