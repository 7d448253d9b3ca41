"""What every view and template shares: the request's database session and the helpers that
turn catalog values into links and marked-up text. Blueprints import from here, never from the
package that registers them."""

from __future__ import annotations

from flask import current_app, g, url_for
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from ..timecode import seconds


def db() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db" not in g:
        g.db = current_app.extensions["media_catalog"]["sessions"]()
    return g.db  # type: ignore[no-any-return]


def close_db(exc: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()


# The query parameter only the share-a-range form's links carry: the player shows its "Shared
# range" banner for them alone, not for a moment another page points at with a range.
SHARED_RANGE = "shared"


def moment_url(media_slug: str, start_ms: int, end_ms: int | None = None) -> str:
    """Every timestamp shown anywhere links here: `?t=` opens the player at that moment; a range
    is `?t=a,b#t=a,b`, so the transcript marks it and the player stops at its end."""
    return moment_href(url_for("player.show", slug=media_slug), start_ms, end_ms)


def shared_range_url(media_slug: str, start_ms: int, end_ms: int | None) -> str:
    """The link the share-a-range form makes: a range with the marker that shows its banner."""
    return moment_href(url_for("player.show", slug=media_slug), start_ms, end_ms, shared=True)


def moment_href(
    player_url: str, start_ms: int, end_ms: int | None = None, *, shared: bool = False
) -> str:
    """moment_url with the player's address built once: pages listing thousands of moments of
    one item spare a URL build per moment."""
    if end_ms is None:
        return f"{player_url}?t={seconds(start_ms):g}"
    span = f"{seconds(start_ms):g},{seconds(end_ms):g}"
    marker = f"&{SHARED_RANGE}=1" if shared else ""
    return f"{player_url}?t={span}{marker}#t={span}"


def bidi_text(text: str) -> Markup:
    """Text in its own direction: Hebrew right to left, the rest left to right."""
    return Markup('<span dir="auto">{}</span>').format(escape(text))


def entity_url(slug: str) -> str:
    """An entity page's address, escaped for HTML, built once per request: a long transcript
    names the same few people hundreds of times."""
    built = g.setdefault("entity_urls", {})
    if slug not in built:
        built[slug] = str(escape(url_for("entities.show", slug=slug)))
    return built[slug]  # type: ignore[no-any-return]


def marked_text(text: str, spans: list | None) -> Markup:  # type: ignore[type-arg]
    """Segment text with each mention linked to its entity page; everything else escaped."""
    if not spans:
        return Markup(escape(text))
    parts, position = [], 0
    for start, end, entity in sorted(spans, key=lambda s: s[0]):
        if start < position:
            continue  # overlapping annotations: the first one wins on the page
        parts.append(escape(text[position:start]))
        href, words = entity_url(entity.slug), escape(text[start:end])
        parts.append(Markup(f'<a class="mention mention-{entity.kind}" href="{href}">{words}</a>'))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
