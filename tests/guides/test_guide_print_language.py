"""A guide's PDF comes out in the print language: the guide's own language by default, or the
one asked for with ?lang=, whatever the interface language is; Hebrew prints right to left."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from test_guide_exports import shared_guide  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"),
    reason="poppler-utils (pdftotext) not installed: scripts/setup.sh --tests adds it",
)
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _pdf_text(client, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.mimetype == "application/pdf", response.get_data(as_text=True)[:300]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.get_data(), capture_output=True, check=True
    ).stdout.decode()
    return BIDI_MARKS.sub("", text)


def test_a_guide_prints_in_russian_from_an_english_interface(client, shared_guide) -> None:  # noqa: F811
    client.set_cookie("lang", "en")
    text = _pdf_text(client, f"/guides/{shared_guide}/guide.pdf?lang=ru")
    assert "Содержание" in text
    assert "Contents" not in text
    assert "Refusenik — вечер обсуждения" in text  # the guide's own title is kept as written


def test_a_guide_prints_in_hebrew_right_to_left(client, shared_guide) -> None:  # noqa: F811
    client.set_cookie("lang", "ru")
    response = client.get(f"/guides/{shared_guide}/guide.pdf?lang=he")
    assert response.mimetype == "application/pdf"
    text = _pdf_text(client, f"/guides/{shared_guide}/guide.pdf?lang=he")
    assert "תוכן העניינים" in text or "םיניינעה ןכות" in text  # pdftotext may keep visual order
    assert "Содержание" not in text


def test_without_lang_the_guide_language_decides(client, shared_guide) -> None:  # noqa: F811
    client.set_cookie("lang", "he")
    text = _pdf_text(client, f"/guides/{shared_guide}/guide.pdf")
    assert "Contents" in text  # the demo guide is written in English
