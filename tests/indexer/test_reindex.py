"""Keeping the index in step with a real SQLite catalog: a full rebuild, and per-crawl
updates that write what the runs saw, re-write a failed store's offers and delete gone ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from core.db import session_factory
from core.tables import CrawlRun, Offer, Product, Store
from indexer.backends import get_backend
from indexer.reindex import IndexUpdate, reindex, update_after_crawls

T0 = datetime(2026, 11, 20, 8)
NO_REBATES: dict[str, Decimal] = {}


def store(session, store_id: str) -> Store:
    found = session.get(Store, store_id) or Store(
        id=store_id, name=store_id, platform="shopify", url=f"https://{store_id}.example",
        country="US", currency="USD", language="en",
    )  # fmt: skip
    session.add(found)
    session.flush()
    return found


def add_offer(session, store_id: str, n: int, run: CrawlRun | None = None) -> Offer:
    product = Product(
        store=store(session, store_id), external_id=f"p{n}", title=f"Vitamin D3 {n}",
        url=f"https://{store_id}.example/p{n}", last_seen_run_id=run.id if run else None,
    )  # fmt: skip
    offer = Offer(product=product, external_id="v1", price=Decimal("10.00"), currency="USD")
    session.add(offer)
    session.flush()
    return offer


def run(session, store_id: str, state: str = "finished") -> CrawlRun:
    crawl = CrawlRun(store_id=store(session, store_id).id, state=state, started_at=T0)
    session.add(crawl)
    session.flush()
    return crawl


def indexed(settings) -> int:
    backend = get_backend(settings)
    try:
        return backend.count()
    finally:
        backend.close()


def test_a_rebuild_indexes_every_live_offer(ops_settings):
    sessions = session_factory(ops_settings.database_url)
    assert reindex(ops_settings, rebate_rates=NO_REBATES) == 0
    with sessions.begin() as session:
        for n in range(3):
            add_offer(session, "us-vitashop", n)
        add_offer(session, "us-vitashop", 9).gone_at = T0
    assert reindex(ops_settings, rebate_rates=NO_REBATES) == 3
    assert indexed(ops_settings) == 3


def test_an_update_writes_what_runs_saw_refreshes_failed_stores_and_deletes_gone(ops_settings):
    sessions = session_factory(ops_settings.database_url)
    with sessions.begin() as session:
        seen = run(session, "us-vitashop")
        failed = run(session, "uk-chemist", state="failed")
        add_offer(session, "us-vitashop", 1, seen)
        add_offer(session, "us-vitashop", 2)  # not seen by the run: left alone
        add_offer(session, "uk-chemist", 3)  # its store's run failed: now stale, re-written
        gone = add_offer(session, "us-vitashop", 4, seen)
        run_ids = [seen.id, failed.id]
    reindex(ops_settings, rebate_rates=NO_REBATES)
    with sessions.begin() as session:
        session.get(Offer, gone.id).gone_at = T0 + timedelta(hours=1)
    update = update_after_crawls(ops_settings, run_ids, rebate_rates=NO_REBATES)
    assert (update.written, update.deleted) == (2, 1)
    assert indexed(ops_settings) == 3


def test_an_update_for_no_runs_changes_nothing(ops_settings):
    assert update_after_crawls(ops_settings, [], rebate_rates=NO_REBATES) == IndexUpdate(0, 0)
