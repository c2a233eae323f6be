"""server types: on PostgreSQL, timestamps carry their zone and money is unconstrained NUMERIC

Revision ID: 0019
Revises: 0015
Create Date: 2026-12-07 00:30:00

Earlier migrations made naive TIMESTAMP and NUMERIC(20, 6) columns on PostgreSQL. Every naive
timestamp held UTC, so it becomes TIMESTAMP WITH TIME ZONE read AT TIME ZONE 'UTC'; NUMERIC
loses its fixed scale so that amounts keep the digits and the scale they were written with.
SQLite stores both as text and needs nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0015"
branch_labels = None
depends_on = None


def _columns(kind: str) -> list[tuple[str, str]]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = :kind "
            "AND table_name <> 'alembic_version' ORDER BY table_name, column_name"
        ),
        {"kind": kind},
    )
    return [(table, column) for table, column in rows]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _columns("timestamp without time zone"):
        op.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE TIMESTAMP WITH TIME ZONE '
            f"USING \"{column}\" AT TIME ZONE 'UTC'"
        )
    for table, column in _columns("numeric"):
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE NUMERIC')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in _columns("timestamp with time zone"):
        op.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE TIMESTAMP WITHOUT TIME ZONE '
            f"USING \"{column}\" AT TIME ZONE 'UTC'"
        )
    for table, column in _columns("numeric"):
        op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE NUMERIC(20, 6)')
