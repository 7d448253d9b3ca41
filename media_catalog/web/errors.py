"""One error handler for the whole app: a friendly page, or JSON under /api; never a traceback."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, g, jsonify, redirect, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    default_exceptions,
)
from werkzeug.exceptions import NotFound as HTTPNotFound

from ..errors import NotFound
from ..wording import N_, english
from . import locale_formats
from .identifiers import renamed_url


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


# What an error page is called, in the reader's language (the JSON answer keeps HTTP's name).
TITLES = {
    400: lazy_gettext("Bad request"),
    401: lazy_gettext("Sign-in needed"),
    403: lazy_gettext("Not allowed"),
    404: lazy_gettext("Not found"),
    405: lazy_gettext("Not allowed here"),
    409: lazy_gettext("Conflict"),
    413: lazy_gettext("Too large"),
    416: lazy_gettext("Range not satisfiable"),
    422: lazy_gettext("Cannot be saved"),
    429: lazy_gettext("Too many requests"),
    500: lazy_gettext("Something went wrong"),
    503: lazy_gettext("Not ready yet"),
}


def refuse(code: int, message: str, **values: Any) -> NoReturn:
    """abort() with a message marked N_ and its values: the page fills it in the reader's
    language, the JSON answer and the log in English."""
    exc = default_exceptions[code](english(message, **values))
    exc.wording = (message, values)  # type: ignore[attr-defined]
    raise exc


def _respond(  # type: ignore[no-untyped-def]
    code: int, title: str, message: str, values: dict[str, Any] | None = None
):
    if _wants_json():
        english_message = english(message, **values) if values is not None else message
        return jsonify(error={"code": code, "title": title, "message": english_message}), code
    # A message the app wrote is marked N_ and found in the catalogs; anything else (a
    # library's own description) is shown as it came.
    title = str(TITLES.get(code, title))
    if values is not None:
        message = locale_formats.translate()(message, **values)
    elif message:
        message = gettext(message)
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def catalog_not_found(_exc: NotFound):  # type: ignore[no-untyped-def]
        if (moved := renamed_url()) is not None:  # a renamed record's old address
            return redirect(moved, 301)
        return _respond(404, "Not found", N_("There is nothing here, or you may not see it."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        if isinstance(exc, HTTPNotFound):
            return catalog_not_found(NotFound())
        if isinstance(exc, RequestEntityTooLarge):
            limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
            message = gettext("What was sent is larger than %(limit)s MB.", limit=limit)
            return _respond(413, exc.name, message)
        message, values = getattr(exc, "wording", (exc.description or "", None))
        body, code = _respond(exc.code or 500, exc.name, message, values)
        # Keep what the exception says in headers (416's Content-Range, 405's Allow).
        extra = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return body, code, extra

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unhandled error on %s", request.path)
        if (session := g.get("db")) is not None:
            session.rollback()
        error = InternalServerError()
        return _respond(500, error.name, N_("Something went wrong on our side. Please try again."))
