"""machine transcripts: the speech engine that made a transcript of kind "machine" (the kind
joins the unique media item + language + kind, so one machine track per language sits beside
the human ones)

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("transcripts") as batch:
        batch.add_column(sa.Column("engine", sa.String(40), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM transcripts WHERE kind = 'machine'")
    with op.batch_alter_table("transcripts") as batch:
        batch.drop_column("engine")
