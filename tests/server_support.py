"""Real servers on loopback for the tests that need them: the app under gunicorn, and Debian's
nginx in front of it (scripts/nginx.sh). Tests skip, saying why, when a server cannot start."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"{url} did not answer: {log.read_text()}"
            time.sleep(0.2)


@contextmanager
def gunicorn(
    env: dict[str, str], tmp_path: Path, workers: int = 2, threads: int = 2
) -> Iterator[tuple[str, Path]]:
    """The app under gunicorn on a free loopback port: yields its base URL and its log (the
    app's JSON lines, one per request, with the request id and the worker's pid)."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "media_catalog.wsgi:app",
    ]  # fmt: skip
    log_path = tmp_path / f"gunicorn-{port}.log"
    with log_path.open("w") as log:
        environment = {**os.environ, **env}
        # prometheus_client writes per-process files whenever the variable exists, even empty
        # (into the current folder): present only with a folder in it.
        if not environment.get("PROMETHEUS_MULTIPROC_DIR"):
            environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz", process, log_path)
            yield base, log_path
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextmanager
def nginx(upstream: str, media_root: Path, instance: Path, tmp_path: Path) -> Iterator[str]:
    """Debian's nginx in front of `upstream` (host:port), rendered from deploy/nginx.conf."""
    folder = tmp_path / "nginx"
    env = {**os.environ, "MEDIA_CATALOG_NGINX_DIR": str(folder)}
    script = str(SCRIPTS / "nginx.sh")
    started = subprocess.run(
        [script, "start", str(free_port()), upstream, str(media_root), str(instance)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if started.returncode != 0:
        pytest.skip(f"nginx could not start here: {started.stderr.strip() or 'no reason given'}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([script, "stop"], env=env, check=False)


@contextmanager
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A throwaway Debian redis-server on a free loopback port, nothing saved: yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian's redis-server package)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(tmp_path)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.skip("redis-server could not start here")
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
