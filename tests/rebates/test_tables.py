"""The migrations match every model, and 0002 goes down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from core import db
from operations.bootstrap import all_tables


def test_the_models_and_migrations_agree(settings):
    engine = db.get_engine(settings.database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), all_tables()) == []


def test_0002_downgrades_and_upgrades(settings):
    config = db._alembic_config(settings.database_url)
    engine = db.get_engine(settings.database_url)
    with engine.begin() as connection:  # the fixture's rows would block the drops' foreign keys
        for table in ("rebate_category_rates", "rebate_programs", "rebate_networks"):
            connection.exec_driver_sql(f"DELETE FROM {table}")
    command.downgrade(config, "0001")
    assert not any(name.startswith("rebate_") for name in inspect(engine).get_table_names())
    command.upgrade(config, "head")
    assert db.current_revision(settings.database_url) == db.head_revision()
    assert "ledger_entries" in inspect(engine).get_table_names()
