"""Make the README's picture of a demo guide: a throwaway demo catalog (no media), the demo
film's chapters, a host's guide drafted from it with a few moments, its PDF, and one page of it
as a PNG (pdftoppm); `--pdf FILE` keeps the whole PDF too.

    .venv/bin/python scripts/guide_page.py [--page 6] [--out docs/guide-page.png] [--pdf guide.pdf]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from media_catalog import create_app
from media_catalog.config import PROJECT_ROOT
from media_catalog.demo.guide import build_demo_site, demo_site_config


def build_pdf(folder: Path) -> bytes:
    app = create_app(demo_site_config(folder))
    site = app.extensions["media_catalog"]
    token = build_demo_site(site["engine"], site["sessions"], folder)
    with app.test_client() as client:
        response = client.get(f"/guides/{token}/guide.pdf")
        assert response.status_code == 200, response.status_code
        return response.get_data()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=int, default=6, help="which page to picture")
    parser.add_argument("--pdf", type=Path, help="also keep the whole PDF here")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs/guide-page.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        pdf_path = Path(folder) / "guide.pdf"
        pdf_path.write_bytes(build_pdf(Path(folder)))
        page = str(args.page)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "100",
                "-singlefile",
                "-f",
                page,
                "-l",
                page,
                str(pdf_path),
                str(args.out.with_suffix("")),
            ],
            check=True,
        )
        if args.pdf:
            args.pdf.write_bytes(pdf_path.read_bytes())
    print(f"{args.out}: page {args.page} of the demo guide")


if __name__ == "__main__":
    main()
