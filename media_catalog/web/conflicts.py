"""The page an editor gets when their save lost to a newer version: both versions side by side,
their own words kept in an editable form that saves again over the version now current, so a
conflict costs no typed text. Which forms answer so is their view's choice (forms.save)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template, request

from ..audit import StaleEdit
from ..timecode import format_clock
from .error_text import describe

# Form fields that carry state rather than what the editor wrote.
MACHINERY = frozenset({"csrf_token", "version"})


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g}"


# Forms give times where the record keeps milliseconds: the player's in and out points in
# seconds (forms.seconds_ms), chapters' start and end typed as a clock (forms.time_ms). Theirs
# is shown the way the form is typed.
TIME_FIELDS = {
    "in": ("start_ms", _seconds),
    "out": ("end_ms", _seconds),
    "start": ("start_ms", format_clock),
    "end": ("end_ms", format_clock),
}


@dataclass
class Row:
    """One field: what is saved now (theirs) and what this editor sent (yours)."""

    name: str
    theirs: Any
    yours: Any
    checkbox: bool = False

    @property
    def differs(self) -> bool:
        return _text(self.theirs) != _text(self.yours)

    @property
    def long(self) -> bool:
        return any("\n" in _text(v) or len(_text(v)) > 60 for v in (self.theirs, self.yours))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def rows(current: dict[str, Any], sent: dict[str, str]) -> tuple[list[Row], dict[str, str]]:
    """The fields to show side by side, and the ones the form carries on unseen."""
    shown, carried = [], {}
    for name, value in sent.items():
        if name in MACHINERY:
            continue
        if name in current:
            shown.append(Row(name, current[name], value))
        elif name in TIME_FIELDS and TIME_FIELDS[name][0] in current:
            kept, shown_as = TIME_FIELDS[name]
            ms = current[kept]
            shown.append(Row(name, shown_as(ms) if ms is not None else "", value))
        else:
            carried[name] = value
    for name, value in current.items():  # an unticked box is not sent at all
        if isinstance(value, bool) and name not in sent:
            shown.append(Row(name, value, False, checkbox=True))
    for row in shown:
        if isinstance(row.theirs, bool):
            row.checkbox, row.yours = True, bool(row.yours)
    return shown, carried


def conflict_page(exc: StaleEdit, back: str) -> str:
    """Both versions, and the editor's own in a form posting to the same address again. It
    answers 200, not 409: it is the form to go on with, and browsers report a 4xx page as a
    console error (JSON callers get their 409 from audit.StaleEdit.as_json)."""
    shown, carried = rows(exc.current, request.form.to_dict())
    return render_template(
        "errors/conflict.html",
        message=describe(exc),
        rows=shown,
        carried=carried,
        version=exc.current.get("version"),
        action=request.path,
        back=back,
    )
