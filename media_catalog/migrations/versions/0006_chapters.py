"""chapters of films and media items; entity versions; retired (merged or deleted) entities;
an index of restricted passages

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chapters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=True),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("author", sa.String(length=320), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "(film_id IS NULL) <> (media_item_id IS NULL)", name=op.f("ck_chapters_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name=op.f("fk_chapters_film_id_films"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_chapters_media_item_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chapters")),
    )
    with op.batch_alter_table("chapters", schema=None) as batch_op:
        batch_op.create_index("ix_chapters_film_start", ["film_id", "start_ms"], unique=False)
        batch_op.create_index(
            "ix_chapters_media_item_start", ["media_item_id", "start_ms"], unique=False
        )

    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "retired_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("retired_by", sa.String(length=320), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["entities.id"],
            name=op.f("fk_retired_entities_merged_into_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retired_entities")),
    )
    with op.batch_alter_table("retired_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retired_entities_slug"), ["slug"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_retired_entities_merged_into_id"), ["merged_into_id"], unique=False
        )
    op.create_index(
        "ix_segments_restricted",
        "segments",
        ["transcript_id", "start_ms"],
        sqlite_where=sa.text("restricted IS 1"),
        postgresql_where=sa.text("restricted IS true"),
    )


def downgrade() -> None:
    op.drop_index("ix_segments_restricted", table_name="segments")
    with op.batch_alter_table("retired_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retired_entities_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_retired_entities_slug"))
    op.drop_table("retired_entities")
    if op.get_bind().dialect.name == "sqlite":  # in place: a batch copy would lose references
        op.execute("ALTER TABLE entities DROP COLUMN version")
    else:
        op.drop_column("entities", "version")
    with op.batch_alter_table("chapters", schema=None) as batch_op:
        batch_op.drop_index("ix_chapters_media_item_start")
        batch_op.drop_index("ix_chapters_film_start")
    op.drop_table("chapters")
