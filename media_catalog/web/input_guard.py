"""Input no page can mean and no database can store is refused before any view reads it: a NUL
character in the path, the query string or a form field (PostgreSQL's text columns refuse NUL,
so a slug or a note holding one would otherwise end in a 500 there, and SQLite would keep it).
Form fields' line endings are made `\n` here too, before any view reads them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict

from ..wording import N_

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_nul() -> None:
    # Every value of a repeated field (`?entity=a&entity=b%00`), and the names too.
    values = [request.path, *_pairs(request.args)]
    if request.mimetype in FORM_TYPES:
        values += _pairs(request.form)
    if request.is_json:
        values += list(_strings(request.get_json(silent=True)))
    if any("\x00" in value for value in values):
        abort(400, N_("The request holds a NUL character, which no field may contain."))


def normalise_line_endings() -> None:
    """Browsers send a textarea's lines ending in CRLF (HTML's form encoding), whatever the page
    gave them; the catalog keeps `\n`, as its imported files have it. Without this, saving a
    form unchanged rewrote every multi-line text and history showed a change that was none."""
    if request.mimetype not in FORM_TYPES:
        return
    fields = list(request.form.items(multi=True))
    if any("\r" in value for _, value in fields):
        request.form = ImmutableMultiDict(  # type: ignore[misc]
            [(name, value.replace("\r\n", "\n").replace("\r", "\n")) for name, value in fields]
        )


def _pairs(fields: Any) -> list[str]:
    return [text for name, value in fields.items(multi=True) for text in (name, value)]


def _strings(data: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def register(app: Flask) -> None:
    app.before_request(refuse_nul)
    app.before_request(normalise_line_endings)
