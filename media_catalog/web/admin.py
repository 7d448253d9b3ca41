"""Administration pages (admins only): the accounts and their roles, access grants to
restricted media items, and the audit log as a feed and per record."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for
from flask_babel import gettext

from .. import accounts, audit
from .. import grants as access_grants
from ..errors import FieldError
from ..models import USER_ROLES
from . import forms
from .auth import role_required
from .context import db
from .error_text import describe

bp = Blueprint("admin", __name__, url_prefix="/admin")
FEED_PAGE = 100


@bp.get("/users")
@role_required("admin")
def users():  # type: ignore[no-untyped-def]
    return render_template("admin/users.html", users=accounts.users(db()), roles=USER_ROLES)


@bp.post("/users/role")
@role_required("admin")
def set_role():  # type: ignore[no-untyped-def]
    return forms.save(
        lambda session: accounts.set_role(
            session, request.form.get("email", ""), request.form.get("role", ""), g.user
        ),
        done=lambda user: gettext("%(email)s is now %(role)s.", email=user.email, role=user.role),
        failed="",
        target=url_for("admin.users"),
    )


@bp.get("/grants")
@role_required("admin")
def grants():  # type: ignore[no-untyped-def]
    session = db()
    return render_template(
        "admin/grants.html",
        grants=access_grants.access_grants(session),
        items=access_grants.restricted_items(session),
        users=accounts.users(session),
    )


@bp.post("/grants")
@role_required("admin")
def add_grant():  # type: ignore[no-untyped-def]
    email, media = request.form.get("email", ""), request.form.get("media", "")
    return forms.save(
        lambda session: access_grants.grant_access(
            session, email, media, g.user, request.form.get("note", "")
        ),
        done=gettext("%(email)s may now see %(media)s.", email=email, media=media),
        failed="",
        target=url_for("admin.grants"),
    )


@bp.post("/grants/withdraw")
@role_required("admin")
def withdraw_grant():  # type: ignore[no-untyped-def]
    email, media = request.form.get("email", ""), request.form.get("media", "")
    return forms.save(
        lambda session: access_grants.withdraw_access(session, email, media, g.user),
        done=gettext("%(email)s may no longer see %(media)s.", email=email, media=media),
        failed="",
        target=url_for("admin.grants"),
    )


@bp.get("/audit")
@role_required("admin")
def audit_feed():  # type: ignore[no-untyped-def]
    """Every change, newest first; ?type=annotation&id=42 narrows it to one record's history;
    ?who=&what=&action=&since= answer a question (audit.QUESTIONS)."""
    session = db()
    args = request.args
    object_type, object_id = args.get("type"), args.get("id")
    asked = {k: args.get(k, "").strip() for k in ("who", "what", "action", "since")}
    error = None
    if object_type and object_id:
        events = audit.history(session, object_type, object_id)
    elif any(asked.values()):
        try:
            events = audit.search(
                session,
                who=asked["who"] or None,
                what=asked["what"] or None,
                action=asked["action"] or None,
                object_type=object_type or None,
                since=audit.parse_since(asked["since"]),
                limit=FEED_PAGE,
            )
        except FieldError as exc:
            events, error = [], describe(exc)
    else:
        before = forms.number_arg("before")
        events = audit.feed(session, limit=FEED_PAGE, before_id=before)
    return render_template(
        "admin/audit.html",
        events=events,
        object_type=object_type,
        object_id=object_id,
        asked=asked,
        questions=audit.QUESTIONS,
        record_names=audit.RECORD_NAMES,
        error=error,
        more=not object_id and not any(asked.values()) and len(events) == FEED_PAGE,
    )
