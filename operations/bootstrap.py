"""Bring a data directory up to date: schema migrations, then the bundled FX snapshot (every
day of it, so a fresh machine can convert past prices at their own day's rates)."""

from __future__ import annotations

from sqlalchemy import MetaData, select
from sqlalchemy.orm import Session, sessionmaker

import alerts.tables
import core.tables
import operations.tables
import pricing.exchange_rates.refresh
import rebates.tables
from core import db
from core.settings import Settings
from pricing.exchange_rates.rate_table import FxRate, load_snapshot_days, store_tables

# Every module that defines tables, so that the metadata below holds them all.
TABLE_MODULES = (
    core.tables,
    pricing.exchange_rates.refresh,
    rebates.tables,
    operations.tables,
    alerts.tables,
)


def all_tables() -> MetaData:
    """The metadata of every table the migrations create (for schema checks and autogenerate)."""
    return db.Base.metadata


def prepare_database(settings: Settings) -> None:
    """What `haitao db upgrade` does, and `haitao demo` before anything else."""
    settings.ensure_home()
    db.upgrade(settings.database_url)
    with db.session_factory(settings.database_url).begin() as session:
        if session.scalar(select(FxRate.id).limit(1)) is None:
            store_tables(session, load_snapshot_days(settings.fx_snapshot_file))


def require_current_schema(settings: Settings) -> None:
    """Fail with one clear line when the database has not been migrated to the code's schema."""
    from core.errors import HaitaoError

    head = db.head_revision()
    current = db.current_revision(settings.database_url)
    if current != head:
        raise HaitaoError(
            f"database {settings.database_url} is at schema {current or 'none'}, "
            f"code needs {head}: run `haitao db upgrade`"
        )


def migrated_sessions(settings: Settings) -> sessionmaker[Session]:
    """Sessions on the catalog database, after checking it is migrated (one clear line if not)."""
    require_current_schema(settings)
    return db.session_factory(settings.database_url)
