"""folded titles: indexes on lower(title) and lower(brand) of products

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07 04:10:00

A product group without a GTIN is found by its folded title (`web.catalog_offers`), and by
its folded brand when SQLite folds the title differently from Python. Without these the
product page scanned every product (~70 ms at 100,000 products).
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_products_folded_title", "products", [sa.text("lower(title)")])
    op.create_index("ix_products_folded_brand", "products", [sa.text("lower(brand)")])


def downgrade() -> None:
    op.drop_index("ix_products_folded_brand", table_name="products")
    op.drop_index("ix_products_folded_title", table_name="products")
