"""alerts: a shopper's alerts on delivered cost, and the messages they fired

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-06 21:30:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0013"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    money = core.db.DecimalType
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(length=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", money(), nullable=True),
        sa.Column("drop_percent", money(), nullable=True),
        sa.Column("baseline", money(), nullable=True),
        sa.Column("min_saving", money(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("webhook_url", sa.String(length=1000), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("armed", sa.Boolean(), nullable=False),
        sa.Column("reference_cost", money(), nullable=True),
        sa.Column("last_cost", money(), nullable=True),
        sa.Column("last_available", sa.Boolean(), nullable=True),
        sa.Column("last_checked_at", sa.DateTime(), nullable=True),
        sa.Column("last_fired_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["rebate_users.id"]),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alerts_user_id", "alerts", ["user_id"])
    op.create_index("ix_alerts_active_product", "alerts", ["active", "product_id"])
    op.create_table(
        "alert_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("net_cost", money(), nullable=True),
        sa.Column("delivered_cost", money(), nullable=True),
        sa.Column("cashback", money(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"]),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_messages_alert_id", "alert_messages", ["alert_id"])


def downgrade() -> None:
    op.drop_index("ix_alert_messages_alert_id", table_name="alert_messages")
    op.drop_table("alert_messages")
    op.drop_index("ix_alerts_active_product", table_name="alerts")
    op.drop_index("ix_alerts_user_id", table_name="alerts")
    op.drop_table("alerts")
