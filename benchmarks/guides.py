"""Discussion guide outputs at size: the demo guide (15 sections) with 3 + N moments, each with
its excerpt read through access.py and its QR code, rendered as the print page, as Markdown and
as a PDF (WeasyPrint), median of a few rounds in one process (QR codes are cached after the
first request, as in a running server; one uncached QR code is timed on its own).

    .venv/bin/python benchmarks/guides.py [--moments 60] [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from media_catalog import create_app, guides
from media_catalog.demo.guide import build_demo_site, demo_site_config
from media_catalog.guides import outputs, views


def timed(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moments", type=int, default=60, help="moments beyond the demo's 3")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(demo_site_config(Path(folder)))
        site = app.extensions["media_catalog"]
        token = build_demo_site(site["engine"], site["sessions"], Path(folder), args.moments)
        client = app.test_client()

        def get(url: str) -> bytes:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.get_data()

        pdf = get(f"/guides/{token}/guide.pdf")
        (Path(folder) / "guide.pdf").write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(Path(folder) / "guide.pdf")], capture_output=True)
        pages = re.search(rb"Pages:\s+(\d+)", info.stdout)[1].decode()  # type: ignore[index]
        urls = iter(range(10_000))
        qr_only = timed(
            lambda: outputs.qr_data_uri(f"https://catalog.example.org/x?t={next(urls)}"), 20
        )
        figures = {
            "guide page (HTML, print-ready)": timed(lambda: get(f"/guides/{token}"), args.rounds),
            "Markdown": timed(lambda: get(f"/guides/{token}/guide.md"), args.rounds),
            "PDF (WeasyPrint)": timed(lambda: get(f"/guides/{token}/guide.pdf"), args.rounds),
        }
        with app.app_context():
            sessions = app.extensions["media_catalog"]["sessions"]
            with sessions() as session:
                guide = guides.guide_by_token(session, None, token)
                view_ms = timed(lambda: views.guide_view(session, None, guide), args.rounds)
    print(f"demo guide with {3 + args.moments} moments, {args.rounds} rounds (median):")
    print(f"  reading it as a visitor (guide_view): {view_ms:8.1f} ms")
    for name, value in figures.items():
        print(f"  {name:32s} {value:8.1f} ms")
    print(f"  one QR code (segno, SVG data URI): {qr_only:8.2f} ms")
    print(f"  PDF: {pages} pages, {len(pdf) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
