"""annotation indexes that pay for themselves: none on status (nearly every row is
"suggested", so no query is helped), and needs_review only where it is true

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_index("ix_annotations_status")
        batch_op.drop_index("ix_annotations_needs_review")
    op.create_index(
        "ix_annotations_needs_review",
        "annotations",
        ["needs_review"],
        sqlite_where=sa.text("needs_review"),
        postgresql_where=sa.text("needs_review"),
    )


def downgrade() -> None:
    op.drop_index("ix_annotations_needs_review", table_name="annotations")
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.create_index("ix_annotations_needs_review", ["needs_review"], unique=False)
        batch_op.create_index("ix_annotations_status", ["status"], unique=False)
