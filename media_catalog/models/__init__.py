"""The catalog's tables. Importing this package registers every model on Base.metadata."""

from .accounts import (
    USER_ROLES,
    AccessGrant,
    AuditEvent,
    LoginAttempt,
    RateLimitCounter,
    SourceFile,
    User,
)
from .annotations import ORIGINS, ROLES, STATUSES, Annotation
from .base import Base
from .catalog import MEDIA_KINDS, Film, FilmUse, MediaItem, SlugHistory, film_media
from .chapters import CHAPTER_ORIGINS, Chapter
from .consents import CONSENT_USES, Consent
from .edits import EDIT_STATUSES, RANGE_ORIGINS, Edit, Redaction, RestrictedRange
from .entities import ENTITY_KINDS, Alias, Entity, NameCandidate, RetiredEntity
from .filmcut import CUT_EVENT_STATUSES, FilmCutEvent
from .guides import GUIDE_VISIBILITIES, SECTION_KINDS, Guide, GuideMoment, GuideSection
from .jobs import FINISHED_STATES, JOB_STATES, Job
from .reels import Reel, ReelEntry
from .transcripts import TRANSCRIPT_KINDS, Segment, SegmentDate, Transcript

__all__ = [
    "CHAPTER_ORIGINS",
    "CONSENT_USES",
    "CUT_EVENT_STATUSES",
    "EDIT_STATUSES",
    "FINISHED_STATES",
    "ENTITY_KINDS",
    "GUIDE_VISIBILITIES",
    "JOB_STATES",
    "MEDIA_KINDS",
    "ORIGINS",
    "RANGE_ORIGINS",
    "ROLES",
    "SECTION_KINDS",
    "STATUSES",
    "TRANSCRIPT_KINDS",
    "USER_ROLES",
    "AccessGrant",
    "Alias",
    "Annotation",
    "AuditEvent",
    "Base",
    "Chapter",
    "Consent",
    "Edit",
    "Entity",
    "Film",
    "FilmCutEvent",
    "FilmUse",
    "Guide",
    "GuideMoment",
    "GuideSection",
    "Job",
    "LoginAttempt",
    "RateLimitCounter",
    "MediaItem",
    "NameCandidate",
    "Redaction",
    "Reel",
    "ReelEntry",
    "RestrictedRange",
    "RetiredEntity",
    "Segment",
    "SegmentDate",
    "SlugHistory",
    "SourceFile",
    "Transcript",
    "User",
    "film_media",
]
