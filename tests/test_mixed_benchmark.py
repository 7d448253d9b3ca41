"""benchmarks/mixed.py runs end to end on a small catalog for a few seconds: four gunicorn
workers answer every kind of the mix (search, player, media ranges checked byte for byte,
captions) without an error, and the report reads each kind against /healthz."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "mixed.py"


def test_the_mixed_traffic_benchmark_runs_without_errors() -> None:
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--hours", "1", "--seconds", "4", "--clients", "4",
         "--trivial-seconds", "1"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    lines = {line.split()[0]: line.split() for line in run.stdout.splitlines() if line.strip()}
    for kind in ("search", "player", "range", "captions", "all"):
        requests, errors = int(lines[kind][1]), int(lines[kind][-1])
        assert requests > 0 and errors == 0, run.stdout
    assert "of /healthz" in run.stdout
