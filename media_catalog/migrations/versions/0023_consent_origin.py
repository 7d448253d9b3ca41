"""consent origin: a consent recorded in the app, or read from an item's sidecar (`consents:`),
with the sidecar it came from, so a re-import updates its own records and never an editor's

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("origin", sa.String(20), nullable=False, server_default="app"))
        batch.add_column(sa.Column("source", sa.String(1000), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM consents WHERE origin = 'sidecar'")
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("source")
        batch.drop_column("origin")
