"""discussion guides: guides, their sections and moments

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("film_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("visibility", sa.String(length=20), nullable=False),
        sa.Column("current_stop", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name=op.f("fk_guides_film_id_films"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_guides_owner_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guides")),
    )
    with op.batch_alter_table("guides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guides_film_id"), ["film_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_guides_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_guides_token"), ["token"], unique=True)

    op.create_table(
        "guide_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guide_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("entity_slugs", sa.JSON(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=True),
        sa.Column("end_ms", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["guide_id"],
            ["guides.id"],
            name=op.f("fk_guide_sections_guide_id_guides"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_sections")),
    )
    with op.batch_alter_table("guide_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_sections_guide_id"), ["guide_id"], unique=False)

    op.create_table(
        "guide_moments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_guide_moments_media_item_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["guide_sections.id"],
            name=op.f("fk_guide_moments_section_id_guide_sections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_moments")),
    )
    with op.batch_alter_table("guide_moments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guide_moments_media_item_id"), ["media_item_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guide_moments_section_id"), ["section_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("guide_moments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_moments_section_id"))
        batch_op.drop_index(batch_op.f("ix_guide_moments_media_item_id"))
    op.drop_table("guide_moments")
    with op.batch_alter_table("guide_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_sections_guide_id"))
    op.drop_table("guide_sections")
    with op.batch_alter_table("guides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guides_token"))
        batch_op.drop_index(batch_op.f("ix_guides_owner_id"))
        batch_op.drop_index(batch_op.f("ix_guides_film_id"))
    op.drop_table("guides")
