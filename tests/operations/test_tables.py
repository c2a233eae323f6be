"""Migration 0005 (operations) matches the models, and goes down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from core import db
from operations import tables  # noqa: F401  (its tables join Base.metadata)


def test_the_ops_migration_matches_the_models_and_reverses(tmp_path):
    url = f"sqlite:///{tmp_path / 'haitao.sqlite'}"
    db.upgrade(url)
    with db.get_engine(url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), db.Base.metadata) == []
    config = db._alembic_config(url)
    ops = ScriptDirectory.from_config(config).get_revision("0005")
    command.downgrade(config, ops.down_revision)
    assert db.current_revision(url) == ops.down_revision
    db.upgrade(url)
    assert db.current_revision(url) == "0005" or "0005" in _ancestors(config, url)


def _ancestors(config, url) -> set[str]:
    script = ScriptDirectory.from_config(config)
    return {rev.revision for rev in script.iterate_revisions(db.current_revision(url), "base")}


def test_a_schedule_says_when_and_what_it_runs():
    from operations.tables import Schedule

    crawl = Schedule(kind="crawl", store_id="jp-denki", cron="0 3 * * *")
    rates = Schedule(kind="rates", interval_seconds=3600)
    assert (crawl.when, crawl.target) == ("cron: 0 3 * * *", "crawl jp-denki")
    assert (rates.when, rates.target) == ("every 3600 s", "rates")
