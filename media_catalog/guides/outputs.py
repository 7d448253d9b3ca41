"""A guide's outputs beside its web page: the QR code of a moment's link, the Markdown text
and the PDF (WeasyPrint, from the print page's HTML). Pure of Flask: links come in as a
function, HTML as a string."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import segno

from ..timecode import format_short
from ..wording import N_, Translate, english
from .views import GuideView, MomentView

STATIC = Path(__file__).parents[1] / "static"  # media_catalog/static, served by the app too
PRINT_STYLESHEETS = [STATIC / "guide.css", STATIC / "guide-pdf.css"]


@lru_cache(maxsize=4096)
def qr_data_uri(url: str) -> str:
    """An SVG QR code of the URL as a data: URI (the CSP allows images from data:, and the PDF
    needs nothing fetched). Medium error correction survives a smudged print. Cached: choosing
    the best mask takes segno about 8 ms a code, and a moment's link does not change."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_data_uri(scale=4, border=4)  # type: ignore[no-any-return]


def to_markdown(
    view: GuideView,
    link_for: Callable[[MomentView], str],
    translate: Translate = english,
    reader: str | None = None,
) -> str:
    """The guide as Markdown, its own words by `translate` (the print language on the web)."""
    guide, film = view.guide, view.film
    lines = [
        f"# {guide.title}",
        "",
        translate(N_("A discussion guide to %(film)s"), film=f"*{film.title}*"),
    ]
    if film.year or film.director:
        lines[-1] += " (" + ", ".join(str(p) for p in (film.director, film.year) if p) + ")"
    lines.append("")
    for part in view.sections:
        section = part.section
        heading = section.title
        if section.start_ms is not None:
            heading = f"{format_short(section.start_ms)} · {heading}"
        lines += [f"## {heading}", ""]
        if section.body:
            lines += [section.body, ""]
        for entity in part.entities:
            dates = f" ({entity.date_text.replace('/', ' – ')})" if entity.date_text else ""
            about = f": {entity.description}" if entity.description else ""
            lines.append(f"- **{entity.name}**{dates}{about}")
        if part.entities:
            lines.append("")
        if part.questions:
            lines += [f"{n}. {q}" for n, q in enumerate(part.questions, 1)] + [""]
        for moment in part.moments:
            url = link_for(moment)
            lines.append(f"> **[{moment.label}]({url})** {moment.media.title}")
            if moment.excerpt:
                lines.append(f"> {moment.excerpt}")
                if note := moment.language_note(view.language, translate, reader):
                    lines.append(f">\n> *{note}*")
            if moment.moment.note:
                lines.append(f">\n> {moment.moment.note}")
            lines += [f"> <{url}>", ""]
    lines += _markdown_credits(view, translate)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_credits(view: GuideView, translate: Translate) -> list[str]:
    if not view.credits:
        return []
    lines = [f"## {translate(N_('Credits'))}", ""]
    for credit in view.credits:
        held = credit.rights
        holder = held.holder and translate(N_("Rights: %(holder)s"), holder=held.holder)
        parts = [held.credit, holder, held.label, held.terms]
        lines.append(f"- **{credit.title}**: " + "; ".join(p for p in parts if p))
    return [*lines, ""]


def to_pdf(html: str, base_url: str) -> bytes:
    """The print page's HTML as a PDF: cover, table of contents and page numbers come from
    guide-pdf.css (paged media), images are data: URIs so nothing is fetched."""
    from weasyprint import CSS, HTML, URLFetcher  # Pango loads only when a PDF is made

    # Only data: URIs: a guide's PDF never makes the server fetch anything.
    fetcher = URLFetcher(allowed_protocols=("data",))
    stylesheets = [CSS(filename=str(path)) for path in PRINT_STYLESHEETS]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets)  # type: ignore[no-any-return]
