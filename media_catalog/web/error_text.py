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
    "action": lazy_pgettext("form field", "action"),
    "add": lazy_pgettext("form field", "add"),
    "confirm": lazy_pgettext("form field", "confirm"),
    "credit_line": lazy_pgettext("form field", "credit_line"),
    "days": lazy_pgettext("form field", "days"),
    "entry": lazy_pgettext("form field", "entry"),
    "form": lazy_pgettext("form field", "form"),
    "given_on": lazy_pgettext("form field", "given_on"),
    "handle_after": lazy_pgettext("form field", "handle_after"),
    "handle_before": lazy_pgettext("form field", "handle_before"),
    "merge": lazy_pgettext("form field", "merge"),
    "order": lazy_pgettext("form field", "order"),
    "override_reason": lazy_pgettext("form field", "override_reason"),
    "position": lazy_pgettext("form field", "position"),
    "rate": lazy_pgettext("form field", "rate"),
    "reel": lazy_pgettext("form field", "reel"),
    "restriction_note": lazy_pgettext("form field", "restriction_note"),
    "reuse_terms": lazy_pgettext("form field", "reuse_terms"),
    "rights_holder": lazy_pgettext("form field", "rights_holder"),
    "rights_uri": lazy_pgettext("form field", "rights_uri"),
    "section": lazy_pgettext("form field", "section"),
    "segment": lazy_pgettext("form field", "segment"),
    "since": lazy_pgettext("form field", "since"),
    "slug": lazy_pgettext("form field", "slug"),
    "source_in": lazy_pgettext("form field", "source_in"),
    "span": lazy_pgettext("form field", "span"),
    "stop": lazy_pgettext("form field", "stop"),
    "text": lazy_pgettext("form field", "text"),
    "valid_until": lazy_pgettext("form field", "valid_until"),
    "visibility": lazy_pgettext("form field", "visibility"),
    "what": lazy_pgettext("form field", "what"),
    "wikidata_id": lazy_pgettext("form field", "wikidata_id"),
}


def describe(exc: CatalogError) -> str:
    """`field: reason` (or the error's own words), in the reader's language."""
    reason = exc.reason_in(locale_formats.translate())
    if isinstance(exc, FieldError):
        return f"{FIELD_LABELS.get(exc.field, exc.field)}: {reason}"
    return reason
