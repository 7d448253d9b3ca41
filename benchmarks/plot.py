"""Latency against corpus size, from benchmarks/results.json, as a PNG for BENCHMARKS.md: our
search p50 and p95 next to ripgrep's over the same transcripts, measured in the same runs.

    python benchmarks/plot.py [--results benchmarks/results.json] [--output benchmarks/latency.png]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

HERE = Path(__file__).resolve().parent
SERIES = [  # (figure name, use its baseline instead, label, style)
    ("search: p50 latency", False, "media-catalog search p50", "o-"),
    ("search: p95 latency", False, "media-catalog search p95", "o--"),
    ("search: p50 latency", True, "ripgrep p50 (same files)", "s-"),
    ("search: p95 latency", True, "ripgrep p95 (same files)", "s--"),
]


def corpus_size(text: str) -> int:
    """'60,000 segments' -> 60000."""
    match = re.match(r"([\d,]+)", text)
    if not match:
        raise ValueError(f"no size in corpus {text!r}")
    return int(match.group(1).replace(",", ""))


def plot(records: list[dict], output: Path) -> None:  # type: ignore[type-arg]
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=120)
    for name, baseline, label, style in SERIES:
        points = sorted(
            (corpus_size(r["corpus"]), r["baseline_value"] if baseline else r["value"])
            for r in records
            if r["name"] == name and (r["baseline_value"] if baseline else r["value"]) is not None
        )
        if points:
            axes.plot(*zip(*points, strict=True), style, label=label)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("corpus size (transcript segments; 600 an hour)")
    axes.set_ylabel("latency (ms)")
    axes.set_title("Search latency against corpus size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(output)
    print(f"wrote {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--output", type=Path, default=HERE / "latency.png")
    args = parser.parse_args()
    plot(json.loads(args.results.read_text(encoding="utf-8")), args.output)


if __name__ == "__main__":
    main()
