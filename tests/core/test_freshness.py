"""Freshness: a failed last crawl or a price unconfirmed for longer than the schedule allows."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.db import session_factory
from core.freshness import (
    CRAWL_FAILED,
    DEFAULT_ALLOWANCE,
    NOT_CONFIRMED,
    LastCrawl,
    Staleness,
    allowance,
    is_stale,
    last_crawls,
    staleness,
)
from core.schedule_spec import ScheduleSpec
from core.settings import Settings
from core.tables import CrawlRun, Store
from operations.bootstrap import prepare_database

NOW = datetime(2026, 12, 6, 12)


@pytest.mark.parametrize(
    ("schedule", "allowed"),
    [
        (None, DEFAULT_ALLOWANCE),
        (ScheduleSpec(every="6h"), timedelta(hours=13)),
        (ScheduleSpec(cron="0 3 * * *", time_limit="30m"), timedelta(days=2, minutes=30)),
        (ScheduleSpec(cron="0 3 * * 1"), timedelta(days=14, hours=1)),
        (ScheduleSpec(every="6h", paused=True), DEFAULT_ALLOWANCE),
    ],
)
def test_the_allowance_follows_the_schedule(schedule, allowed):
    assert allowance(schedule) == allowed


def test_stale_when_the_last_crawl_failed_or_the_price_is_too_old():
    ok, failed = LastCrawl("finished", NOW), LastCrawl("failed", NOW, "HTTP 500")
    assert not is_stale(NOW - timedelta(hours=47), ok, DEFAULT_ALLOWANCE, NOW)
    assert is_stale(NOW - timedelta(hours=49), ok, DEFAULT_ALLOWANCE, NOW)
    assert is_stale(NOW - timedelta(minutes=5), failed, DEFAULT_ALLOWANCE, NOW)
    assert not is_stale(NOW, None, DEFAULT_ALLOWANCE, NOW)
    assert is_stale(None, ok, DEFAULT_ALLOWANCE, NOW)


def test_staleness_says_why_a_failed_crawl_first():
    ok, failed = LastCrawl("finished", NOW), LastCrawl("cancelled", NOW - timedelta(hours=1))
    old = NOW - timedelta(days=3)
    assert staleness(NOW, ok, DEFAULT_ALLOWANCE, NOW) == Staleness(False, None)
    assert staleness(old, ok, DEFAULT_ALLOWANCE, NOW) == Staleness(True, NOT_CONFIRMED)
    both = staleness(old, failed, timedelta(hours=13), NOW)
    assert both == Staleness(True, CRAWL_FAILED, timedelta(hours=13), failed.ended_at)


def test_last_crawls_are_each_stores_newest_ended_run(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        for store in ("a", "b"):
            session.add(
                Store(id=store, name=store, platform="shopify", url="https://x.example",
                      country="US", currency="USD", language="en")
            )  # fmt: skip
        session.flush()
        session.add_all(
            [
                CrawlRun(store_id="a", state="finished", finished_at=NOW),
                CrawlRun(store_id="a", state="failed", finished_at=NOW, error="refused"),
                CrawlRun(store_id="a", state="running"),
                CrawlRun(store_id="b", state="finished", finished_at=NOW),
            ]
        )
    with session_factory(settings.database_url)() as session:
        crawls = last_crawls(session)
    assert crawls["a"] == LastCrawl("failed", NOW, "refused") and crawls["a"].failed
    assert not crawls["b"].failed


def test_freshness_reads_the_crawls_once_and_applies_each_stores_schedule(tmp_path):
    from core.freshness import Freshness

    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        for store in ("hourly", "daily"):
            session.add(
                Store(id=store, name=store, platform="shopify", url="https://x.example",
                      country="US", currency="USD", language="en")
            )  # fmt: skip
        session.flush()
        session.add(CrawlRun(store_id="hourly", state="finished", finished_at=NOW))
    with session_factory(settings.database_url)() as session:
        fresh = Freshness(session, {"hourly": ScheduleSpec(every="1h", time_limit="10m")}, NOW)
    four_hours_ago = NOW - timedelta(hours=4)
    assert fresh.stale("hourly", four_hours_ago)  # allowed 2 h 10 min
    assert not fresh.stale("daily", four_hours_ago)  # no schedule: 48 h
    assert not fresh.stale("hourly", NOW - timedelta(hours=2))
