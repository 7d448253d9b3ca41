"""Reading editors' forms and saving what they ask, the same way on every page: the version the
editor saw, times typed as 1:23:45 or in seconds, whole numbers, page numbers, and one save that
commits and says so, or rolls back and shows why (a stale save shows who changed what).
Validation of what the fields mean stays in the domain; this module only reads them.

We keep this small helper rather than Flask-WTF: CSRF is already checked for every form and JSON
request in csrf.py, and the domain raises field-named errors that one flash shows; form classes
would restate each domain rule a second time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, request
from flask_babel import gettext
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from ..audit import StaleEdit
from ..errors import CatalogError, FieldError, NotFound
from ..timecode import ms_from_seconds, parse_media_fragment
from ..wording import N_
from .conflicts import conflict_page
from .context import db
from .error_text import describe
from .errors import refuse

MAX_NUMBER = 2**31 - 1


class MissingVersion(CatalogError):
    """A form that does not carry the version of the record it edits (an old or forged page)."""

    def __init__(self) -> None:
        super().__init__(N_("The form had no version: reload the page and try again."))


def version() -> int:
    """The version of the record the editor saw when the form was drawn."""
    value = request.form.get("version", "").strip()
    if not (value.isascii() and value.isdecimal()) or int(value) > MAX_NUMBER:
        raise MissingVersion()
    return int(value)


def time_ms(field: str, *, required: bool = False) -> int | None:
    """A time typed as `1:23:45`, `83.5` or (not required) left empty, in milliseconds."""
    text = request.form.get(field, "").strip()
    if not text:
        if required:
            raise FieldError(field, N_("a time is needed (1:23:45 or seconds)"))
        return None
    start, _ = parse_media_fragment(f"t={text}")
    if start is None:
        raise FieldError(field, N_("'%(text)s' is not a time (give 1:23:45 or seconds)"), text=text)
    return start


def seconds_ms(field: str, *, default: str | None = None) -> int:
    """A time in seconds as the player's "Set in"/"Set out" fill it (`83.5`); an emptied field
    takes `default` (handles: "0")."""
    value = request.form.get(field, "").strip() or default or ""
    try:
        return ms_from_seconds(value)
    except ValueError:
        raise FieldError(
            field, N_("give a time in seconds, e.g. 83.5 (not '%(text)s')"), text=value
        ) from None


def whole_number(field: str, reason: str) -> int:
    """A whole number field (an id chosen from a list); FieldError with `reason` otherwise."""
    value = request.form.get(field, "").strip()
    if not (value.isascii() and value.isdecimal()) or int(value) > MAX_NUMBER:
        raise FieldError(field, reason)
    return int(value)


def number_arg(name: str, default: int | None = None, *, minimum: int = 0) -> int | None:
    """A whole number from the query string, or `default` when it is absent; 400 naming the
    parameter otherwise (`²` is a digit to Python but not a number, and no row has an id past
    MAX_NUMBER, where PostgreSQL's integer columns end)."""
    value = request.args.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdecimal()) or not minimum <= int(value) <= MAX_NUMBER:
        refuse(
            400,
            N_("%(name)s: give a whole number from %(minimum)s (not '%(text)s')"),
            name=name,
            minimum=minimum,
            text=value[:20],
        )
    return int(value)


def page_number(name: str = "page") -> int:
    return number_arg(name, 1, minimum=1) or 1


def page_window(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers worth a link: the first, the last and those around `page`, None where
    some are left out (a queue of 200,000 has 4,000 pages; a link to each made the page slow)."""
    shown = {1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}
    window: list[int | None] = []
    for number in sorted(shown):
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


def attempt(
    change: Callable[[Session], Any], *, failed: str | None = None, keep: bool = False
) -> tuple[bool, Any]:
    """Run one change in the request's session: commit it, or roll back and flash why (after
    `failed`, when given). NotFound passes through (the page answers 404, as for anything the
    user may not see); so does StaleEdit when asked to `keep` the editor's text (conflicts.py)."""
    session = db()
    try:
        result = change(session)
    except NotFound:
        session.rollback()
        raise
    except (StaleEdit, MissingVersion) as exc:  # these messages say what to do themselves
        session.rollback()
        if keep and isinstance(exc, StaleEdit):
            raise
        flash(describe(exc), "error")
        return False, None
    except CatalogError as exc:
        session.rollback()
        failed = gettext("Not saved") if failed is None else failed
        flash(f"{failed}: {describe(exc)}" if failed else describe(exc), "error")
        return False, None
    session.commit()
    return True, result


def save(
    change: Callable[[Session], Any],
    *,
    done: str | Callable[[Any], str],
    target: str,
    failed: str | None = None,
    then: Callable[[Any], str] | None = None,
    keep_on_conflict: bool = False,
) -> Response | str:
    """The save-a-form step of every editor view: attempt the change, flash `done` (or what
    `done` makes of the result; nothing when empty) and go to `then(result)`, or to `target`
    when it failed. A form of typed text asks to `keep_on_conflict`: a stale save then shows
    both versions with the editor's own kept (conflicts.py) instead of redirecting."""
    try:
        saved, result = attempt(change, failed=failed, keep=keep_on_conflict)
    except StaleEdit as exc:
        return conflict_page(exc, target)
    if not saved:
        return redirect(target)
    message = done(result) if callable(done) else done
    if message:
        flash(message)
    return redirect(then(result) if then else target)
