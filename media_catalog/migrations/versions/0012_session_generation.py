"""session generation: a per-user counter signed into session cookies, so sign-out, a new
password or a new role revokes every older session on the server (media_catalog/accounts.py)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of users on SQLite would drop the old table and, with
    # foreign keys on, set audit_events.user_id to NULL on every row.
    op.add_column(
        "users",
        sa.Column("session_generation", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("users", "session_generation")  # SQLite 3.35+ drops a column in place
