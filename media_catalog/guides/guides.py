"""Discussion guides: drafting one from the catalog (summary, featured people, background and
timeline, the film's chapters as scenes with prompts), editing it under an optimistic lock, and
reading it as a given visitor may see it: moments and people filtered through access.py every
time a guide is shown or exported. No Flask here; outputs live in guide_outputs.py."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from .. import access, audit, catalog, timeline
from ..chapters import chapters_of, with_ends
from ..errors import CatalogError, NotFound
from ..models import (
    GUIDE_VISIBILITIES,
    SECTION_KINDS,
    Annotation,
    Entity,
    Film,
    Guide,
    GuideMoment,
    GuideSection,
    MediaItem,
    Segment,
    Transcript,
    User,
    film_media,
)
from ..timecode import format_short, parse_media_fragment

TITLE_MAX = 300
BODY_MAX = 20_000
QUESTIONS_MAX = 30
FEATURED_PEOPLE = 6
EXCERPT_CHARS = 600

SECTION_LABELS = {
    "summary": "Film summary",
    "using": "Using this guide",
    "people": "Featured people",
    "background": "Background and timeline",
    "scene": "Scene",
    "action": "Taking action",
    "resources": "Delve deeper",
    "activity": "Activity",
    "text": "Section",
}


class GuideError(CatalogError):
    """A guide edit that cannot be saved: names the field and the reason."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        super().__init__(f"{field}: {reason}")


# --- who may do what ------------------------------------------------------------------------


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


# --- drafting -------------------------------------------------------------------------------

USING_TEXT = (
    "This guide accompanies a screening of {title}. Read the film summary and the featured "
    "people before the event. During the screening the scenes below are the stops for "
    "discussion: each has its time in the film and a few questions. Every moment quoted from "
    "an interview or archival clip has a link and a QR code that opens it in the catalog's "
    "player, so participants can watch it again on a phone."
)
BACKGROUND_TEXT = "The events the film covers, in the order they happened."
ACTION_TEXT = (
    "Invite participants to find a story of emigration, exile or protest in their own family "
    "or community and to record it; to visit a local archive or library that keeps oral "
    "histories; or to write about a moment from the film that changed how they see the events."
)
RESOURCES_TEXT = (
    "The interviews and archival footage behind the film, with their full transcripts, are in "
    "the catalog: open the film's page, the timeline of events and the people pages."
)


def featured_people(
    session: Session, user: User | None, film: Film, limit: int = FEATURED_PEOPLE
) -> list[Entity]:
    """The people the film's media mention most in editor-confirmed links (all unrejected
    links when nothing is confirmed yet), as this user may see them."""
    confirmed = session.scalars(
        select(Entity)
        .select_from(Annotation)
        .join(MediaItem, MediaItem.id == Annotation.media_item_id)
        .join(film_media, film_media.c.media_item_id == MediaItem.id)
        .join(Entity, Entity.id == Annotation.entity_id)
        .outerjoin(Segment, Segment.id == Annotation.segment_id)
        .where(
            film_media.c.film_id == film.id,
            Entity.kind == "person",
            Annotation.status == "confirmed",
            access.annotation_visible(user),
        )
        .group_by(Entity.id)
        .order_by(func.count(Annotation.id).desc(), Entity.name)
        .limit(limit)
    ).all()
    if confirmed:
        return list(confirmed)
    return [person for person, _ in timeline.film_entities(session, user, film, "person", limit)]


def film_events(session: Session, user: User | None, film: Film) -> list[Entity]:
    """The events the film's media mention, in date order (undated last)."""
    events = [e for e, _ in timeline.film_entities(session, user, film, "event", limit=500)]
    return sorted(events, key=lambda e: (e.date_start is None, e.date_start or "", e.name))


def scene_prompts(title: str) -> list[str]:
    return [
        f"What did you see or hear in “{title}” that you did not know before?",
        "Whose voices carry this part of the story, and whose are missing?",
    ]


def draft_guide(session: Session, user: User, film: Film, title: str = "") -> Guide:
    """A new guide in the shape public-television screening guides use, drafted from what this
    host may see of the catalog; the caller commits."""
    guide = Guide(
        token=secrets.token_urlsafe(6),
        film_id=film.id,
        owner_id=user.id,
        title=_clean_title(title or f"{film.title}: a discussion guide"),
        visibility="private",
    )
    session.add(guide)
    about = film.synopsis
    if film.director or film.year:
        credit = ", ".join(str(p) for p in (film.director, film.year) if p)
        about = f"{about}\n\n{film.title} ({credit})." if about else f"{film.title} ({credit})."
    sections = [
        GuideSection(kind="summary", title="Film summary", body=about),
        GuideSection(
            kind="using", title="Using this guide", body=USING_TEXT.format(title=film.title)
        ),
        GuideSection(
            kind="people",
            title="Featured people",
            body="The people the film's interviews and footage speak of most.",
            entity_slugs=[p.slug for p in featured_people(session, user, film)],
        ),
        GuideSection(
            kind="background",
            title="Background and timeline",
            body=BACKGROUND_TEXT,
            entity_slugs=[e.slug for e in film_events(session, user, film)],
        ),
    ]
    for chapter, end in with_ends(chapters_of(session, film, user), film.running_time_ms):
        sections.append(
            GuideSection(
                kind="scene",
                title=chapter.title,
                body=chapter.description,
                questions=scene_prompts(chapter.title),
                start_ms=chapter.start_ms,
                end_ms=end,
            )
        )
    sections += [
        GuideSection(kind="action", title="Taking action", body=ACTION_TEXT),
        GuideSection(kind="resources", title="Delve deeper", body=RESOURCES_TEXT),
    ]
    for position, section in enumerate(sections):
        section.position = position
        section.questions = section.questions or []
        section.entity_slugs = section.entity_slugs or []
        guide.sections.append(section)
    session.flush()
    audit.record(session, user, "create", "guide", guide.id, after={"title": guide.title})
    return guide


# --- editing --------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise GuideError("title", "a title is needed")
    if len(title) > TITLE_MAX:
        raise GuideError("title", f"longer than {TITLE_MAX} characters")
    return title


def parse_time(field: str, text: str) -> int | None:
    """`1:23:45`, `83.5` or empty (None); GuideError names the field otherwise."""
    text = text.strip()
    if not text:
        return None
    start, _ = parse_media_fragment(f"t={text}")
    if start is None:
        raise GuideError(field, f"{text!r} is not a time (give 1:23:45 or seconds)")
    return start


def _state(guide: Guide) -> dict[str, Any]:
    return {"title": guide.title, "visibility": guide.visibility, "version": guide.version}


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
    session: Session, user: User, guide: Guide, version: int, *, title: str, visibility: str
) -> None:
    if visibility not in GUIDE_VISIBILITIES:
        raise GuideError("visibility", f"one of {', '.join(GUIDE_VISIBILITIES)}")
    title = _clean_title(title)
    _bump(session, user, guide, version, f"settings: {visibility}")
    guide.title, guide.visibility = title, visibility
    session.flush()


def _section(guide: Guide, section_id: int) -> GuideSection:
    for section in guide.sections:
        if section.id == section_id:
            return section
    raise NotFound("not found")


def update_section(
    session: Session,
    user: User,
    guide: Guide,
    version: int,
    section_id: int,
    *,
    title: str,
    body: str,
    questions: str,
    start: str = "",
    end: str = "",
    keep_entities: list[str] | None = None,
    add_entity: str = "",
) -> GuideSection:
    """Save a section's fields. `keep_entities` (the featured people or events left ticked;
    None when the form did not show them) and `add_entity` (a name or slug) edit its list."""
    section = _section(guide, section_id)
    title = _clean_title(title)
    featured = section.entity_slugs
    if keep_entities is not None or add_entity.strip():
        featured = _featured(session, user, section, keep_entities, add_entity)
    if len(body) > BODY_MAX:
        raise GuideError("body", f"longer than {BODY_MAX} characters")
    asked = [" ".join(q.split()) for q in questions.splitlines() if q.strip()]
    if len(asked) > QUESTIONS_MAX:
        raise GuideError("questions", f"more than {QUESTIONS_MAX} questions")
    start_ms, end_ms = parse_time("start", start), parse_time("end", end)
    if start_ms is not None and end_ms is not None and end_ms <= start_ms:
        raise GuideError("end", "the end must come after the start")
    _bump(session, user, guide, version, f"section {section.id}")
    section.title, section.body, section.questions = title, body.strip(), asked
    section.start_ms, section.end_ms = start_ms, end_ms
    section.entity_slugs = featured
    session.flush()
    return section


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
            raise GuideError("add", f"no person, event or place called {wanted!r} in the catalog")
        if entity.slug not in slugs:
            slugs.append(entity.slug)
    return slugs


def add_section(
    session: Session, user: User, guide: Guide, version: int, *, kind: str, title: str
) -> GuideSection:
    if kind not in SECTION_KINDS:
        raise GuideError("kind", f"one of {', '.join(SECTION_KINDS)}")
    title = _clean_title(title or SECTION_LABELS[kind])
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
        raise GuideError("position", "the section is already at that end")
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
        raise GuideError("start", "past the end of the media")
    if len(note) > BODY_MAX:
        raise GuideError("note", f"longer than {BODY_MAX} characters")
    return end_ms


def _moment(guide: Guide, moment_id: int) -> GuideMoment:
    for section in guide.sections:
        for moment in section.moments:
            if moment.id == moment_id:
                return moment
    raise NotFound("not found")


def update_moment(
    session: Session,
    user: User,
    guide: Guide,
    version: int,
    moment_id: int,
    *,
    section_id: int,
    start: str,
    end: str,
    note: str,
) -> GuideMoment:
    """Change a moment's times and note, or move it to another section (at its end)."""
    moment = _moment(guide, moment_id)
    target = _section(guide, section_id)
    start_ms = parse_time("start", start)
    if start_ms is None:
        raise GuideError("start", "a moment needs a start time")
    end_ms = _checked_moment(moment.media_item, start_ms, parse_time("end", end), note)
    _bump(session, user, guide, version, f"moment {moment.id}")
    if target.id != moment.section_id:
        # No flush in between: a moment out of every section for a moment would be deleted.
        with session.no_autoflush:
            position = len(target.moments)
            moment.section = target
            moment.position = position
    moment.start_ms, moment.end_ms, moment.note = start_ms, end_ms, note.strip()
    session.flush()
    return moment


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
        raise GuideError("stop", "no such scene")
    guide.current_stop = stop
    session.flush()


# --- reading, as one visitor may see it -----------------------------------------------------


@dataclass
class MomentView:
    moment: GuideMoment
    media: MediaItem
    excerpt: str
    language: str | None

    @property
    def label(self) -> str:
        return f"{format_short(self.moment.start_ms)}–{format_short(self.moment.end_ms)}"


@dataclass
class SectionView:
    section: GuideSection
    entities: list[Entity] = field(default_factory=list)
    moments: list[MomentView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.section.position + 1}"


@dataclass
class GuideView:
    guide: Guide
    film: Film
    sections: list[SectionView]
    scenes: list[GuideSection]


def guide_view(session: Session, viewer: User | None, guide: Guide) -> GuideView:
    """The guide as this visitor may see it: moments of media they may not see, or touching a
    passage restricted from them, are left out; so are people and events they may not see."""
    slugs = {slug for s in guide.sections for slug in s.entity_slugs}
    entities = {
        e.slug: e
        for e in session.scalars(
            select(Entity).where(Entity.slug.in_(slugs), access.entity_visible(viewer))
        )
    }
    views = []
    for section in guide.sections:
        chosen = [entities[slug] for slug in section.entity_slugs if slug in entities]
        if section.kind == "background":
            chosen.sort(key=lambda e: (e.date_start is None, e.date_start or "", e.name))
        moments = [
            view for m in section.moments if (view := _moment_view(session, viewer, m)) is not None
        ]
        views.append(SectionView(section, chosen, moments))
    return GuideView(guide, guide.film, views, scenes(guide))


def _moment_view(session: Session, viewer: User | None, moment: GuideMoment) -> MomentView | None:
    media = moment.media_item
    try:
        access.require_visible(viewer, media)
    except NotFound:
        return None
    if _touches_restricted_passage(session, viewer, moment):
        return None
    for transcript in catalog.transcripts_of(session, viewer, media):
        segments = session.scalars(
            select(Segment)
            .join(Transcript)
            .join(MediaItem)
            .where(
                Segment.transcript_id == transcript.id,
                Segment.end_ms > moment.start_ms,
                Segment.start_ms < moment.end_ms,
                access.segment_visible(viewer),
            )
            .order_by(Segment.position)
        )
        text = " ".join(s.text for s in segments)
        if text:
            if len(text) > EXCERPT_CHARS:
                text = text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
            return MomentView(moment, media, text, transcript.language)
    return MomentView(moment, media, "", None)


def _touches_restricted_passage(session: Session, viewer: User | None, moment: GuideMoment) -> bool:
    if access.can_see_restricted(viewer) or access.is_granted(viewer, moment.media_item):
        return False
    restricted = session.scalar(
        select(Segment.id)
        .join(Transcript)
        .where(
            Transcript.media_item_id == moment.media_item_id,
            Segment.restricted.is_(True),
            Segment.start_ms < moment.end_ms,
            Segment.end_ms > moment.start_ms,
        )
        .limit(1)
    )
    return restricted is not None
