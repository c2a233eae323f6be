"""Alembic environment: migrations run against the URL `core.db.upgrade` passes in."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from core.db import Base

# Upgrades need no metadata. To autogenerate a revision, import every table first
# (`operations.bootstrap.all_tables()`), or it will look as if they were all dropped.
target_metadata = Base.metadata


def run_migrations_online() -> None:
    section = context.config.get_section(context.config.config_ini_section, {})
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
