"""Every benchmark in one run: prints a table and writes benchmarks/results.json, one record per
figure (name, value, unit, baseline name, baseline value, ratio, corpus size). Each figure's
baseline is measured in the same run; `--quick` runs the small sizes only, in minutes.

    python benchmarks/run.py [--quick] [--only linking imports ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BENCHMARKS = ["imports", "linking", "search", "relevance", "web", "subclips", "interop"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora only")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=BENCHMARKS)
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    records = []
    for name in args.only:
        started = time.perf_counter()
        print(f"== {name}", file=sys.stderr)
        records += importlib.import_module(name).figures(args.quick)
        print(f"   {time.perf_counter() - started:.0f} s", file=sys.stderr)
    args.output.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    print(f"{'figure':<38}{'corpus':<32}{'value':>16}   {'baseline':<26}{'ratio':>7}")
    for r in records:
        value = f"{r['value']:,.1f} {r['unit']}"
        ratio = f"{r['ratio']:.1%}" if r["ratio"] is not None else ""
        print(f"{r['name']:<38}{r['corpus']:<32}{value:>16}   {r['baseline'] or '':<26}{ratio:>7}")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
