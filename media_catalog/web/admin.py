"""Administration pages: the accounts and their roles (admins only)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from .. import accounts
from ..models import USER_ROLES
from . import db
from .auth import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@role_required("admin")
def users():  # type: ignore[no-untyped-def]
    return render_template("admin/users.html", users=accounts.users(db()), roles=USER_ROLES)


@bp.post("/users/role")
@role_required("admin")
def set_role():  # type: ignore[no-untyped-def]
    session = db()
    try:
        user = accounts.set_role(
            session, request.form.get("email", ""), request.form.get("role", ""), g.user
        )
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        session.commit()
        flash(f"{user.email} is now {user.role}.")
    return redirect(url_for("admin.users"))
