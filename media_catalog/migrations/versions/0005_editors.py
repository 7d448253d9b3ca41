"""editors: login throttling, access grants, media item and segment versions, indexing status

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_attempts_email"), ["email"], unique=False)

    op.create_table(
        "access_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("granted_by", sa.String(length=320), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_access_grants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_access_grants_media_item_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_grants")),
        sa.UniqueConstraint("user_id", "media_item_id", name=op.f("uq_access_grants_user_id")),
    )
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_grants_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_access_grants_media_item_id"), ["media_item_id"], unique=False
        )

    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "indexing_status",
                sa.String(length=20),
                server_default="not_started",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("status_by", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("status_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_media_items_indexing_status"), ["indexing_status"], unique=False
        )
    with op.batch_alter_table("segments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    # On SQLite, batch mode would copy media_items and segments to new tables, and the search
    # index's triggers (migration 0004) name them: drop the columns in place instead.
    sqlite = op.get_bind().dialect.name == "sqlite"
    added = {
        "media_items": ["status_at", "status_by", "indexing_status", "version"],
        "segments": ["version"],
    }
    op.drop_index("ix_media_items_indexing_status", table_name="media_items")
    for table, columns in added.items():
        for column in columns:
            if sqlite:
                op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
            else:
                op.drop_column(table, column)
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_grants_media_item_id"))
        batch_op.drop_index(batch_op.f("ix_access_grants_user_id"))
    op.drop_table("access_grants")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_email"))
    op.drop_table("login_attempts")
