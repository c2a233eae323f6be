"""rebates: networks, programs, users, links, clicks, conversions, ledger, payouts, claims

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 00:49:49.727430
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rebate_networks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("postback_secret", sa.String(length=128), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("statuses", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "rebate_payouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("minimum", core.db.DecimalType(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rebate_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("api_token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("api_token_hash"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "rebate_payout_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payout_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("amount", core.db.DecimalType(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payout_id"],
            ["rebate_payouts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["rebate_users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("payout_id", "user_id"),
    )
    op.create_table(
        "rebate_programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("network", sa.String(length=64), nullable=False),
        sa.Column("network_aff_id", sa.String(length=128), nullable=False),
        sa.Column("commission_rate", core.db.DecimalType(), nullable=False),
        sa.Column("commission_cap", core.db.DecimalType(), nullable=True),
        sa.Column("affiliate_share", core.db.DecimalType(), nullable=False),
        sa.Column("cookie_days", sa.Integer(), nullable=False),
        sa.Column("approval_days", sa.Integer(), nullable=False),
        sa.Column("exclusions", sa.Text(), nullable=False),
        sa.Column("deep_link_template", sa.String(length=1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network"],
            ["rebate_networks.name"],
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id"),
    )
    op.create_table(
        "rebate_category_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("rate", core.db.DecimalType(), nullable=False),
        sa.Column("cap", core.db.DecimalType(), nullable=True),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["rebate_programs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("program_id", "category"),
    )
    op.create_table(
        "rebate_conversions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network", sa.String(length=64), nullable=False),
        sa.Column("transaction_id", sa.String(length=128), nullable=False),
        sa.Column("click_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("sub_id", sa.String(length=64), nullable=False),
        sa.Column("order_amount", core.db.DecimalType(), nullable=False),
        sa.Column("commission", core.db.DecimalType(), nullable=False),
        sa.Column("share", core.db.DecimalType(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["rebate_programs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["rebate_users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("network", "transaction_id"),
    )
    with op.batch_alter_table("rebate_conversions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rebate_conversions_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.String(length=16), nullable=False),
        sa.Column("amount", core.db.DecimalType(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("commission", core.db.DecimalType(), nullable=True),
        sa.Column("conversion_id", sa.Integer(), nullable=True),
        sa.Column("payout_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversion_id"],
            ["rebate_conversions.id"],
        ),
        sa.ForeignKeyConstraint(
            ["payout_id"],
            ["rebate_payouts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["rebate_users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ledger_entries_user_account", ["user_id", "account", "currency"], unique=False
        )

    op.create_table(
        "rebate_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(length=128), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("amount", core.db.DecimalType(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("click_id", sa.String(length=64), nullable=True),
        sa.Column("conversion_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversion_id"],
            ["rebate_conversions.id"],
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["rebate_programs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["rebate_users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("program_id", "order_id"),
    )
    with op.batch_alter_table("rebate_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rebate_claims_user_id"), ["user_id"], unique=False)

    op.create_table(
        "rebate_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("query", sa.String(length=200), nullable=True),
        sa.Column("sub_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["rebate_programs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["rebate_users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("rebate_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rebate_links_user_id"), ["user_id"], unique=False)

    op.create_table(
        "rebate_clicks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("click_id", sa.String(length=64), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("sub_id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ip_hash", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=500), nullable=False),
        sa.Column("referrer", sa.String(length=1000), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("not_counted_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["rebate_links.id"],
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["rebate_programs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["rebate_users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("click_id"),
    )
    with op.batch_alter_table("rebate_clicks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rebate_clicks_link_id"), ["link_id"], unique=False)
        batch_op.create_index("ix_rebate_clicks_user_time", ["user_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rebate_clicks", schema=None) as batch_op:
        batch_op.drop_index("ix_rebate_clicks_user_time")
        batch_op.drop_index(batch_op.f("ix_rebate_clicks_link_id"))

    op.drop_table("rebate_clicks")
    with op.batch_alter_table("rebate_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rebate_links_user_id"))

    op.drop_table("rebate_links")
    with op.batch_alter_table("rebate_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rebate_claims_user_id"))

    op.drop_table("rebate_claims")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_ledger_entries_user_account")

    op.drop_table("ledger_entries")
    with op.batch_alter_table("rebate_conversions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rebate_conversions_user_id"))

    op.drop_table("rebate_conversions")
    op.drop_table("rebate_category_rates")
    op.drop_table("rebate_programs")
    op.drop_table("rebate_payout_items")
    op.drop_table("rebate_users")
    op.drop_table("rebate_payouts")
    op.drop_table("rebate_networks")
