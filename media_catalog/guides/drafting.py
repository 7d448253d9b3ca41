"""Drafting a guide from the catalog in the shape public-television screening guides use:
summary, featured people, background and timeline, the film's chapters as scenes with prompts,
taking action, delve deeper; drafted from what the host may see."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import audit, catalog, timeline
from ..chapters import chapters_of, with_ends
from ..models import (
    Chapter,
    Entity,
    Film,
    Guide,
    GuideSection,
    User,
)
from ..wording import N_, Translate, english
from . import SECTION_LABELS, clean_title, film_language, prompts

FEATURED_PEOPLE = 6
SCENE_ENTITIES = 4

USING_TEXT = N_(
    "This guide accompanies a screening of %(title)s. Read the film summary and the featured "
    "people before the event. During the screening the scenes below are the stops for "
    "discussion: each has its time in the film and a few questions. Every moment quoted from "
    "an interview or archival clip has a link and a QR code that opens it in the catalog's "
    "player, so participants can watch it again on a phone."
)
PEOPLE_TEXT = N_("The people the film's interviews and footage speak of most.")
BACKGROUND_TEXT = N_("The events the film covers, in the order they happened.")
ACTION_TEXT = N_(
    "Invite participants to find a story of emigration, exile or protest in their own family "
    "or community and to record it; to visit a local archive or library that keeps oral "
    "histories; or to write about a moment from the film that changed how they see the events."
)
RESOURCES_TEXT = N_(
    "The interviews and archival footage behind the film, with their full transcripts, are in "
    "the catalog: open the film's page, the timeline of events and the people pages."
)


def featured_people(
    session: Session, user: User | None, film: Film, limit: int = FEATURED_PEOPLE
) -> list[Entity]:
    """The people the film's media mention most in editor-confirmed links (all unrejected
    links when nothing is confirmed yet), as this user may see them."""
    ranked = timeline.film_entities(session, user, film, "person", limit, confirmed_only=True)
    if not ranked:
        ranked = timeline.film_entities(session, user, film, "person", limit)
    return [person for person, _ in ranked]


def film_events(session: Session, user: User | None, film: Film) -> list[Entity]:
    """The events the film's media mention, in date order (undated last)."""
    events = [e for e, _ in timeline.film_entities(session, user, film, "event", limit=500)]
    return sorted(events, key=lambda e: (e.date_start is None, e.date_start or "", e.name))


def scene_entities(
    session: Session,
    user: User | None,
    film: Film,
    chapter: Chapter,
    end_ms: int | None,
    known: list[Entity],
) -> list[Entity]:
    """What a scene is about: the film's people and events its title or description names,
    then the events dated in a year its title gives, then who and what the catalog footage
    the film's cut shows in that stretch mentions."""
    text = f"{chapter.title}\n{chapter.description}"
    named = prompts.names_in(text, known)
    years = prompts.years_in(chapter.title)
    dated = [e for e in known if e.kind == "event" and prompts.year_of(e) in years]
    shown = timeline.film_stretch_entities(
        session, user, film, chapter.start_ms, end_ms, SCENE_ENTITIES
    )
    return list(dict.fromkeys([*named, *dated, *shown]))[:SCENE_ENTITIES]


def _resources(session: Session, user: User | None, film: Film, translate: Translate) -> str:
    """Where to read more: the film's interviews in the catalog, by title."""
    interviews = [m for m in catalog.film_media_items(session, user, film)]
    interviews = [m for m in interviews if m.kind == "interview"] or interviews
    listed = "\n".join(f"- {m.title}" for m in interviews[:12])
    text = translate(RESOURCES_TEXT)
    return f"{text}\n\n{listed}" if listed else text


def _known_entities(session: Session, user: User | None, film: Film) -> list[Entity]:
    """The people and events the film's media mention, with their aliases, for naming scenes."""
    found = [
        entity
        for kind in ("person", "event")
        for entity, _ in timeline.film_entities(session, user, film, kind, limit=500)
    ]
    ids = [e.id for e in found]
    session.scalars(select(Entity).where(Entity.id.in_(ids)).options(selectinload(Entity.aliases)))
    return found


def _scenes(session: Session, user: User, film: Film, translate: Translate) -> list[GuideSection]:
    """The film's chapters as scenes, each with what it is about and prompts drawn from it."""
    known = _known_entities(session, user, film)
    sections = []
    for chapter, end in with_ends(chapters_of(session, film, user), film.running_time_ms):
        about = scene_entities(session, user, film, chapter, end, known)
        sections.append(
            GuideSection(
                kind="scene",
                title=chapter.title,
                body=chapter.description,
                questions=prompts.scene_prompts(chapter.title, about, translate),
                entity_slugs=[e.slug for e in about],
                start_ms=chapter.start_ms,
                end_ms=end,
            )
        )
    return sections


def _opening(session: Session, user: User, film: Film, translate: Translate) -> list[GuideSection]:
    """The sections before the scenes: the film, how to use the guide, its people and events."""
    about = film.synopsis
    if film.director or film.year:
        credit = ", ".join(str(p) for p in (film.director, film.year) if p)
        about = f"{about}\n\n{film.title} ({credit})." if about else f"{film.title} ({credit})."
    people, events = featured_people(session, user, film), film_events(session, user, film)
    heading = {kind: translate(label) for kind, label in SECTION_LABELS.items()}
    return [
        GuideSection(kind="summary", title=heading["summary"], body=about),
        GuideSection(
            kind="using", title=heading["using"], body=translate(USING_TEXT, title=film.title)
        ),
        GuideSection(
            kind="people",
            title=heading["people"],
            body=translate(PEOPLE_TEXT),
            entity_slugs=[p.slug for p in people],
            questions=prompts.people_prompts(people, translate),
        ),
        GuideSection(
            kind="background",
            title=heading["background"],
            body=translate(BACKGROUND_TEXT),
            entity_slugs=[e.slug for e in events],
            questions=prompts.timeline_prompts(events, translate),
        ),
    ]


def draft_guide(
    session: Session,
    user: User,
    film: Film,
    title: str = "",
    translate: Translate = english,
    language: str | None = None,
) -> Guide:
    """A new guide in the shape public-television screening guides use, drafted from what this
    host may see of the catalog, its headings, texts and questions written by `translate` (in
    the host's language from the web) and its excerpts quoted in `language` (the film's first
    by default); the caller commits."""
    guide = Guide(
        token=secrets.token_urlsafe(6),
        film_id=film.id,
        owner_id=user.id,
        title=clean_title(title or translate(N_("%(film)s: a discussion guide"), film=film.title)),
        visibility="private",
        language=language or film_language(film),
    )
    session.add(guide)
    sections = _opening(session, user, film, translate) + _scenes(session, user, film, translate)
    resources = _resources(session, user, film, translate)
    sections += [
        GuideSection(
            kind="action", title=translate(SECTION_LABELS["action"]), body=translate(ACTION_TEXT)
        ),
        GuideSection(
            kind="resources", title=translate(SECTION_LABELS["resources"]), body=resources
        ),
    ]
    for position, section in enumerate(sections):
        section.position = position
        section.questions = section.questions or []
        section.entity_slugs = section.entity_slugs or []
        guide.sections.append(section)
    session.flush()
    audit.record(session, user, "create", "guide", guide.id, after={"title": guide.title})
    return guide
