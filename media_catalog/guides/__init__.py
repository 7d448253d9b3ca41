"""Discussion guides for screening hosts: who may open and edit a guide, and every edit made
to one (settings, sections, moments, the current stop of a screening) under an optimistic lock.
Drafting a new guide is in drafting.py, reading one as a visitor may see it in views.py, its
printed outputs in outputs.py. No Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, object_session, selectinload

from .. import access, audit
from ..errors import FieldError, NotFound
from ..models import (
    GUIDE_VISIBILITIES,
    SECTION_KINDS,
    Entity,
    Film,
    Guide,
    GuideMoment,
    GuideSection,
    MediaItem,
    Transcript,
    User,
    film_media,
)
from ..wording import N_

TITLE_MAX = 300
BODY_MAX = 20_000
QUESTIONS_MAX = 30
IN_SECTION = N_("%(reason)s, in section “%(section)s”")

# Section headings, in English here and the command line, in the host's language where
# drafted from the web (web/guide_builder.py shows the same words translated).
SECTION_LABELS = {
    "summary": N_("Film summary"),
    "using": N_("Using this guide"),
    "people": N_("Featured people"),
    "background": N_("Background and timeline"),
    "scene": N_("Scene"),
    "action": N_("Taking action"),
    "resources": N_("Delve deeper"),
    "activity": N_("Activity"),
    "text": N_("Section"),
}


class GuideError(FieldError):
    """A guide edit that cannot be saved: names the field and the reason."""


def can_edit(user: User | None, guide: Guide) -> bool:
    """The host who owns the guide, or an admin."""
    if user is None or not access.has_role(user, "host"):
        return False
    return guide.owner_id == user.id or user.role == "admin"


def can_open(user: User | None, guide: Guide) -> bool:
    return guide.visibility in ("link", "published") or can_edit(user, guide)


def guide_by_token(session: Session, user: User | None, token: str) -> Guide:
    """The guide if this visitor may open it; NotFound otherwise (a private guide's existence
    does not leak)."""
    guide = session.scalar(
        select(Guide).where(Guide.token == token).options(selectinload(Guide.film))
    )
    if guide is None or not can_open(user, guide):
        raise NotFound("not found")
    return guide


def editable_guide(session: Session, user: User | None, token: str) -> Guide:
    guide = guide_by_token(session, user, token)
    if not can_edit(user, guide):
        raise NotFound("not found")
    return guide


def guides_of(session: Session, user: User | None) -> list[Guide]:
    if user is None:
        return []
    query = select(Guide).where(Guide.owner_id == user.id)
    return list(session.scalars(query.order_by(Guide.updated_at.desc())))


def published_guides(session: Session, film: Film | None = None) -> list[Guide]:
    query = select(Guide).where(Guide.visibility == "published")
    if film is not None:
        query = query.where(Guide.film_id == film.id)
    return list(session.scalars(query.order_by(Guide.title)))


def guide_language(guide: Guide) -> str:
    """The language a guide is written in, which its excerpts are shown in where a translation
    allows (its own field; a new guide takes its film's first language)."""
    return guide.language


def film_language(film: Film) -> str:
    """A new guide's language: its film's first (English when the film names none)."""
    return film.languages[0] if film.languages else "en"


def language_choices(session: Session, user: User | None, guide: Guide) -> list[str]:
    """The languages a guide may be written in: those the film's media this host may see
    have transcripts in (an excerpt can be quoted in them), and the guide's own."""
    found = session.scalars(
        select(Transcript.language)
        .join(MediaItem, MediaItem.id == Transcript.media_item_id)
        .join(film_media, film_media.c.media_item_id == MediaItem.id)
        .where(film_media.c.film_id == guide.film_id, access.transcript_visible(user))
        .distinct()
    )
    return sorted({*found, guide.language})


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise GuideError("title", N_("a title is needed"))
    if len(title) > TITLE_MAX:
        raise GuideError("title", N_("longer than %(max)d characters"), max=TITLE_MAX)
    return title


def _state(guide: Guide) -> dict[str, Any]:
    return {
        "title": guide.title,
        "visibility": guide.visibility,
        "language": guide.language,
        "version": guide.version,
    }


def _bump(session: Session, user: User | None, guide: Guide, version: int, what: str) -> None:
    """Claim the guide at `version` with one conditional UPDATE (two tabs cannot both win);
    audit.StaleEdit, nothing written, when someone saved it since."""
    result = session.execute(
        update(Guide)
        .where(Guide.id == guide.id, Guide.version == version)
        .values(version=version + 1, updated_at=func.now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(guide)
        raise audit.StaleEdit(
            "guide", str(guide.id), _state(guide), audit.last_change(session, "guide", guide.id)
        )
    session.refresh(guide)
    audit.record(session, user, "update", "guide", guide.id, note=what)


def update_settings(
    session: Session,
    user: User,
    guide: Guide,
    version: int,
    *,
    title: str,
    visibility: str,
    language: str | None = None,
) -> None:
    """Title, sharing and language (None keeps the language as it is)."""
    if visibility not in GUIDE_VISIBILITIES:
        raise GuideError(
            "visibility", N_("one of %(choices)s"), choices=", ".join(GUIDE_VISIBILITIES)
        )
    title = clean_title(title)
    language = guide.language if language is None else language.strip()
    if language not in language_choices(session, user, guide):
        choices = ", ".join(language_choices(session, user, guide))
        raise GuideError(
            "language",
            N_("'%(language)s' is not one of the film's languages (%(choices)s)"),
            language=language,
            choices=choices,
        )
    _bump(session, user, guide, version, f"settings: {visibility}, {language}")
    guide.title, guide.visibility, guide.language = title, visibility, language
    session.flush()


def _section(guide: Guide, section_id: int) -> GuideSection:
    for section in guide.sections:
        if section.id == section_id:
            return section
    raise NotFound("not found")


@dataclass
class SectionEdit:
    """What the builder's form says of one section. `keep_entities` (the featured people or
    events left ticked; None when the form did not show them) and `add_entity` (a name or slug)
    edit its list."""

    section_id: int
    title: str
    body: str
    questions: str
    start_ms: int | None = None
    end_ms: int | None = None
    keep_entities: list[str] | None = None
    add_entity: str = ""


@dataclass
class MomentEdit:
    """What the builder's form says of one moment: its times, note and section."""

    moment_id: int
    section_id: int
    start_ms: int
    end_ms: int | None
    note: str


def save_guide(
    session: Session,
    user: User,
    guide: Guide,
    version: int,
    sections: list[SectionEdit],
    moments: list[MomentEdit],
) -> None:
    """Save every section and moment the builder's one form carries, in one claim of the
    guide: all of them or, when one field is wrong, none (nobody's typing is half-kept)."""
    checked = [_checked_section(session, user, guide, edit) for edit in sections]
    moved = [_checked_moment_edit(guide, edit) for edit in moments]
    _bump(session, user, guide, version, f"{len(checked)} sections, {len(moved)} moments")
    for section, values in checked:
        for name, value in values.items():
            setattr(section, name, value)
    for moment, target, values in moved:
        _place_moment(moment, target)
        for name, value in values.items():
            setattr(moment, name, value)
    session.flush()


def _checked_section(
    session: Session, user: User, guide: Guide, edit: SectionEdit
) -> tuple[GuideSection, dict[str, Any]]:
    """The section and its new values; GuideError names what is wrong (and which section)."""
    section = _section(guide, edit.section_id)
    try:
        title = clean_title(edit.title)
        featured = section.entity_slugs
        if edit.keep_entities is not None or edit.add_entity.strip():
            featured = _featured(session, user, section, edit.keep_entities, edit.add_entity)
        if len(edit.body) > BODY_MAX:
            raise GuideError("body", N_("longer than %(max)d characters"), max=BODY_MAX)
        asked = [" ".join(q.split()) for q in edit.questions.splitlines() if q.strip()]
        if len(asked) > QUESTIONS_MAX:
            raise GuideError("questions", N_("more than %(max)d questions"), max=QUESTIONS_MAX)
        if edit.start_ms is not None and edit.end_ms is not None and edit.end_ms <= edit.start_ms:
            raise GuideError("end", "the end must come after the start")
    except GuideError as exc:
        raise GuideError(exc.field, IN_SECTION, reason=exc, section=section.title) from None
    values = {"title": title, "body": edit.body.strip(), "questions": asked}
    values |= {"start_ms": edit.start_ms, "end_ms": edit.end_ms, "entity_slugs": featured}
    return section, values


def _featured(
    session: Session, user: User, section: GuideSection, keep: list[str] | None, add: str
) -> list[str]:
    """The section's entity slugs after the host's edit. Entities this host may not see were
    not on their form: they stay as they were."""
    shown = set(
        session.scalars(
            select(Entity.slug).where(
                Entity.slug.in_(section.entity_slugs), access.entity_visible(user)
            )
        )
    )
    kept = set(section.entity_slugs if keep is None else keep)
    slugs = [slug for slug in section.entity_slugs if slug not in shown or slug in kept]
    wanted = " ".join(add.split())
    if wanted:
        entity = session.scalar(
            select(Entity)
            .where(
                or_(Entity.slug == wanted, func.lower(Entity.name) == wanted.lower()),
                access.entity_visible(user),
            )
            .limit(1)
        )
        if entity is None:
            raise GuideError(
                "add", N_("no person, event or place called '%(name)s' in the catalog"), name=wanted
            )
        if entity.slug not in slugs:
            slugs.append(entity.slug)
    return slugs


def add_section(
    session: Session, user: User, guide: Guide, version: int, *, kind: str, title: str
) -> GuideSection:
    if kind not in SECTION_KINDS:
        raise GuideError("kind", N_("one of %(choices)s"), choices=", ".join(SECTION_KINDS))
    title = clean_title(title or SECTION_LABELS[kind])
    _bump(session, user, guide, version, "section added")
    section = GuideSection(
        kind=kind,
        title=title,
        body="",
        questions=[],
        entity_slugs=[],
        position=len(guide.sections),
    )
    guide.sections.append(section)
    session.flush()
    return section


def move_section(
    session: Session, user: User, guide: Guide, version: int, section_id: int, step: int
) -> None:
    """Move a section one place up (step -1) or down (+1)."""
    sections = list(guide.sections)
    section = _section(guide, section_id)
    index = sections.index(section)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(sections):
        raise GuideError("position", N_("the section is already at that end"))
    _bump(session, user, guide, version, f"section {section.id} moved")
    sections[index], sections[target] = sections[target], sections[index]
    _renumber(session, sections)


def _renumber(session: Session, sections: list[GuideSection]) -> None:
    # Positions carry no unique constraint, so renumbering needs no shuffle through negatives.
    for position, section in enumerate(sections):
        section.position = position
    session.flush()


def delete_section(
    session: Session, user: User, guide: Guide, version: int, section_id: int
) -> None:
    section = _section(guide, section_id)
    _bump(session, user, guide, version, f"section {section.id} deleted")
    guide.sections.remove(section)
    session.flush()
    _renumber(session, list(guide.sections))


def add_moment(
    session: Session,
    user: User,
    guide: Guide,
    section_id: int,
    media: MediaItem,
    start_ms: int,
    end_ms: int | None,
    note: str = "",
) -> GuideMoment:
    """Add a stretch of a media item the host may see to a section (no version needed: adding
    from the player or search results never overwrites anyone's edit)."""
    access.require_visible(user, media)
    section = _section(guide, section_id)
    end_ms = _checked_moment(media, start_ms, end_ms, note)
    moment = GuideMoment(
        media_item_id=media.id,
        start_ms=start_ms,
        end_ms=end_ms,
        note=note.strip(),
        position=len(section.moments),
    )
    section.moments.append(moment)
    guide.version += 1
    session.flush()
    audit.record(
        session,
        user,
        "create",
        "guide_moment",
        moment.id,
        after={"guide": guide.token, "media": media.slug, "start_ms": start_ms, "end_ms": end_ms},
    )
    return moment


def _checked_moment(media: MediaItem, start_ms: int, end_ms: int | None, note: str) -> int:
    """The moment's end (30 s after its start when not given); GuideError names what is wrong."""
    if end_ms is None:
        end_ms = start_ms + 30_000
    if start_ms < 0 or end_ms <= start_ms:
        raise GuideError("end", "the end must come after the start")
    if media.duration_ms and start_ms >= media.duration_ms:
        raise GuideError("start", N_("past the end of the media"))
    if len(note) > BODY_MAX:
        raise GuideError("note", N_("longer than %(max)d characters"), max=BODY_MAX)
    return end_ms


def _moment(guide: Guide, moment_id: int) -> GuideMoment:
    for section in guide.sections:
        for moment in section.moments:
            if moment.id == moment_id:
                return moment
    raise NotFound("not found")


def _checked_moment_edit(
    guide: Guide, edit: MomentEdit
) -> tuple[GuideMoment, GuideSection, dict[str, Any]]:
    moment = _moment(guide, edit.moment_id)
    target = _section(guide, edit.section_id)
    end_ms = _checked_moment(moment.media_item, edit.start_ms, edit.end_ms, edit.note)
    return moment, target, {"start_ms": edit.start_ms, "end_ms": end_ms, "note": edit.note.strip()}


def _place_moment(moment: GuideMoment, target: GuideSection) -> None:
    """Move the moment to the end of another section (nothing when it is there already)."""
    if target.id == moment.section_id:
        return
    # No flush in between: a moment out of every section for a moment would be deleted.
    session = object_session(moment)
    assert session is not None
    with session.no_autoflush:
        position = len(target.moments)
        moment.section = target
        moment.position = position


def delete_guide(session: Session, user: User, guide: Guide) -> None:
    audit.record(session, user, "delete", "guide", guide.id, before={"title": guide.title})
    session.delete(guide)
    session.flush()


def delete_moment(session: Session, user: User, guide: Guide, moment_id: int) -> None:
    moment = _moment(guide, moment_id)
    moment.section.moments.remove(moment)
    guide.version += 1
    audit.record(session, user, "delete", "guide_moment", moment_id)
    session.flush()


def scenes(guide: Guide) -> list[GuideSection]:
    """The stops of a screening: scene sections with a film time, in film order."""
    timed = [s for s in guide.sections if s.kind == "scene" and s.start_ms is not None]
    return sorted(timed, key=lambda s: (s.start_ms or 0, s.position))


def set_current_stop(session: Session, user: User, guide: Guide, stop: int | None) -> None:
    if stop is not None and not 0 <= stop < len(scenes(guide)):
        raise GuideError("stop", N_("no such scene"))
    guide.current_stop = stop
    session.flush()
