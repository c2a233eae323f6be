"""A data directory brought up to date: the schema at the head, the bundled rates once."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from core import db
from core.settings import Settings
from operations.bootstrap import all_tables, prepare_database
from pricing.exchange_rates.rate_table import FxRate, load_snapshot_days


def test_prepare_migrates_and_loads_the_snapshot_once(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    prepare_database(settings)
    prepare_database(settings)
    assert db.current_revision(settings.database_url) == db.head_revision()
    with db.session_factory(settings.database_url)() as session:
        rates = session.scalar(select(func.count()).select_from(FxRate))
        days = session.scalar(select(func.count(func.distinct(FxRate.as_of))))
    snapshot = load_snapshot_days(settings.fx_snapshot_file)  # every day of it, stored once
    assert rates == sum(len(day.per_pivot) for day in snapshot) and days == len(snapshot) >= 60


def test_the_migrations_build_exactly_the_tables_the_code_declares(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path / "home")})
    prepare_database(settings)
    with db.get_engine(settings.database_url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), all_tables()) == []
    assert {"stores", "crawl_runs", "fx_rates", "rebate_users", "schedules"} <= set(
        all_tables().tables
    )
