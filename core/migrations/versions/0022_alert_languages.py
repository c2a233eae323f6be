"""alert languages and check runs: each alert's language; one row per check of all alerts

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 06:00:00

An alert's messages are written in the language of the request that set it up (`language`,
"en" for the alerts that existed before). A check of every active alert records its time once
in `alert_checks` instead of writing `last_checked_at` on each active alert.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "alerts",
        sa.Column("language", sa.String(length=8), nullable=False, server_default="en"),
    )
    op.create_table(
        "alert_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("fired", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_checks_checked_at", "alert_checks", ["checked_at"])


def downgrade() -> None:
    op.drop_index("ix_alert_checks_checked_at", table_name="alert_checks")
    op.drop_table("alert_checks")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("language")
