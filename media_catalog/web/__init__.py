"""The web layer: a database session per request, the current user, error pages, template
helpers and the blueprints. Views stay thin; the catalog functions do the work."""

from __future__ import annotations

from flask import Flask, current_app, g, url_for
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from ..timecode import format_clock, format_short, seconds


def db() -> Session:
    """The request's session, opened on first use and closed at teardown."""
    if "db" not in g:
        g.db = current_app.extensions["media_catalog"]["sessions"]()
    return g.db  # type: ignore[no-any-return]


def _close_db(exc: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        if exc is not None:
            session.rollback()
        session.close()


def moment_url(media_slug: str, start_ms: int, end_ms: int | None = None) -> str:
    """Every timestamp shown anywhere links here: `?t=` opens the player at that moment; a range
    is `?t=a,b#t=a,b`, so the server shows its excerpt and the player stops at its end."""
    return moment_href(url_for("player.show", slug=media_slug), start_ms, end_ms)


def moment_href(player_url: str, start_ms: int, end_ms: int | None = None) -> str:
    """moment_url with the player's address built once: pages listing thousands of moments of
    one item spare a URL build per moment."""
    if end_ms is None:
        return f"{player_url}?t={seconds(start_ms):g}"
    span = f"{seconds(start_ms):g},{seconds(end_ms):g}"
    return f"{player_url}?t={span}#t={span}"


def _bidi_text(text: str) -> Markup:
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


def register_web(app: Flask) -> None:
    from . import (
        admin,
        api,
        auth,
        browse,
        chapters,
        csrf,
        entities,
        entity_editor,
        errors,
        guides,
        headers,
        interop,
        player,
        reels,
        review,
        screening,
        shared_reels,
        tagging,
        workflow,
    )
    from . import search as search_pages
    from .transcript_html import segment_blocks

    app.teardown_appcontext(_close_db)
    app.before_request(_load_user)
    app.jinja_env.filters.update(clock=format_short, clock_ms=format_clock, bidi=_bidi_text)
    app.jinja_env.globals.update(
        moment_url=moment_url,
        moment_href=moment_href,
        marked_text=marked_text,
        segment_blocks=segment_blocks,
    )
    for module in (browse, entities, player, search_pages, api):
        app.register_blueprint(module.bp)
    errors.register(app)
    headers.register(app)
    csrf.register(app)
    for module in (
        auth,
        admin,
        review,
        workflow,
        entity_editor,
        interop,
        guides,
        screening,
        chapters,
    ):
        app.register_blueprint(module.bp)
    tagging.register(app)
    reels.register(app)
    app.register_blueprint(shared_reels.bp)


def _load_user() -> None:
    from .auth import load_user

    load_user()  # g.user: the signed-in account, or None for a public viewer
