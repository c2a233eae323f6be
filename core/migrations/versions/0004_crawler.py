"""crawler: offers.availability, the one stock scale every catalog format is mapped to

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        # in_stock, limited, preorder, backorder, out_of_stock, discontinued (NULL: not said)
        batch.add_column(sa.Column("availability", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("availability")
