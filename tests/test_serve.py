"""`media-catalog serve` for real: gunicorn started by the command, probes, metrics added up
across worker processes (PROMETHEUS_MULTIPROC_DIR), and JSON log lines carrying request ids."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from server_support import free_port, wait_for

TOKEN = "scrape-token-for-tests"
HITS = 40


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.fixture
def served(app, database_url, media_root, tmp_path):  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "serve-test",
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "media_catalog", "serve", "--bind", f"127.0.0.1:{port}",
               "--workers", "3", "--threads", "2"]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/healthz", process, log)
    yield base, log
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def _healthz_count(exposition: str) -> float:
    pattern = (
        r'media_catalog_http_requests_total\{[^}]*route="/healthz"[^}]*status="200"[^}]*\} (\S+)'
    )
    return sum(float(value) for value in re.findall(pattern, exposition))


def test_metrics_add_up_across_workers_and_need_the_token(served) -> None:
    base, _ = served
    before = _healthz_count(_get(base + "/metrics", {"Authorization": f"Bearer {TOKEN}"})[2])
    for _ in range(HITS):
        assert _get(base + "/healthz")[0] == 200
    # Each scrape is answered by whichever worker takes it: every one must see every worker's.
    for _ in range(4):
        status, headers, body = _get(base + "/metrics", {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        assert _healthz_count(body) >= before + HITS
        assert "media_catalog_http_request_duration_seconds_bucket" in body
    assert _get(base + "/metrics")[0] == 302  # anonymous: sent to sign in
    assert _get(base + "/metrics", {"Authorization": "Bearer wrong"})[0] == 302


def test_readiness_and_request_ids_in_the_log(served) -> None:
    base, log = served
    status, headers, body = _get(base + "/readyz", {"X-Request-Id": "trace-0123456789"})
    assert status == 200
    assert json.loads(body) == {
        "status": "ready",
        "checks": {"database": "ok", "job_queue": "ok", "media_root": "ok"},
    }
    assert headers["X-Request-Id"] == "trace-0123456789"
    # An id that could forge log lines is replaced by one the app makes.
    _, headers, _ = _get(base + "/healthz", {"X-Request-Id": 'bad id"}'})
    made = headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert {"trace-0123456789", made} <= {line["request_id"] for line in lines}
    answered = next(line for line in lines if line["request_id"] == "trace-0123456789")
    assert (answered["path"], answered["status"]) == ("/readyz", 200)
