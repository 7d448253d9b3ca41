"""The guide builder's one form: title and sharing, every section and every moment in one POST,
so saving (or moving, deleting, adding a section) never drops what was typed elsewhere on the
page. Reads the form into the domain's edits; guides.py decides what they mean."""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import guides
from ..errors import FieldError
from ..guides import IN_SECTION, MomentEdit, SectionEdit
from ..models import Guide, GuideMoment, GuideSection, MediaItem
from . import consents, forms

ACTION_DONE = {
    "save": lazy_gettext("Guide saved."),
    "add": lazy_gettext("Guide saved; section added at the end."),
    "up": lazy_gettext("Guide saved; section moved up."),
    "down": lazy_gettext("Guide saved; section moved down."),
    "delete": lazy_gettext("Guide saved; section deleted."),
    "remove": lazy_gettext("Guide saved; moment removed."),
}
# The kinds of section and who may open a guide, as the builder shows them in the reader's
# language (guides.SECTION_LABELS, marked for the catalogs, is the English).
SECTION_LABELS = {kind: lazy_gettext(label) for kind, label in guides.SECTION_LABELS.items()}
VISIBILITY_LABELS = {
    "private": lazy_gettext("Only me"),
    "link": lazy_gettext("Anyone with the link"),
    "published": lazy_gettext("Published: listed on the film page"),
}


def action() -> tuple[str, int | None]:
    """The button pressed: `save`, `add`, or `up`/`down`/`delete` a section, `remove` a
    moment, with its id (`up-12`); anything else saves."""
    verb, _, number = request.form.get("action", "save").partition("-")
    if verb not in ACTION_DONE or (verb not in ("save", "add") and not number.isdecimal()):
        return "save", None
    return verb, int(number) if number.isdecimal() and int(number) <= forms.MAX_NUMBER else None


def section_edits(guide: Guide) -> list[SectionEdit]:
    """What the form says of each section it showed (a section added since, in another tab,
    is not on it and stays as it is)."""
    return [_section_edit(s) for s in guide.sections if f"s{s.id}-title" in request.form]


def _section_edit(section: GuideSection) -> SectionEdit:
    form, prefix = request.form, f"s{section.id}-"
    try:
        start_ms, end_ms = forms.time_ms(prefix + "start"), forms.time_ms(prefix + "end")
    except FieldError as exc:
        field = exc.field.removeprefix(prefix)
        raise FieldError(field, IN_SECTION, reason=exc, section=section.title) from None
    shown = bool(form.get(prefix + "entities_shown"))
    return SectionEdit(
        section.id,
        title=form.get(prefix + "title", ""),
        body=form.get(prefix + "body", ""),
        questions=form.get(prefix + "questions", ""),
        start_ms=start_ms,
        end_ms=end_ms,
        keep_entities=form.getlist(prefix + "entities") if shown else None,
        add_entity=form.get(prefix + "add_entity", ""),
    )


def moment_edits(guide: Guide) -> list[MomentEdit]:
    edits = []
    for section in guide.sections:
        for moment in section.moments:
            prefix = f"m{moment.id}-"
            if prefix + "start" not in request.form:
                continue
            edits.append(
                MomentEdit(
                    moment.id,
                    section_id=forms.whole_number(prefix + "section", "choose a section"),
                    start_ms=forms.time_ms(prefix + "start", required=True) or 0,
                    end_ms=forms.time_ms(prefix + "end"),
                    note=request.form.get(prefix + "note", ""),
                )
            )
    return edits


def save_form(session: Session, guide: Guide, version: int) -> str:
    """Everything the form carries, then the pressed button's action, in one transaction;
    returns the message to show."""
    form, user = request.form, g.user
    verb, target = action()
    sections, moments = section_edits(guide), moment_edits(guide)
    title, visibility = form.get("title"), form.get("visibility", "")
    language = form.get("language", guide.language)
    if title is not None and (" ".join(title.split()), visibility, language) != (
        guide.title,
        guide.visibility,
        guide.language,
    ):
        guides.update_settings(
            session, user, guide, version, title=title, visibility=visibility, language=language
        )
        version = guide.version
    if sections or moments:
        guides.save_guide(session, user, guide, version, sections, moments)
        version = guide.version
    _act(session, guide, version, verb, target)
    if guide.visibility != "private":  # shared or published: it is shown at screenings
        consents.check(session, _media_of(session, guide), "screening", ("guide", str(guide.id)))
    return str(ACTION_DONE[verb])


def _media_of(session: Session, guide: Guide) -> list[MediaItem]:
    """The media the guide's moments play, read after the save (not the loaded sections)."""
    session.flush()
    played = (
        select(GuideMoment.media_item_id)
        .join(GuideSection, GuideSection.id == GuideMoment.section_id)
        .where(GuideSection.guide_id == guide.id)
    )
    # IN, not DISTINCT: PostgreSQL cannot compare the items' JSON columns.
    query = select(MediaItem).where(MediaItem.id.in_(played))
    return list(session.scalars(query))


def _act(session: Session, guide: Guide, version: int, verb: str, target: int | None) -> None:
    """The pressed button's own change, at the version the save left (or the form's)."""
    form, user = request.form, g.user
    if verb == "add":
        kind, title = form.get("new_kind", ""), form.get("new_title", "").strip()
        if not title and kind in SECTION_LABELS:  # named in the language the host works in
            title = str(SECTION_LABELS[kind])
        guides.add_section(session, user, guide, version, kind=kind, title=title)
    elif verb in ("up", "down") and target is not None:
        step = -1 if verb == "up" else 1
        guides.move_section(session, user, guide, version, target, step)
    elif verb == "delete" and target is not None:
        guides.delete_section(session, user, guide, version, target)
    elif verb == "remove" and target is not None:
        guides.delete_moment(session, user, guide, target)
