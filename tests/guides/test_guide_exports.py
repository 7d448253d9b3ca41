"""A guide's three outputs: the print-ready page, Markdown and the PDF. The PDF is read back as
text (pdftotext) and as page images (pdftoppm) whose QR codes are decoded to the moments' links.
Restricted material stays out of every output for a visitor without the right."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from guide_fixtures import draft_through_web
from PIL import Image
from sqlalchemy import select, update

from media_catalog.db import transaction
from media_catalog.models import Entity, Guide, GuideSection, MediaItem, Segment, Transcript

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
    reason="poppler-utils (pdftoppm, pdftotext) not installed: scripts/setup.sh --tests adds it",
)

PUBLIC = [
    (
        "interview-historian",
        "20",
        "35",
        "http://localhost/media/interview-historian?t=20,35#t=20,35",
    ),
    (
        "interview-organizer",
        "0:01:10",
        "0:01:30",
        "http://localhost/media/interview-organizer?t=70,90#t=70,90",
    ),
    (
        "sssj-rally-new-york-circa-1972",
        "2.5",
        "9",
        "http://localhost/media/sssj-rally-new-york-circa-1972?t=2.5,9#t=2.5,9",
    ),
]
RESTRICTED = [
    # A restricted clip, and a stretch of a public interview over its restricted passage.
    ("refusenik-seminar-moscow-flat-circa-1978", "0", "10"),
    ("interview-refusenik", "0:04:40", "0:05:00"),
]


def add_moments(client, sessions, csrf, token: str, moments) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        scenes = [s.id for s in guide.sections if s.kind == "scene"]
    for number, (media, start, end, *_url) in enumerate(moments):
        response = client.post(
            f"/guides/{token}/moments",
            data={
                "csrf_token": csrf(),
                "media": media,
                "start": start,
                "end": end,
                "section": scenes[number % len(scenes)],
                "note": f"Note {number}",
            },
        )
        assert response.status_code == 302
        assert "/edit#moment-" in response.headers["Location"], media


def share(client, sessions, csrf, token: str, visibility: str = "link") -> None:  # type: ignore[no-untyped-def]
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == token))
        data = {
            "csrf_token": csrf(),
            "version": guide.version,
            "title": guide.title,
            "visibility": visibility,
        }
    assert client.post(f"/guides/{token}/edit", data=data).status_code == 302


@pytest.fixture
def shared_guide(client, sessions, chaptered_catalog, login_as, csrf):  # type: ignore[no-untyped-def]
    login_as("host")
    token = draft_through_web(client, csrf, "Refusenik — вечер обсуждения")
    add_moments(client, sessions, csrf, token, PUBLIC)
    share(client, sessions, csrf, token)
    return token


def test_the_markdown_has_every_section_timecode_and_link(client, shared_guide) -> None:
    response = client.get(f"/guides/{shared_guide}/guide.md")
    assert response.mimetype == "text/markdown"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings[:4] == [
        "Film summary",
        "Using this guide",
        "Featured people",
        "Background and timeline",
    ]
    assert "58:00 · The arrest of Natan Sharansky" in headings
    assert text.startswith("# Refusenik — вечер обсуждения\n")
    for _media, _start, _end, url in PUBLIC:
        assert f"<{url}>" in text
    assert "**[0:20–0:35](http://localhost/media/interview-historian?t=20,35#t=20,35)**" in text
    assert re.search(r"^- \*\*Natan Sharansky\*\* \(", text, re.M)


def test_the_print_page_has_a_print_stylesheet_and_no_navigation_in_print(
    client, shared_guide
) -> None:
    page = BeautifulSoup(
        client.get(f"/guides/{shared_guide}").get_data(as_text=True), "html.parser"
    )
    sheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert "/static/guide.css" in sheets
    response = client.get("/static/guide.css")
    css = response.get_data(as_text=True)
    response.close()  # a static file stays open until closed
    print_rules = css[css.index("@media print") :]
    assert re.search(r"header\.site[^{]*\{\s*display:\s*none", print_rules)
    assert "break-before: page" in print_rules
    moments = page.select("figure.guide-moment")
    assert [m.select_one("a.timestamp")["href"] for m in moments] == [u for *_x, u in PUBLIC]
    assert all(m.select_one("img.qr")["src"].startswith("data:image/svg+xml") for m in moments)
    assert not page.select("[style]") and not page.select("script:not([src])")  # the CSP holds


@needs_poppler
def test_the_pdf_has_a_cover_contents_page_numbers_and_decodable_qr_codes(
    client, sessions, csrf, shared_guide, tmp_path: Path
) -> None:
    with sessions() as session:
        guide = session.scalar(select(Guide).where(Guide.token == shared_guide))
        summary, version = guide.sections[0], guide.version
        data = {
            "csrf_token": csrf(),
            "version": version,
            f"s{summary.id}-title": summary.title,
            f"s{summary.id}-body": "ערב דיון בקהילה\n\nВечер обсуждения",
            f"s{summary.id}-questions": "",
        }
    assert client.post(f"/guides/{shared_guide}/edit", data=data).status_code == 302
    response = client.get(f"/guides/{shared_guide}/guide.pdf")
    assert response.mimetype == "application/pdf"
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(response.get_data())
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    cover, contents = pages[0], pages[1]
    assert "A DISCUSSION GUIDE" in cover and "Refusenik — вечер обсуждения" in cover
    assert "Contents" in contents and "Featured people" in contents
    # Contents lines end with the page the section starts on; footers number the pages.
    numbered = re.findall(r"Featured people[ .]+(\d+)", contents)
    assert numbered
    start = int(numbered[0])
    assert "Featured people" in pages[start - 1]
    assert re.search(rf"\b{start}\s*/\s*{len(pages) - 1}\b", pages[start - 1])
    body = "\n".join(pages[2:])
    plain = re.sub("[\u200e\u200f\u202a-\u202e]", "", body)  # pdftotext's bidi marks
    assert "ערב דיון בקהילה" in plain and "Вечер обсуждения" in plain
    for title in (
        "Film summary",
        "Background and timeline",
        "The arrest of Natan Sharansky",
        "Taking action",
        "Delve deeper",
    ):
        assert title in body
    for label in ("0:20–0:35", "1:10–1:30", "0:02–0:09"):
        assert label in body
    # Every QR code on the page images opens its moment in the player.
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    decoded = []
    for image in sorted(tmp_path.glob("page-*.png")):
        decoded += [code.text for code in zxingcpp.read_barcodes(Image.open(image))]
    assert decoded == [url for *_x, url in PUBLIC]


def _visible_strings(client, token: str) -> str:  # type: ignore[no-untyped-def]
    texts = [
        client.get(f"/guides/{token}").get_data(as_text=True),
        client.get(f"/guides/{token}/guide.md").get_data(as_text=True),
    ]
    if shutil.which("pdftotext"):
        pdf = client.get(f"/guides/{token}/guide.pdf").get_data()
        texts.append(
            subprocess.run(
                ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
        )
    return "\n".join(texts)


def test_restricted_material_never_reaches_a_visitor_without_the_right(
    app, client, sessions, chaptered_catalog, login_as, csrf
) -> None:
    login_as("editor")  # an editor sees restricted material and builds a guide with it
    token = draft_through_web(client, csrf)
    add_moments(client, sessions, csrf, token, [*RESTRICTED, PUBLIC[0]])
    with transaction(sessions) as session:
        people = session.scalar(
            select(GuideSection)
            .join(Guide)
            .where(Guide.token == token, GuideSection.kind == "people")
        )
        hidden_person = people.entity_slugs[0]
        session.execute(update(Entity).where(Entity.slug == hidden_person).values(restricted=True))
        hidden_name = session.scalar(select(Entity.name).where(Entity.slug == hidden_person))
        passage = list(
            session.scalars(
                select(Segment.text)
                .join(Transcript)
                .join(MediaItem)
                .where(
                    MediaItem.slug == "interview-refusenik",
                    Segment.restricted.is_(True),
                    Segment.start_ms < 300_000,
                    Segment.end_ms > 280_000,
                )
            )
        )
    share(client, sessions, csrf, token, "published")
    restricted_words = ["Scientific seminar", hidden_name, "t=280"]
    editor_sees = _visible_strings(client, token)
    assert [w for w in restricted_words if w not in editor_sees] == [], "the editor sees them all"
    assert any(text.split("\n")[0] in editor_sees for text in passage)
    anonymous = app.test_client()
    visitor_sees = _visible_strings(anonymous, token)
    for word in restricted_words + [text.split("\n")[0] for text in passage]:
        assert word not in visitor_sees, word
    assert "refusenik-seminar" not in visitor_sees and "t=280" not in visitor_sees
    assert PUBLIC[0][3] in visitor_sees  # the public moment is still there
