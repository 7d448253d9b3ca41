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

from sqlalchemy import select

from media_catalog import accounts, chapters, create_app, demo, guides, migrate
from media_catalog.config import PROJECT_ROOT
from media_catalog.db import transaction
from media_catalog.ingest.batch import import_paths
from media_catalog.models import Film, MediaItem

MOMENTS = [  # (section title, media slug, start s, end s, note)
    (
        "Opening: letters from Moscow",
        "interview-historian",
        20,
        35,
        "How the first letters got out.",
    ),
    ("Leningrad, 1970: the hijacking trial", "interview-refusenik", 60, 80, ""),
    (
        "Students in New York take up the cause",
        "interview-organizer",
        70,
        90,
        "Listen for how the rally was organised.",
    ),
]


def build_pdf(folder: Path) -> bytes:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "SECRET_KEY": "guide-page",
            "INSTANCE_PATH": str(folder / "instance"),
            "SERVER_NAME": "catalog.example.org",
            "PREFERRED_URL_SCHEME": "https",
        }
    )
    migrate.upgrade(app.extensions["media_catalog"]["engine"])
    sessions = app.extensions["media_catalog"]["sessions"]
    import_paths(sessions, demo.demo_paths(), folder / "media")
    with transaction(sessions) as session:
        film = session.scalar(select(Film).where(Film.slug == "refusenik"))
        chapters.import_webvtt_chapters(
            session, None, film, PROJECT_ROOT / "chapters/refusenik.vtt"
        )
        host = accounts.add_user(session, "host@example.org", "a long demo password", "host")
        guide = guides.draft_guide(session, host, film, "Refusenik: a community screening")
        guide.visibility = "link"
        by_title = {s.title: s.id for s in guide.sections}
        for title, slug, start, end, note in MOMENTS:
            item = session.scalar(select(MediaItem).where(MediaItem.slug == slug))
            guides.add_moment(
                session, host, guide, by_title[title], item, start * 1000, end * 1000, note
            )
        token = guide.token
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
