"""the events of a film's own cut (EDL/OTIO), matched to media items or left to resolve

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "film_cut_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("reel", sa.String(length=300), nullable=True),
        sa.Column("clip_name", sa.String(length=500), nullable=True),
        sa.Column("source_in", sa.String(length=20), nullable=False),
        sa.Column("source_out", sa.String(length=20), nullable=False),
        sa.Column("rate", sa.Double(), nullable=False),
        sa.Column("film_in_ms", sa.Integer(), nullable=False),
        sa.Column("film_out_ms", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("film_use_id", sa.Integer(), nullable=True),
        sa.Column("source_path", sa.String(length=1000), nullable=False),
        sa.Column("resolved_by", sa.String(length=320), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["film_id"],
            ["films.id"],
            name=op.f("fk_film_cut_events_film_id_films"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["film_use_id"],
            ["film_uses.id"],
            name=op.f("fk_film_cut_events_film_use_id_film_uses"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_film_cut_events_media_item_id_media_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_film_cut_events")),
    )
    with op.batch_alter_table("film_cut_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_film_cut_events_film_position", ["film_id", "position"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_film_cut_events_media_item_id"), ["media_item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("film_cut_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_film_cut_events_media_item_id"))
        batch_op.drop_index("ix_film_cut_events_film_position")
    op.drop_table("film_cut_events")
