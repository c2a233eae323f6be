"""Schedule rows: seeded from the stores file until an operator edits them."""

from __future__ import annotations

from core.db import session_factory
from core.stores import load_stores
from operations import schedules
from tests.operations.fakes import add_store


def test_stores_file_schedules_seed_rows_until_an_operator_edits_them(ops_settings):
    add_store(ops_settings, "jp-rakuichi2", "http://127.0.0.1:9", schedule={"every": "2h"})
    sessions = session_factory(ops_settings.database_url)

    def seed() -> list[str]:
        with sessions.begin() as session:
            schedules.seed_from_stores(session, load_stores(ops_settings.stores_file).values())
        with sessions() as session:
            row = schedules.get(session, "jp-rakuichi2")
            return [row.when, row.origin]

    assert seed() == ["every 7200 s", "config"]
    add_store(ops_settings, "jp-rakuichi2", "http://127.0.0.1:9", schedule={"cron": "0 5 * * *"})
    assert seed() == ["cron: 0 5 * * *", "config"]  # the file's new timing is followed
    with sessions.begin() as session:
        when = schedules.spec(cron=None, every="30m")
        schedules.add(session, "crawl", when, "jp-rakuichi2", replace=True)
    assert seed() == ["every 1800 s", "cli"]  # an operator's edit wins over the file
