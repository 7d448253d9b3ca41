"""consents: what narrators and items were consented for (public web, screening, education,
broadcast, research only), with dates and the signed form (media_catalog/consent.py)

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "entity_id",
            sa.Integer(),
            sa.ForeignKey("entities.id", ondelete="CASCADE", name="fk_consents_entity_id_entities"),
            nullable=True,
        ),
        sa.Column(
            "media_item_id",
            sa.Integer(),
            sa.ForeignKey(
                "media_items.id", ondelete="CASCADE", name="fk_consents_media_item_id_media_items"
            ),
            nullable=True,
        ),
        sa.Column("uses", sa.String(200), nullable=False),
        sa.Column("given_on", sa.String(10), nullable=False),
        sa.Column("valid_until", sa.String(10), nullable=True),
        sa.Column("form_path", sa.String(500), nullable=True),
        sa.Column("form_name", sa.String(300), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(320), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
    )
    op.create_index("ix_consents_entity_id", "consents", ["entity_id"])
    op.create_index("ix_consents_media_item_id", "consents", ["media_item_id"])
    # The audit page asks by actor, action and time: answer without reading the whole log.
    op.create_index("ix_audit_events_actor", "audit_events", ["actor"])
    op.create_index("ix_audit_events_action", "audit_events", ["action"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_action", "audit_events")
    op.drop_index("ix_audit_events_actor", "audit_events")
    op.drop_index("ix_consents_media_item_id", "consents")
    op.drop_index("ix_consents_entity_id", "consents")
    op.drop_table("consents")
