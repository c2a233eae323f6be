"""What a schedule firing does: a paused schedule is skipped; the rates job stores and reindexes."""

from __future__ import annotations

from core.db import session_factory
from operations import jobs, schedules
from operations.tables import ScheduleFiring
from tests.operations.fakes import add, change, runs_of


def test_a_paused_schedule_that_fires_writes_a_skipped_firing(ops_settings):
    schedule_id = add(ops_settings, "us-vitashop", cron=None, every="1h")
    change(ops_settings, schedule_id, schedules.pause)
    jobs.fire(schedule_id)
    with session_factory(ops_settings.database_url)() as session:
        (firing,) = session.query(ScheduleFiring).all()
    assert (firing.outcome, firing.message) == ("skipped", "schedule paused")
    assert runs_of(ops_settings, "us-vitashop") == []


def test_the_rates_job_stores_rates_and_reindexes(ops_settings, monkeypatch):
    # With the pricing module's sources: no network, so the online ones fail fast.
    for key in ("HAITAO_RATESAPI_URL", "HAITAO_ECB_URL"):
        monkeypatch.setenv(key, "http://127.0.0.1:9/")
    monkeypatch.setenv("HAITAO_FX_DEADLINE", "2")
    schedule_id = add(ops_settings, "rates", cron=None, every="1d")
    jobs.fire(schedule_id)
    with session_factory(ops_settings.database_url)() as session:
        (firing,) = session.query(ScheduleFiring).all()
    assert firing.outcome == "done", firing.message
    assert "rates bundled snapshot 2026-11-20; indexed 0 offers" in firing.message
