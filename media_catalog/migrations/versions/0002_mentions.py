"""mentions: spoken dates, name candidates, link state

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "name_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("per_track", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_name_candidates_media_item_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_candidates")),
        sa.UniqueConstraint("media_item_id", "key", name=op.f("uq_name_candidates_media_item_id")),
    )
    with op.batch_alter_table("name_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_name_candidates_media_item_id"), ["media_item_id"], unique=False
        )

    op.create_table(
        "segment_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=100), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("date_start", sa.String(length=10), nullable=False),
        sa.Column("date_end", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_segment_dates_segment_id_segments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_dates")),
    )
    with op.batch_alter_table("segment_dates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_segment_dates_date_start"), ["date_start"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_segment_dates_segment_id"), ["segment_id"], unique=False
        )

    with op.batch_alter_table("transcripts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("linked_with", sa.String(length=64), nullable=True))

    with op.batch_alter_table("aliases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=10), server_default="file", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("aliases", schema=None) as batch_op:
        batch_op.drop_column("origin")

    with op.batch_alter_table("transcripts", schema=None) as batch_op:
        batch_op.drop_column("linked_with")

    with op.batch_alter_table("segment_dates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_segment_dates_segment_id"))
        batch_op.drop_index(batch_op.f("ix_segment_dates_date_start"))

    op.drop_table("segment_dates")
    with op.batch_alter_table("name_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_name_candidates_media_item_id"))

    op.drop_table("name_candidates")
