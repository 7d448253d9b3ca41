"""rights and identifiers: rights statements and licences on films and media items (a
URI, holder, credit line, terms for reuse); a persistent identifier on every film, media item,
segment, entity and reel, backfilled here with random Crockford base32 strings; the slugs
records had before an editor changed them.

Columns are added (not batch-altered) so SQLite keeps the search log triggers of 0013; the
backfill's updates log every segment once, and the next search rebuilds its index.

Revision ID: 0015
Revises: 0014
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PID_TABLES = ("films", "media_items", "segments", "entities", "reels")
_RIGHTS_TABLES = ("films", "media_items")
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # identifiers.CROCKFORD, frozen here
_BATCH = 5000


def _new_pid() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))


def _backfill(table: str) -> None:
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text(f"SELECT id FROM {table} ORDER BY id"))]
    statement = sa.text(f"UPDATE {table} SET pid = :pid WHERE id = :id")
    for start in range(0, len(ids), _BATCH):
        rows = [{"pid": _new_pid(), "id": row_id} for row_id in ids[start : start + _BATCH]]
        connection.execute(statement, rows)


def upgrade() -> None:
    for table in _RIGHTS_TABLES:
        op.add_column(table, sa.Column("rights_uri", sa.String(200), nullable=True))
        op.add_column(table, sa.Column("rights_holder", sa.String(500), nullable=True))
        op.add_column(table, sa.Column("credit_line", sa.String(1000), nullable=True))
        op.add_column(table, sa.Column("reuse_terms", sa.Text(), nullable=True))
    for table in _PID_TABLES:
        op.add_column(table, sa.Column("pid", sa.String(16), nullable=True))
        _backfill(table)
        op.create_index(f"ix_{table}_pid", table, ["pid"], unique=True)
    op.create_table(
        "slug_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(20), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("target_pid", sa.String(16), nullable=False),
        sa.Column("changed_by", sa.String(320), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slug_history")),
        sa.UniqueConstraint("object_type", "slug", name=op.f("uq_slug_history_object_type")),
    )
    op.create_index("ix_slug_history_target_pid", "slug_history", ["target_pid"])


def downgrade() -> None:
    op.drop_index("ix_slug_history_target_pid", table_name="slug_history")
    op.drop_table("slug_history")
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop 0013's triggers.
    for table in _PID_TABLES:
        op.drop_index(f"ix_{table}_pid", table_name=table)
        op.execute(f"ALTER TABLE {table} DROP COLUMN pid")
    for table in _RIGHTS_TABLES:
        for column in ("reuse_terms", "credit_line", "rights_holder", "rights_uri"):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
