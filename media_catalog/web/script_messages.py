"""The interface's scripts speak the reader's language too: the messages they write are
marked `gettext("…")` / `ngettext("…", "…", n)` in static/*.js, read from there by Babel's
JavaScript extractor (the same one `scripts/translations.sh extract` runs), and served per
language as a small script (`/i18n/<language>.js`) that static/i18n.js reads. A plural is
sent as its forms by CLDR category ("one", "few", "many", "other"), which the browser's
Intl.PluralRules picks from, so Russian's three forms and Hebrew's come out right."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract_from_file
from flask import Blueprint, Flask, Response, abort, request, url_for
from flask_babel import force_locale, get_locale, get_translations

from .locale import LANGUAGES

STATIC = Path(__file__).resolve().parents[1] / "static"
KEYWORDS = {"gettext": None, "ngettext": (1, 2)}
SAMPLES = range(0, 200)  # numbers enough to meet every plural category of a language
LARGE = 1_000_000

bp = Blueprint("script_messages", __name__)


@cache
def marked_messages() -> tuple[str | tuple[str, str], ...]:
    """Every message the scripts mark, in the order they appear: a string, or (singular,
    plural)."""
    found: dict[str | tuple[str, str], None] = {}
    for path in sorted(STATIC.glob("*.js")):
        for _line, message, _comments, _context in extract_from_file(
            "javascript", path, keywords=KEYWORDS
        ):
            found[tuple(message) if isinstance(message, (tuple, list)) else message] = None
    return tuple(found)


def catalog(language: str) -> dict[str, str | dict[str, str]]:
    """The scripts' messages in `language`: the translation of each, and of each plural its
    form per CLDR category."""
    samples: dict[str, int] = {}
    for number in SAMPLES:
        samples.setdefault(Locale.parse(language).plural_form(number), number)
    with force_locale(language):
        translations = get_translations()
        messages: dict[str, str | dict[str, str]] = {}
        for message in marked_messages():
            if isinstance(message, tuple):
                singular, plural = message
                forms = {
                    category: translations.ungettext(singular, plural, number)
                    for category, number in samples.items()
                }
                # "other" is met by fractions alone in some languages (Russian): gettext's
                # forms count whole things, so it gets the form of a large count.
                forms.setdefault("other", translations.ungettext(singular, plural, LARGE))
                messages[singular] = forms
            else:
                messages[message] = translations.ugettext(message)
    return messages


@cache
def _script(language: str) -> tuple[str, str]:
    body = json.dumps({"language": language, "messages": catalog(language)}, ensure_ascii=False)
    text = f"window.MC_MESSAGES = {body};\n"
    return text, hashlib.sha256(text.encode()).hexdigest()[:16]


def script_url(language: str) -> str:
    """The catalog's address, named by its contents: a page after a deploy asks for the new
    one, so the browser may keep each for long."""
    return url_for("script_messages.script", language=language, v=_script(language)[1])


@bp.get("/i18n/<language>.js")
def script(language: str) -> Response:
    if language not in LANGUAGES:
        abort(404)
    text, version = _script(language)
    response = Response(text, mimetype="text/javascript")
    response.set_etag(version)
    if request.args.get("v") == version:
        response.cache_control.public = True
        response.cache_control.max_age = 365 * 24 * 3600
        response.cache_control.immutable = True
    return response.make_conditional(request)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(lambda: {"ui_script_messages": script_url(str(get_locale() or "en"))})
