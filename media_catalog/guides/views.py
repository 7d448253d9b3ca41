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
from . import guide_language, scenes

EXCERPT_CHARS = 600
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "he": "Hebrew", "yi": "Yiddish"}


def language_name(code: str | None) -> str:
    """A language's English name for the excerpt's label; its tag when we know no name."""
    return LANGUAGE_NAMES.get((code or "").split("-")[0].lower(), code or "")


@dataclass
class MomentView:
    moment: GuideMoment
    media: MediaItem
    excerpt: str
    language: str | None
    translated_from: str | None = None  # the original's language, when quoting a translation

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
    language: str


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
    views, language = [], guide_language(guide)
    for section in guide.sections:
        chosen = [entities[slug] for slug in section.entity_slugs if slug in entities]
        if section.kind == "background":
            chosen.sort(key=lambda e: (e.date_start is None, e.date_start or "", e.name))
        moments = [
            view
            for m in section.moments
            if (view := _moment_view(session, viewer, m, language)) is not None
        ]
        views.append(SectionView(section, chosen, moments))
    return GuideView(guide, guide.film, views, scenes(guide), language)


def _moment_view(
    session: Session, viewer: User | None, moment: GuideMoment, language: str
) -> MomentView | None:
    media = moment.media_item
    if not access.may_see_range(session, viewer, media, moment.start_ms, moment.end_ms):
        return None
    quoted = excerpt_of(session, viewer, media, moment.start_ms, moment.end_ms, language)
    return MomentView(moment, media, *quoted)


def excerpt_of(
    session: Session,
    viewer: User | None,
    media: MediaItem,
    start_ms: int,
    end_ms: int,
    language: str,
) -> tuple[str, str | None, str | None]:
    """The words of start..end this visitor may see, in `language` where a track (the original
    or a translation aligned by time) has them, else in the original's: (text, its language,
    the original's language when the text is a translation)."""
    for transcript in in_language_first(catalog.transcripts_of(session, viewer, media), language):
        text = _excerpt(session, viewer, transcript, start_ms, end_ms)
        if text:
            source = transcript.translation_of if transcript.kind == "translation" else None
            return text, transcript.language, source
    return "", None, None


def in_language_first(tracks: list[Transcript], language: str) -> list[Transcript]:
    """The tracks to quote from, best first: the one in the guide's language (the original, or
    a translation aligned with it), then the originals, then the rest."""
    return sorted(tracks, key=lambda t: (t.language != language, t.kind != "original"))


def _excerpt(
    session: Session, viewer: User | None, transcript: Transcript, start_ms: int, end_ms: int
) -> str:
    """The visible words of the track over start..end (a translation's restricted passages
    are materialised like the original's, so segment_visible keeps them out of either)."""
    segments = session.scalars(
        select(Segment.text)
        .join(Transcript)
        .join(MediaItem)
        .where(
            Segment.transcript_id == transcript.id,
            Segment.end_ms > start_ms,
            Segment.start_ms < end_ms,
            access.segment_visible(viewer),
        )
        .order_by(Segment.position)
    )
    text = " ".join(segments)
    if len(text) > EXCERPT_CHARS:
        text = text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    return text
