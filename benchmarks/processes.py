"""Long benchmark steps run in a fresh process, so that the peak memory reported is the step's
own (VmHWM of the process; ru_maxrss of the worker processes it waited for), with progress on
stderr while they run: the steps' own lines, and the parent's heartbeat for steps that have
none (an index build is one SQL statement).

    measure("archive:build_step", "building", url=..., hours=...)  # -> the step's dict + peaks
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEARTBEAT_S = 30


def measure(step: str, label: str, **arguments: object) -> dict:  # type: ignore[type-arg]
    """Run `module:function(**arguments)` in a fresh Python and return what it returns, with
    "seconds" (wall time in the child), "peak_mb" and "workers_peak_mb" added."""
    started = time.perf_counter()
    print(f"  {label} ...", file=sys.stderr, flush=True)
    process = subprocess.Popen(
        [sys.executable, __file__, step, json.dumps(arguments)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path.cwd(),
    )
    last = started
    while process.poll() is None:
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            if time.perf_counter() - last >= HEARTBEAT_S:
                last = time.perf_counter()
                print(
                    f"  {label}: {last - started:.0f} s, {_rss_mb(process.pid):.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
    out = process.stdout.read() if process.stdout else ""
    if process.returncode:
        raise RuntimeError(f"{step} failed (exit {process.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    print(
        f"  {label}: done in {result['seconds']:.1f} s, peak {result['peak_mb']:.0f} MB",
        file=sys.stderr,
        flush=True,
    )
    return result  # type: ignore[no-any-return]


def _rss_mb(pid: int | str, field: str = "VmRSS") -> float:
    """Resident memory from /proc: now (VmRSS) or at its highest (VmHWM); 0 where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((x for x in status.splitlines() if x.startswith(f"{field}:")), "- 0 kB")
    return int(line.split()[1]) / 1024


def peak_mb() -> float:
    """This process's highest resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    over an exec, so a child started by a parent holding 1 GB would report 1 GB."""
    return _rss_mb("self", "VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Progress:
    """'building: 1,200,000 / 6,000,000 segments (20 %), 45 s, about 180 s left, 95 MB',
    at most every few seconds and at the end."""

    def __init__(self, label: str, unit: str, every_s: float = 5.0) -> None:
        self.label, self.unit, self.every_s = label, unit, every_s
        self.started = self.shown = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.shown < self.every_s and done < total:
            return
        self.shown = now
        elapsed = now - self.started
        left = elapsed / done * (total - done) if done else 0.0
        peak = peak_mb()
        print(
            f"    {self.label}: {done:,} / {total:,} {self.unit} ({done / total:.0%}), "
            f"{elapsed:.0f} s, about {left:.0f} s left, peak {peak:.0f} MB",
            file=sys.stderr,
            flush=True,
        )


def _child(step: str, arguments: str) -> None:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parent))
    module, function = step.split(":")
    started = time.perf_counter()
    result = getattr(importlib.import_module(module), function)(**json.loads(arguments))
    result = {
        "seconds": time.perf_counter() - started,
        **result,
        "peak_mb": peak_mb(),
        # Workers are forked, not exec'd: their ru_maxrss is their own resident memory.
        "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
