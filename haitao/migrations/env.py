"""Alembic environment: migrations run against the URL `haitao.db.upgrade` passes in."""

from alembic import context
from sqlalchemy import engine_from_config, pool

import haitao.catalog
import haitao.fx  # noqa: F401  (registers its tables on Base.metadata)
from haitao.db import Base
from haitao.ops import models as _ops_models  # noqa: F401  (schedules, firings, flags)

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
