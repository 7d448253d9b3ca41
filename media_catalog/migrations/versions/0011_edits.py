"""editors' edits over source files, and restricted time ranges of media items

Every restricted segment becomes an editor's restricted range over its time: whoever set it,
it now also covers the other tracks of its item, and a re-import keeps it.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_key", sa.String(length=400), nullable=False),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("source_value", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edits")),
    )
    op.create_index("ix_edits_object", "edits", ["object_type", "object_key", "status"])
    op.create_table(
        "restricted_ranges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.Integer(), nullable=False),
        sa.Column("end_ms", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("source_key", sa.String(length=100), nullable=True),
        sa.Column("lifted", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
            name=op.f("fk_restricted_ranges_media_item_id_media_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restricted_ranges")),
    )
    op.create_index(
        op.f("ix_restricted_ranges_media_item_id"), "restricted_ranges", ["media_item_id"]
    )
    op.execute(
        "INSERT INTO restricted_ranges "
        "(media_item_id, start_ms, end_ms, note, origin, lifted, author, at) "
        "SELECT t.media_item_id, s.start_ms, s.end_ms, s.restriction_note, 'editor', false, "
        "'migration 0011', CURRENT_TIMESTAMP "
        "FROM segments s JOIN transcripts t ON t.id = s.transcript_id WHERE s.restricted"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_restricted_ranges_media_item_id"), table_name="restricted_ranges")
    op.drop_table("restricted_ranges")
    op.drop_index("ix_edits_object", table_name="edits")
    op.drop_table("edits")
