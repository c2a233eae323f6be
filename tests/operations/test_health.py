"""Health rules: nothing scraped, items fell against the last good run, many errors."""

from __future__ import annotations

import pytest

from core.db import session_factory
from core.stores import load_stores
from core.tables import CrawlRun
from crawler.upsert import sync_store
from operations import health
from operations.launch import run_now
from tests.operations.fakes import FAST, add_store, wait_for

LIMITS = health.Thresholds(max_drop=0.5, max_error_rate=0.1)


@pytest.mark.e2e
def test_a_crawl_that_returns_nothing_is_flagged_and_posted(
    ops_settings, fake_stores, webhook, monkeypatch
):
    monkeypatch.setenv("HAITAO_HEALTH_WEBHOOK", webhook.url)
    add_store(ops_settings, "empty-shop", fake_stores().url)
    run = run_now(ops_settings, "empty-shop", watch=FAST)
    assert (run.state, run.items_scraped) == ("failed", 0)
    with session_factory(ops_settings.database_url)() as session:
        flags = health.flags(session, "empty-shop")
    assert [(f.run_id, f.rule) for f in flags] == [(run.id, "nothing_scraped")]
    wait_for(lambda: webhook.received, timeout=10)
    (posted,) = webhook.received[0]["flags"]
    assert posted["run_id"] == run.id and posted["rule"] == "nothing_scraped"
    assert flags[0].notified_at is not None


def add_run(session, items: int, state: str = "finished", stats: dict | None = None) -> CrawlRun:
    run = CrawlRun(store_id="us-vitashop", state=state, items_scraped=items, stats=stats or {})
    session.add(run)
    session.flush()
    return run


@pytest.fixture
def session(ops_settings):
    sessions = session_factory(ops_settings.database_url)
    with sessions.begin() as session:
        sync_store(session, load_stores(ops_settings.stores_file)["us-vitashop"])
        yield session
        session.rollback()


@pytest.mark.parametrize(
    ("before", "now", "state", "stats", "rules"),
    [
        (100, 100, "finished", {}, set()),
        (100, 60, "finished", {}, set()),  # fell 40 %: within the limit
        (100, 40, "failed", {}, {"items_fell"}),
        (100, 0, "failed", {}, {"nothing_scraped"}),
        (
            100,
            100,
            "failed",
            {"downloader/request_count": 10, "downloader/response_status_count/503": 2},
            {"errors"},
        ),
        (
            100,
            100,
            "finished",
            {"downloader/request_count": 10, "downloader/exception_type_count/Timeout": 1},
            set(),  # 10 %: not above the limit
        ),
    ],
)
def test_rules(session, before, now, state, stats, rules):
    add_run(session, before)
    add_run(session, 10, state="failed")  # a failed run is never the baseline
    run = add_run(session, now, state, stats)
    assert {flag.rule for flag in health.evaluate(session, run, LIMITS)} == rules
    assert health.evaluate(session, run, LIMITS) == []  # once per run and rule


def test_cancelled_runs_are_not_judged(session):
    run = add_run(session, 0, state="cancelled")
    assert health.evaluate(session, run, LIMITS) == []
