"""The authority: people, events, places, organisations and topics, with their aliases."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, pid, slug, timestamp

ENTITY_KINDS = ("person", "event", "place", "organization", "topic")


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[intpk]
    slug: Mapped[slug]
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    date_text: Mapped[str | None] = mapped_column(String(100))
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    pid: Mapped[pid]
    restricted: Mapped[bool] = mapped_column(default=False)
    source_path: Mapped[str | None] = mapped_column(String(1000))
    # Editors' optimistic lock; alias edits move it on too (names are part of the record).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="Alias.id"
    )


class Alias(Base):
    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("entity_id", "text"),)

    id: Mapped[intpk]
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    language: Mapped[str | None] = mapped_column(String(35))
    # Also an ordinary word ("Begun", "Exodus"): only a capitalised or corroborated use counts.
    ambiguous: Mapped[bool] = mapped_column(default=False)
    # "file" aliases follow their authority file; "editor" aliases were added in the catalog.
    origin: Mapped[str] = mapped_column(String(10), default="file", server_default="file")

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class NameCandidate(Base):
    """A name-like phrase in a media item's transcripts that matches no entity, for editors to
    make into an entity or an alias, or to dismiss (a dismissal survives re-linking)."""

    __tablename__ = "name_candidates"
    __table_args__ = (UniqueConstraint("media_item_id", "key"),)

    id: Mapped[intpk]
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(300))  # folded text, the identity of a candidate
    text: Mapped[str] = mapped_column(String(300))  # as first seen
    language: Mapped[str | None] = mapped_column(String(35))
    count: Mapped[int] = mapped_column(default=0)
    per_track: Mapped[dict] = mapped_column(JSON, default=dict)  # type: ignore[type-arg]
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | dismissed | done


class RetiredEntity(Base):
    """The slug of an entity an editor merged into another (its old links redirect there) or
    deleted: re-importing the authority file it came from does not bring it back."""

    __tablename__ = "retired_entities"

    id: Mapped[intpk]
    slug: Mapped[slug]
    name: Mapped[str] = mapped_column(String(300))
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    retired_by: Mapped[str] = mapped_column(String(320))
    retired_at: Mapped[timestamp]
