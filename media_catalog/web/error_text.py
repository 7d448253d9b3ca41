"""Why something was refused, in the reader's language: a field's name and a reason the
domain marked with N_ (errors.py) are looked up in the interface's catalogs and filled in
there; a reason not in them (a file's own words, a library's message) is shown as it came."""

from __future__ import annotations

from flask_babel import lazy_pgettext

from ..errors import CatalogError, FieldError
from . import locale_formats

# The names of the fields a reason is about, in the reader's language: each the word it is
# in English (the command line says the same), translated in the "form field" context.
FIELD_LABELS = {
    "title": lazy_pgettext("form field", "title"),
    "name": lazy_pgettext("form field", "name"),
    "start": lazy_pgettext("form field", "start"),
    "end": lazy_pgettext("form field", "end"),
    "in": lazy_pgettext("form field", "in"),
    "out": lazy_pgettext("form field", "out"),
    "note": lazy_pgettext("form field", "note"),
    "entity": lazy_pgettext("form field", "entity"),
    "role": lazy_pgettext("form field", "role"),
    "tag": lazy_pgettext("form field", "tag"),
    "date": lazy_pgettext("form field", "date"),
    "alias": lazy_pgettext("form field", "alias"),
    "language": lazy_pgettext("form field", "language"),
    "kind": lazy_pgettext("form field", "kind"),
    "media": lazy_pgettext("form field", "media"),
    "lapses": lazy_pgettext("form field", "lapses"),
    "uses": lazy_pgettext("form field", "uses"),
    "person": lazy_pgettext("form field", "person"),
    "body": lazy_pgettext("form field", "body"),
    "questions": lazy_pgettext("form field", "questions"),
    "consent": lazy_pgettext("form field", "consent"),
    "expires": lazy_pgettext("form field", "expires"),
}


def describe(exc: CatalogError) -> str:
    """`field: reason` (or the error's own words), in the reader's language."""
    reason = exc.reason_in(locale_formats.translate())
    if isinstance(exc, FieldError):
        return f"{FIELD_LABELS.get(exc.field, exc.field)}: {reason}"
    return reason
