"""A guide as one visitor may see it: moments of media they may not see, or over a passage
restricted from them, are left out, and so are people and events they may not see; decided each
time a guide is shown or exported."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import access, catalog, rights
from ..languages import language_name
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
from ..wording import N_, Translate, english
from . import guide_language, scenes

EXCERPT_CHARS = 600


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

    def language_note(
        self, guide_language: str, translate: Translate = english, reader: str | None = None
    ) -> str:
        """What the excerpt's label says of its language in a guide in `guide_language`:
        a translation says so; an original in another language says which. Written by
        `translate`, the languages named in the `reader`'s language."""
        if self.language and self.language != guide_language:
            return translate(
                N_("In %(language)s: no %(wanted)s translation in the catalog"),
                language=language_name(self.language, reader),
                wanted=language_name(guide_language, reader),
            )
        if self.translated_from:
            return translate(
                N_("%(language)s translation of the %(original)s"),
                language=language_name(self.language or "", reader),
                original=language_name(self.translated_from, reader),
            )
        return ""


@dataclass
class SectionView:
    section: GuideSection
    entities: list[Entity] = field(default_factory=list)
    moments: list[MomentView] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.section.position + 1}"


@dataclass
class Credit:
    """One line of the guide's credits: the film, or a media item its moments quote."""

    title: str
    rights: rights.Rights


@dataclass
class GuideView:
    guide: Guide
    film: Film
    sections: list[SectionView]
    scenes: list[GuideSection]
    language: str

    @property
    def credits(self) -> list[Credit]:
        """The film's rights, then each quoted item's credit and rights, in order of first use:
        what a screening must show to reuse them."""
        lines = [Credit(self.film.title, rights.own(self.film))]
        seen: set[int] = set()
        for part in self.sections:
            for moment in part.moments:
                if moment.media.id not in seen:
                    seen.add(moment.media.id)
                    lines.append(Credit(moment.media.title, rights.of_item(moment.media)))
        return [line for line in lines if not line.rights.is_empty]


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
    withheld = withheld_names(session, viewer, guide)
    for section in guide.sections:
        chosen = [entities[slug] for slug in section.entity_slugs if slug in entities]
        if section.kind == "background":
            chosen.sort(key=lambda e: (e.date_start is None, e.date_start or "", e.name))
        moments = [
            view
            for m in section.moments
            if (view := _moment_view(session, viewer, m, language)) is not None
        ]
        asked = visible_questions(section.questions, withheld)
        views.append(SectionView(section, chosen, moments, asked))
    return GuideView(guide, guide.film, views, scenes(guide), language)


def withheld_names(session: Session, viewer: User | None, guide: Guide) -> list[str]:
    """The names of the people and events the guide features that this visitor may not see.
    Prompts are drafted from the catalog by name, and an entity may be restricted after: a
    question naming one is not shown to them."""
    slugs = {slug for s in guide.sections for slug in s.entity_slugs}
    if not slugs or access.can_see_restricted(viewer):
        return []
    hidden = select(Entity.name).where(Entity.slug.in_(slugs), ~access.entity_visible(viewer))
    return list(session.scalars(hidden))


def visible_questions(questions: list[str], withheld: list[str]) -> list[str]:
    return [q for q in questions if not any(name in q for name in withheld)]


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


def leave_out_media(view: GuideView, item_ids: set[int]) -> int:
    """Take the moments of those items out of the guide as read (not as stored); how many."""
    left_out = 0
    for part in view.sections:
        kept = [moment for moment in part.moments if moment.media.id not in item_ids]
        left_out += len(part.moments) - len(kept)
        part.moments = kept
    return left_out
