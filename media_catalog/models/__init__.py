"""The catalog's tables. Importing this package registers every model on Base.metadata."""

from .accounts import USER_ROLES, AuditEvent, SourceFile, User
from .annotations import ORIGINS, ROLES, STATUSES, Annotation
from .base import Base
from .catalog import MEDIA_KINDS, Film, FilmUse, MediaItem, film_media
from .entities import ENTITY_KINDS, Alias, Entity
from .transcripts import TRANSCRIPT_KINDS, Segment, Transcript

__all__ = [
    "ENTITY_KINDS",
    "MEDIA_KINDS",
    "ORIGINS",
    "ROLES",
    "STATUSES",
    "TRANSCRIPT_KINDS",
    "USER_ROLES",
    "Alias",
    "Annotation",
    "AuditEvent",
    "Base",
    "Entity",
    "Film",
    "FilmUse",
    "MediaItem",
    "Segment",
    "SourceFile",
    "Transcript",
    "User",
    "film_media",
]
