"""Signing in and out, the current user on `g.user`, and `role_required` for views that need
an account. Anonymous visitors are public viewers; restricted material still answers 404.
The signed cookie holds the user's id and session generation; a cookie whose generation the
account has moved past (sign-out, new password or role) signs in no one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext

from .. import access, accounts
from ..models import User
from ..wording import N_
from .context import db
from .error_text import describe

bp = Blueprint("auth", __name__)
GENERATION = "session_generation"


def load_user() -> None:
    user_id = session.get("user_id")
    user = db().get(User, user_id) if user_id is not None else None
    if user is not None and session.get(GENERATION) != user.session_generation:
        user = None  # revoked on the server since this cookie was signed
    if user is None and user_id is not None:
        session.pop("user_id")
        session.pop(GENERATION, None)
    g.user = user


def role_required(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Anonymous visitors are sent to sign in (401 for the API); a lesser role gets 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.user is None:
                if request.path.startswith("/api/"):
                    abort(401, N_("Sign in first."))
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not access.has_role(g.user, role):
                abort(403, N_("Your account may not do this."))
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _safe_next(target: str | None) -> str:
    """Only paths on this site: an open redirect would make the login page a phishing aid.
    Browsers drop tabs and newlines from a URL (`/\t/evil.example` becomes `//evil.example`)
    and a control character cannot go in a Location header, so any of them refuses the
    target; what is left must parse as a path with no scheme and no host."""
    if not target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return url_for("browse.home")
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return url_for("browse.home")
    return target


def _check_sign_in(email: str, password: str) -> User | None:
    """The claim on the throttle is committed before the slow password check, so parallel
    requests see it: at most MAX_FAILURES checks per account and address in the window."""
    address = request.remote_addr or "unknown"
    accounts.claim_attempt(db(), email, address)
    db().commit()
    return accounts.check_credentials(db(), email, password, address)


def _start_session(user: User) -> None:
    generation = accounts.revoke_sessions(db(), user)  # rotation: older cookies sign in no one
    db().commit()
    session.clear()  # a fresh session on sign-in: no fixation of a planted session
    session["user_id"] = user.id
    session[GENERATION] = generation


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    error, status = None, 200
    email = request.form.get("email", "")
    if request.method == "POST":
        try:
            user = _check_sign_in(email, request.form.get("password", ""))
        except accounts.Throttled as exc:
            user, error, status = None, describe(exc), 429
        if user is not None:
            _start_session(user)
            return redirect(_safe_next(request.args.get("next")))
        db().rollback()  # nothing left to keep: a wrong password's claim is committed already
        if error is None:
            error, status = gettext("Wrong email or password."), 401
    return render_template(
        "auth/login.html", error=error, email=email, next=request.args.get("next")
    ), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    if g.user is not None:
        accounts.revoke_sessions(db(), g.user)  # the cookie, if kept or stolen, is dead too
        db().commit()
    session.clear()
    flash(gettext("You are signed out."))
    return redirect(url_for("browse.home"))
