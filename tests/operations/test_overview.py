"""Every store at once: its schedule in words, its last run and flags, its catalog size."""

from __future__ import annotations

from decimal import Decimal

from core.db import session_factory
from core.stores import load_stores
from core.tables import CrawlRun, Offer, Product, utcnow
from crawler.upsert import sync_store
from operations import schedules
from operations.overview import stores_overview
from operations.tables import RunFlag


def test_a_scheduled_store_with_a_flagged_run_and_a_gone_product(ops_settings):
    stores = load_stores(ops_settings.stores_file)
    sessions = session_factory(ops_settings.database_url)
    with sessions.begin() as session:
        sync_store(session, stores["us-vitashop"])
        schedules.add(session, "crawl", schedules.spec(cron="0 3 * * *", every=None), "us-vitashop")
        run = CrawlRun(store_id="us-vitashop", state="failed", items_scraped=0)
        session.add(run)
        session.flush()
        session.add(RunFlag(run_id=run.id, store_id="us-vitashop", rule="nothing_scraped",
                            message="scraped nothing"))  # fmt: skip
        for external_id, gone in (("a", None), ("b", utcnow())):
            product = Product(store_id="us-vitashop", external_id=external_id, title=external_id,
                              url="http://x/" + external_id, gone_at=gone)  # fmt: skip
            session.add(product)
            session.flush()
            session.add(Offer(product_id=product.id, external_id="1", price=Decimal("9.99"),
                              currency="USD"))  # fmt: skip
    with sessions() as session:
        by_id = {s.store_id: s for s in stores_overview(session, stores.values())}
    vitashop = by_id["us-vitashop"]
    assert vitashop.schedule == "cron: 0 3 * * *"
    assert vitashop.description == "every day at 03:00 UTC"
    assert vitashop.next_run is None  # the scheduler has not planned it yet
    assert vitashop.last_run.id == run.id and vitashop.flags == ["nothing_scraped"]
    assert (vitashop.products, vitashop.offers) == (1, 1)
    assert by_id["jp-denki"].description == "not scheduled" and by_id["jp-denki"].last_run is None
