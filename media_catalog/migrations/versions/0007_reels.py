"""reels: editors' selects (reels and their entries) and sub-clip exports

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("share_token", sa.String(length=64), nullable=True),
        sa.Column("share_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_reels_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reels")),
        sa.UniqueConstraint("owner_id", "slug", name=op.f("uq_reels_owner_id")),
        sa.UniqueConstraint("share_token", name=op.f("uq_reels_share_token")),
    )
    with op.batch_alter_table("reels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reels_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "reel_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reel_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("in_ms", sa.Integer(), nullable=False),
        sa.Column("out_ms", sa.Integer(), nullable=False),
        sa.Column("handle_before_ms", sa.Integer(), nullable=False),
        sa.Column("handle_after_ms", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reel_id"],
            ["reels.id"],
            name=op.f("fk_reel_entries_reel_id_reels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_reel_entries_media_item_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reel_entries")),
    )
    with op.batch_alter_table("reel_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reel_entries_reel_id"), ["reel_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reel_entries_media_item_id"), ["media_item_id"], unique=False
        )

    op.create_table(
        "reel_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("reel_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("file_path", sa.String(length=1000), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reel_id"],
            ["reels.id"],
            name=op.f("fk_reel_exports_reel_id_reels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reel_exports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reel_exports")),
        sa.UniqueConstraint("token", name=op.f("uq_reel_exports_token")),
    )
    with op.batch_alter_table("reel_exports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reel_exports_reel_id"), ["reel_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reel_exports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reel_exports_reel_id"))
    op.drop_table("reel_exports")
    with op.batch_alter_table("reel_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reel_entries_media_item_id"))
        batch_op.drop_index(batch_op.f("ix_reel_entries_reel_id"))
    op.drop_table("reel_entries")
    with op.batch_alter_table("reels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reels_owner_id"))
    op.drop_table("reels")
