"""Cross-site request forgery protection: every state-changing request (POST, PUT, PATCH,
DELETE) carries the session's token, in a form field `csrf_token` or an `X-CSRF-Token` header
for the JSON API; anything else is refused before the view runs."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, request, session

from ..wording import N_

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    """The session's token, made on first use (templates call this for every form)."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return str(session[FIELD])


def _check() -> None:
    if request.method in SAFE_METHODS:
        return
    expected = session.get(FIELD)
    sent = request.headers.get(HEADER) or request.form.get(FIELD)
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        abort(400, N_("The form had expired or did not come from this site. Please try again."))


def register(app: Flask) -> None:
    app.before_request(_check)
    app.jinja_env.globals["csrf_token"] = csrf_token
