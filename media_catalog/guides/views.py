"""A guide as one visitor may see it: moments of media they may not see, or over a passage
restricted from them, are left out, and so are people and events they may not see; decided each
time a guide is shown or exported."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, catalog
from ..models import (
    Entity,
    Film,
    Guide,
    GuideMoment,
    GuideSection,
    MediaItem,
    Segment,
    Transcript,
    User,
)
from ..timecode import format_short
from . import scenes

EXCERPT_CHARS = 600


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
    if not access.may_see_range(session, viewer, media, moment.start_ms, moment.end_ms):
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
