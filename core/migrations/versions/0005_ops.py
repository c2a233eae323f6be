"""ops: schedules, their firings, run flags; crawl runs get runner, pid, heartbeat, log, guard

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ACTIVE = sa.text("state IN ('queued', 'running')")


def run_columns() -> list[sa.Column]:
    return [
        sa.Column("schedule_id", sa.Integer(), nullable=True),
        sa.Column("runner", sa.String(length=16), nullable=True),
        sa.Column("job_id", sa.String(length=64), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("log_file", sa.String(length=1000), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("error", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        for column in run_columns():
            batch_op.add_column(column)
    # Older rows may be left 'running' by a crawl that died: they must not block the index.
    op.execute("UPDATE crawl_runs SET state = 'failed' WHERE state IN ('queued', 'running')")
    op.create_index(
        "uq_crawl_runs_active_store",
        "crawl_runs",
        ["store_id"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=True),
        sa.Column("cron", sa.String(length=120), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "store_id"),
    )
    op.create_table(
        "schedule_firings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_schedule_firings_schedule_id", "schedule_firings", ["schedule_id"])
    op.create_table(
        "run_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "rule"),
    )
    op.create_index("ix_run_flags_run_id", "run_flags", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_run_flags_run_id", table_name="run_flags")
    op.drop_table("run_flags")
    op.drop_index("ix_schedule_firings_schedule_id", table_name="schedule_firings")
    op.drop_table("schedule_firings")
    op.drop_table("schedules")
    op.drop_index("uq_crawl_runs_active_store", table_name="crawl_runs")
    with op.batch_alter_table("crawl_runs", schema=None) as batch_op:
        for column in reversed(run_columns()):
            batch_op.drop_column(column.name)
