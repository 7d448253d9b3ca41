"""The web layer: registers the request hooks, template helpers, error pages, security
headers and the blueprints. What views share lives in context.py; views stay thin and the
catalog functions do the work."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .. import licences, rights
from ..timecode import format_clock, format_short
from . import (
    access_audit,
    admin,
    api,
    auth,
    browse,
    chapters,
    consents,
    csrf,
    entities,
    entity_editor,
    errors,
    guides,
    headers,
    health,
    identifiers,
    imports,
    input_guard,
    interop,
    jobs,
    limits,
    locale,
    media_jobs,
    metrics,
    player,
    redactions,
    reels,
    request_log,
    review,
    screening,
    script_messages,
    shared_reels,
    speech,
    tagging,
    workflow,
)
from . import search as search_pages
from .auth import load_user
from .context import bidi_text, close_db, marked_text, moment_href, moment_url
from .transcript_html import segment_blocks


def register_web(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    request_log.register(app)  # first: every later line and every answer carries the request id
    metrics.register(app)
    input_guard.register(app)  # nothing reads a request holding NUL
    app.before_request(load_user)  # g.user: the signed-in account, or None for a public viewer
    app.jinja_env.filters.update(clock=format_short, clock_ms=format_clock, bidi=bidi_text)
    app.jinja_env.globals.update(
        moment_url=moment_url,
        moment_href=moment_href,
        marked_text=marked_text,
        segment_blocks=segment_blocks,
        rights_choices=list(licences.KNOWN.items()),
        rights_of_item=rights.of_item,
        rights_of_film=rights.own,
    )
    for module in (browse, entities, player, search_pages, api, identifiers):
        app.register_blueprint(module.bp)
    errors.register(app)
    headers.register(app)
    csrf.register(app)
    access_audit.register(app)  # who read restricted material, whichever route served it
    locale.register(app)  # the interface language and the switcher's route
    script_messages.register(app)  # the scripts' messages in that language
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
        jobs,
        media_jobs,
        imports,
        speech,
    ):
        app.register_blueprint(module.bp)
    tagging.register(app)
    redactions.register(app)
    reels.register(app)
    consents.register(app)
    app.register_blueprint(shared_reels.bp)
    app.register_blueprint(health.bp)
    limits.register(app)  # last: it wraps views the blueprints registered
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Behind nginx every request comes from loopback: the client's address (sign-in throttle,
        # rate limits, logs) and scheme (Secure cookies) are what that many trusted proxies say.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
