"""The interface language: Flask-Babel set up with the ru and he catalogs in
media_catalog/translations, the visitor's choice remembered in the `lang` cookie (and for a
signed-in user also stored as `users.preferred_language`), Accept-Language as the fallback.
Paths carry no language prefix, so a link shared from a Hebrew page opens in the reader's
own language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, g, redirect, request, url_for
from flask_babel import Babel, force_locale, get_locale, gettext
from werkzeug.wrappers import Response

from ..languages import RIGHT_TO_LEFT
from . import locale_formats
from .context import db

LANGUAGES = ("en", "ru", "he")
# What the switcher shows: each language in its own name, so a reader finds theirs.
NATIVE_NAMES = {"en": "English", "ru": "Русский", "he": "עברית"}
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("locale", __name__)


def select_locale() -> str:
    """The cookie wins (it is what the visitor last chose, on this browser), then the account's
    stored preference, then the browser's Accept-Language, then English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    user = g.get("user")
    stored = getattr(user, "preferred_language", None)
    if stored in LANGUAGES:
        return str(stored)
    return request.accept_languages.best_match(LANGUAGES) or "en"


def text_direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def _back() -> str:
    """The page the switcher was on, from the Referer: the form does not echo the page's own
    URL (a 404 for a restricted item would then show its address). Only a path on this site,
    so the switcher is no open redirect."""
    came_from = urlsplit(request.referrer or "")
    path = came_from.path
    if came_from.netloc == request.host and path.startswith("/") and not path.startswith("//"):
        return path + (f"?{came_from.query}" if came_from.query else "")
    return url_for("browse.home")


@bp.post("/language")
def choose() -> Response:
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        flash(gettext("Unknown language: %(code)s.", code=language[:20]), "error")
        return redirect(_back())
    if g.get("user") is not None:
        g.user.preferred_language = language
        db().commit()
    response = redirect(_back())
    response.set_cookie(
        COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure
    )
    # The confirmation is written in the chosen language, not the one the request came in.
    with force_locale(language):
        flash(gettext("The interface is now shown in this language."), "ok")
    return response


def _template_values() -> dict[str, object]:
    language = str(get_locale() or "en")
    return {
        "ui_language": language,
        "ui_direction": text_direction(language),
        "ui_languages": [(code, NATIVE_NAMES[code]) for code in LANGUAGES],
    }


def _say_language(response: Response) -> Response:
    """A page names its language, and tells caches it was chosen by the `lang` cookie or the
    browser's Accept-Language, so that a shared cache never hands a Hebrew page to a Russian
    reader at the same address. Media bytes and other files are the same in every language."""
    if response.mimetype == "text/html":
        response.headers["Content-Language"] = str(get_locale() or "en")
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def register(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)
    app.context_processor(_template_values)
    app.after_request(_say_language)
    locale_formats.register(app)
    app.register_blueprint(bp)
