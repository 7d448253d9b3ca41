"""guide language: a guide has a language of its own (its excerpts are quoted in it), filled
for existing guides with their film's first language (English when the film names none); and
an index finding one entity's mentions in one media item by time (catalog.is_echo).

Revision ID: 0016
Revises: 0015
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _first_language(languages: object) -> str:
    # JSON comes back as text from SQLite and as a list from PostgreSQL.
    listed = json.loads(languages) if isinstance(languages, str) else languages
    return str(listed[0]) if isinstance(listed, list) and listed else "en"


def upgrade() -> None:
    op.add_column(
        "guides", sa.Column("language", sa.String(length=35), server_default="en", nullable=False)
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT guides.id, films.languages FROM guides JOIN films ON films.id = guides.film_id"
        )
    ).all()
    for guide_id, languages in rows:
        connection.execute(
            sa.text("UPDATE guides SET language = :language WHERE id = :id"),
            {"language": _first_language(languages), "id": guide_id},
        )
    op.create_index(
        "ix_annotations_entity_media_start",
        "annotations",
        ["entity_id", "media_item_id", "start_ms"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_annotations_entity_media_start", table_name="annotations")
    with op.batch_alter_table("guides") as batch_op:
        batch_op.drop_column("language")
