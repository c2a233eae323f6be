"""crawler: offer_shipping, the shipping rates a store's feed gives per offer (g:shipping)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 03:00:00
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offer_shipping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("service", sa.String(length=100), nullable=True),
        sa.Column("price", core.db.DecimalType(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_offer_shipping_offer_id", "offer_shipping", ["offer_id"])


def downgrade() -> None:
    op.drop_index("ix_offer_shipping_offer_id", table_name="offer_shipping")
    op.drop_table("offer_shipping")
