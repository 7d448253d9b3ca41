"""Consent records: what a narrator (a person entity) or an item's contributors agreed to, per use,
with the dates it holds and the signed form kept as a file. Checking them lives in consent.py."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, intpk, timestamp
from .catalog import MediaItem
from .entities import Entity

# The uses a consent form names; "research" means research only (no showing to the public).
CONSENT_USES = ("public_web", "screening", "education", "broadcast", "research")


class Consent(Base):
    """One signed consent: for a person (all their items, or one item when media_item_id is set)
    or for an item itself. `uses` is a space-separated subset of CONSENT_USES; dates are ISO."""

    __tablename__ = "consents"

    id: Mapped[intpk]
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), index=True
    )
    uses: Mapped[str] = mapped_column(String(200))
    given_on: Mapped[str] = mapped_column(String(10))
    valid_until: Mapped[str | None] = mapped_column(String(10))
    form_path: Mapped[str | None] = mapped_column(String(500))  # under the instance's consent dir
    form_name: Mapped[str | None] = mapped_column(String(300))  # the name it was uploaded as
    note: Mapped[str] = mapped_column(Text, default="")
    # "app" (recorded on the web) or "sidecar" (read at import from `source`, the file name of
    # one of the item's sidecars): a re-import updates its own records, never the app's.
    origin: Mapped[str] = mapped_column(String(20), default="app", server_default="app")
    source: Mapped[str | None] = mapped_column(String(1000))
    recorded_by: Mapped[str] = mapped_column(String(320))
    recorded_at: Mapped[timestamp]

    entity: Mapped[Entity | None] = relationship()
    media_item: Mapped[MediaItem | None] = relationship()

    @property
    def use_list(self) -> list[str]:
        return self.uses.split()
