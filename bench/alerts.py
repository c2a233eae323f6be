"""Alert evaluation speed: every active alert checked against today's costs after a reindex.

    .venv/bin/python bench/alerts.py [--products 100000] [--alerts 100000]

Builds a catalog database in a temporary folder from the sample stores' generated catalogs
(real prices, weights, categories and shared GTINs; one offer per product), a thousand users
and `--alerts` alerts spread over the products (targets, drops and stock alerts; destinations
CN, DE, US, JP; currencies CNY, EUR, USD), reindexes it (embedded backend; not timed), then
times `operations.alert_checks.evaluate_all` (`alerts.evaluate.evaluate_alerts` with the stores
file's shipping, the programs' cashback and the landed costs the index holds) and its commit:
a first check, then another after 5 % of the offers got cheaper and were indexed again. CPU
is the whole process's (`time.process_time`: the index lookup's worker thread included); the
main thread's share is what a quiet two-core machine waits for.
Target: 100,000 alerts over a 100,000-product catalog in ≤ 10 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the
# `alerts` package: look the packages up from the project's root instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse
import os
import platform
import random
import tempfile
import time
from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select, update

from alerts.tables import Alert
from config import CONFIG_DIR
from core.db import session_factory
from core.settings import Settings
from core.stores import load_stores
from core.tables import Offer, Product, Store
from crawler.samples.assortment import SAMPLE_STORES, generate_catalog
from indexer.backends.embedded import EmbeddedBackend
from indexer.build import catalog_documents
from operations.alert_checks import evaluate_all
from operations.bootstrap import prepare_database
from operations.indexing import rebuild_index
from pricing.exchange_rates.rate_table import latest_table
from rebates.programs import seed_programs_if_none, shopper_rates
from rebates.tables import User

DESTINATIONS, CURRENCIES = ("CN", "DE", "US", "JP"), ("CNY", "EUR", "USD")


def build(settings: Settings, products: int, alerts: int) -> None:
    prepare_database(settings)
    sessions = session_factory(settings.database_url)
    with sessions.begin() as session:
        session.execute(insert(Store), [_store(p) for p in SAMPLE_STORES])
        seed_programs_if_none(session)
        product_rows, offer_rows = _catalog(products)
        session.execute(insert(Product), product_rows)
        session.execute(insert(Offer), offer_rows)
        session.execute(
            insert(User),
            [{"email": f"u{n}@example.com", "password_hash": "x"} for n in range(1, 1001)],
        )
        session.execute(insert(Alert), _alerts(alerts, products))


def _store(profile) -> dict:
    return {
        "id": profile.id, "name": profile.name, "platform": profile.platform,
        "url": f"http://127.0.0.1:{profile.port}", "country": profile.country,
        "currency": profile.currency, "language": profile.language,
    }  # fmt: skip


def _catalog(count: int) -> tuple[list[dict], list[dict]]:
    per_store = -(-count // len(SAMPLE_STORES))
    products, offers = [], []
    for profile in SAMPLE_STORES:
        for item in generate_catalog(profile, per_store):
            if len(products) == count:
                break
            variant = item.variants[0]
            products.append({
                "id": len(products) + 1, "store_id": profile.id, "external_id": str(item.id),
                "title": item.title, "category": item.product_type, "url": item.handle,
                "description": "",
            })  # fmt: skip
            offers.append({
                "product_id": len(products), "external_id": str(variant.id), "gtin": variant.gtin,
                "price": variant.price, "currency": profile.currency,
                "weight_kg": Decimal(variant.grams) / 1000, "available": variant.available,
            })  # fmt: skip
    return products, offers


def _alerts(count: int, products: int) -> list[dict]:
    rng = random.Random(13)
    rows = []
    for _ in range(count):
        kind = rng.choices(("target", "drop", "in_stock"), (6, 3, 1))[0]
        rows.append({
            "user_id": rng.randint(1, 1000), "email": "u@example.com",
            "product_id": rng.randint(1, products), "destination": rng.choice(DESTINATIONS),
            "currency": rng.choice(CURRENCIES), "kind": kind,
            "target": Decimal(rng.randint(5, 500)) if kind == "target" else None,
            "drop_percent": Decimal(10) if kind == "drop" else None,
            "baseline": Decimal(rng.randint(20, 600)) if kind == "drop" else None,
            "channel": "email", "active": True, "armed": True,
            "created_at": datetime(2026, 12, 1),
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        settings = Settings.from_env(
            {"HAITAO_HOME": home, "HAITAO_STORES": str(CONFIG_DIR / "stores.yaml")}
        )
        started = time.perf_counter()
        build(settings, args.products, args.alerts)
        print(f"built {args.products} products, {args.alerts} alerts in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        started = time.perf_counter()
        print(f"reindexed {rebuild_index(settings)} documents in "
              f"{time.perf_counter() - started:.1f} s (not part of the check)")  # fmt: skip
        first = evaluate(settings)
        report("first check (every alert new; most targets met)", first, args.alerts)
        cut = cut_prices(settings, share=0.05)
        started = time.perf_counter()
        print(f"re-indexed the {reindex_offers(settings, cut)} cheaper offers in "
              f"{time.perf_counter() - started:.1f} s (not part of the check)")  # fmt: skip
        again = evaluate(settings)
        report("after a reindex (5 % of offers 10 % cheaper)", again, args.alerts)


def evaluate(settings: Settings):
    """One check of every alert, as `haitao alerts check` runs it (without the delivery):
    the landed costs come from the index the reindex just wrote."""
    sessions = session_factory(settings.database_url)
    started, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
    with sessions.begin() as session, EmbeddedBackend(settings.search_path) as backend:
        outcome = evaluate_all(session, settings, latest_table(session), backend)
    main = time.thread_time() - main
    return outcome, time.perf_counter() - started, time.process_time() - cpu, main


def cut_prices(settings: Settings, share: float) -> list[int]:
    """What a crawl brings: some offers cheaper (their ids)."""
    rng = random.Random(7)
    with session_factory(settings.database_url).begin() as session:
        rows = session.execute(select(Offer.id, Offer.price)).all()
        cut = [{"id": i, "price": p * 9 / 10} for i, p in rows if rng.random() < share]
        session.execute(update(Offer), cut)
    return [row["id"] for row in cut]


def reindex_offers(settings: Settings, offer_ids: list[int]) -> int:
    """The index update a crawl's changes bring (`indexer.reindex.update_after_crawls`)."""
    with session_factory(settings.database_url)() as session:
        documents = catalog_documents(
            session,
            latest_table(session),
            where=Offer.id.in_(offer_ids),
            stores=load_stores(settings.stores_file),
            rebate_rates=shopper_rates(session),
        )
        with EmbeddedBackend(settings.search_path) as backend:
            return backend.upsert(documents)


def report(what: str, result, alerts: int) -> None:
    outcome, seconds, cpu, main = result
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{what}: {outcome}")
    machine = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}"
    speed = (
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU ({main:.2f} s of it on the main thread; the "
        f"rest is the index lookup's worker) ({alerts / seconds:,.0f} alerts/s)"
    )
    print(f"  evaluated in {speed}; load {load:.1f}; {machine}")


if __name__ == "__main__":
    main()
