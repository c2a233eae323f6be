"""security: session generation, e-mail confirmation, one open payout per currency, postback formats

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

OPEN = sa.text("state = 'open'")


def upgrade() -> None:
    with op.batch_alter_table("rebate_users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("email_confirmed_at", sa.DateTime(), nullable=True))
    # Accounts made before confirmation existed keep earning: they count as confirmed.
    op.execute("UPDATE rebate_users SET email_confirmed_at = created_at")
    with op.batch_alter_table("rebate_networks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("postback_format", sa.JSON(), nullable=True))
    op.create_index(
        "uq_rebate_payouts_open_currency",
        "rebate_payouts",
        ["currency"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("uq_rebate_payouts_open_currency", table_name="rebate_payouts")
    with op.batch_alter_table("rebate_networks", schema=None) as batch_op:
        batch_op.drop_column("postback_format")
    with op.batch_alter_table("rebate_users", schema=None) as batch_op:
        batch_op.drop_column("email_confirmed_at")
        batch_op.drop_column("session_generation")
