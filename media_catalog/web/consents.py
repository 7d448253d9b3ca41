"""Consent records on the item's and the person's pages (editors and admins only): record one
with its signed form, withdraw it, open the form; and `check`, which every use of material in
public, at a screening or on broadcast calls before going ahead (consent.py decides)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, g, request
from flask_babel import gettext, lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, consent
from ..errors import FieldError
from ..models import CONSENT_USES, Entity, MediaItem
from . import delivery, forms
from .auth import _safe_next, role_required
from .context import db

bp = Blueprint("consents", __name__, url_prefix="/consents")


def _consent_dir() -> Path:
    return Path(current_app.config["CONSENT_DIR"])


def check(
    session: Session, items: list[MediaItem], use: str, target: tuple[str, str]
) -> list[consent.Gap]:
    """consent.check_use with the request's override reason (a field only admins' forms show)
    and the site's policy for interviews with no consent on record."""
    reason = request.form.get("override_reason") if request.method == "POST" else None
    return consent.check_use(
        session,
        g.user,
        items,
        use,
        target,
        override_reason=reason if reason is not None and request.form.get("override") else None,
        unrecorded=current_app.config["CONSENT_UNRECORDED"],
    )


def panel(item: MediaItem | None = None, person: Entity | None = None) -> dict[str, Any] | None:
    """What the consent panel shows an editor on an item's or a person's page; None to others."""
    if not access.has_role(g.get("user"), "editor"):
        return None
    session = db()
    if item is not None:
        records = consent.consents_for_item(session, item)
        today = consent.today_utc()
        unrecorded = current_app.config["CONSENT_UNRECORDED"]
        gaps = {
            use: consent.item_gaps(session, item, use, today, unrecorded) for use in CONSENT_USES
        }
        return {"records": records, "narrators": consent.narrators(session, item), "gaps": gaps}
    assert person is not None
    return {"records": consent.consents_for_person(session, person), "narrators": [], "gaps": {}}


def _subject(session: Session) -> tuple[MediaItem | None, Entity | None]:
    form = request.form
    item = person = None
    if form.get("media"):
        item = session.scalar(select(MediaItem).where(MediaItem.slug == form["media"]))
        if item is None:
            raise FieldError("media", gettext("no media item %(slug)s", slug=repr(form["media"])))
    if form.get("person"):
        person = session.scalar(select(Entity).where(Entity.slug == form["person"]))
        if person is None:
            raise FieldError("person", gettext("no person %(slug)s", slug=repr(form["person"])))
    return item, person


@bp.post("")
@role_required("editor")
def record():  # type: ignore[no-untyped-def]
    form, upload = request.form, request.files.get("form")

    def save(session: Session) -> consent.Consent:
        item, person = _subject(session)
        return consent.record_consent(
            session,
            g.user,
            _consent_dir(),
            uses=form.getlist("uses"),
            given_on=form.get("given_on", ""),
            valid_until=form.get("valid_until", ""),
            note=form.get("note", ""),
            item=item,
            person=person,
            form=(upload.filename or "", upload.read()) if upload else None,
        )

    return forms.save(
        save,
        done=gettext("Consent recorded."),
        failed=gettext("Consent not recorded"),
        target=_back(),
    )


@bp.post("/<int:consent_id>/withdraw")
@role_required("editor")
def withdraw(consent_id: int):  # type: ignore[no-untyped-def]
    return forms.save(
        lambda session: consent.withdraw_consent(session, g.user, _consent_dir(), consent_id),
        done=gettext("Consent withdrawn."),
        failed=gettext("Consent not withdrawn"),
        target=_back(),
    )


@bp.get("/<int:consent_id>/form")
@role_required("editor")
def signed_form(consent_id: int):  # type: ignore[no-untyped-def]
    record = consent.consent_by_id(db(), consent_id)
    path, mimetype = consent.form_file(_consent_dir(), record)
    response = delivery.send(path, mimetype, as_attachment=True, download_name=path.name)
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


# The uses as pages name them, in the reader's language (consent.USE_LABELS, marked for the
# catalogs, is the English that exports and the command line write).
USE_LABELS = {use: lazy_gettext(label) for use, label in consent.USE_LABELS.items()}


def _back() -> str:
    return _safe_next(request.form.get("next")) + "#consent"


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(consent_panel=panel, consent_uses=USE_LABELS)
