"""jobs: one table for every long task the queue (Huey) runs: state, progress, log, who started
it, times, heartbeat, result file, error and attempts. Sub-clip exports move into it (their rows
are copied, subject "reel:<id>"; one still "running" was a thread that no restart can resume, so
it is copied as failed with that reason) and reel_exports is dropped.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INTERRUPTED = "interrupted: it ran in a web process thread before the job queue existed"


def upgrade() -> None:
    jobs = op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("log", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_path", sa.String(length=1000), nullable=True),
        sa.Column("result_bytes", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("token", name=op.f("uq_jobs_token")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_subject"), ["subject"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_state"), ["state"], unique=False)
    _copy_reel_exports(jobs)
    with op.batch_alter_table("reel_exports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reel_exports_reel_id"))
    op.drop_table("reel_exports")


def _copy_reel_exports(jobs: sa.Table) -> None:
    connection = op.get_bind()
    exports = sa.table(
        "reel_exports",
        *(sa.column(name) for name in ("id", "token", "reel_id", "user_id", "mode", "status")),
        *(sa.column(name) for name in ("done", "total", "file_path", "error")),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rows = connection.execute(sa.select(exports).order_by(exports.c.id)).all()
    for row in rows:
        interrupted = row.status == "running"
        connection.execute(
            jobs.insert().values(
                token=row.token,
                kind="reel_export",
                subject=f"reel:{row.reel_id}",
                params={"reel_id": row.reel_id, "mode": row.mode},
                state="failed" if interrupted else row.status,
                done=row.done,
                total=row.total,
                log="",
                user_id=row.user_id,
                created_at=row.created_at,
                result_path=row.file_path,
                error=_INTERRUPTED if interrupted else row.error,
                attempts=1,
            )
        )


def downgrade() -> None:
    op.create_table(
        "reel_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("reel_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("file_path", sa.String(length=1000), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reel_id"],
            ["reels.id"],
            name=op.f("fk_reel_exports_reel_id_reels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reel_exports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reel_exports")),
        sa.UniqueConstraint("token", name=op.f("uq_reel_exports_token")),
    )
    with op.batch_alter_table("reel_exports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reel_exports_reel_id"), ["reel_id"], unique=False)
    # Exports whose reel and owner still exist go back; other jobs have no home before 0014.
    op.execute(
        "INSERT INTO reel_exports (token, reel_id, user_id, mode, status, done, total, file_path, "
        "error, created_at) SELECT j.token, r.id, j.user_id, 'copy', "
        "CASE WHEN j.state IN ('done', 'failed') THEN j.state ELSE 'failed' END, j.done, j.total, "
        "j.result_path, j.error, j.created_at FROM jobs j JOIN reels r ON j.subject = "
        "'reel:' || CAST(r.id AS VARCHAR(20)) "
        "WHERE j.kind = 'reel_export' AND j.user_id IS NOT NULL"
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_state"))
        batch_op.drop_index(batch_op.f("ix_jobs_subject"))
        batch_op.drop_index(batch_op.f("ix_jobs_kind"))
    op.drop_table("jobs")
