"""Landed-cost precomputation speed: cheapest route to every destination for catalog offers.

    .venv/bin/python bench/landed_cost.py [--offers 20000]

Offers come from the sample stores' generated catalogs (real prices, weights and categories in
six languages). One "breakdown" is one (offer, destination) cheapest landed total, as the index
precomputes after a rate change. Runs pinned to one core where the OS allows it, and reports the
process's CPU time beside the wall-clock time: on a shared machine the wall clock also counts
the time other processes held the core.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from decimal import Decimal

from config import CONFIG_DIR
from core.stores import load_stores
from crawler.samples.assortment import SAMPLE_STORES, generate_catalog
from pricing.exchange_rates.rate_table import load_snapshot
from pricing.landed.breakdown import Purchase
from pricing.landed.fast import cheapest_for_destinations
from pricing.landed.quote import landed_costs
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money


def offers(count: int) -> list[tuple]:
    """(price, store category, weight, seller) for `count` offers across the sample stores."""
    stores = load_stores(CONFIG_DIR / "stores.yaml")
    per_store = -(-count // len(SAMPLE_STORES))
    found = []
    for profile in SAMPLE_STORES:
        seller = stores[profile.id].seller()
        for product in generate_catalog(profile, per_store):
            for variant in product.variants:
                weight = Decimal(variant.grams) / 1000 if variant.grams else None
                price = Money(variant.price, profile.currency)
                found.append((price, product.product_type, weight, seller))
    return found[:count]


def bench_fast(items: list[tuple], rates) -> tuple[int, float, float]:
    """(breakdowns, wall-clock seconds, CPU seconds)."""
    start, cpu = time.perf_counter(), time.process_time()
    done = 0
    for price, category, weight, seller in items:
        done += len(cheapest_for_destinations(price, category, weight, seller, rates=rates))
    return done, time.perf_counter() - start, time.process_time() - cpu


def bench_full(items: list[tuple], rates, book) -> tuple[int, float]:
    start = time.perf_counter()
    done = 0
    for price, category, weight, seller in items:
        purchase = Purchase(
            price, book.categories.resolve(category), seller.country, weight, seller=seller
        )
        for code in book.codes:
            landed_costs(purchase, code, book, rates, currency="EUR")
            done += 1
    return done, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=20_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rates = load_snapshot(CONFIG_DIR / "fx-snapshot.yaml")
    book = bundled_rulebook()
    items = offers(args.offers)
    bench_fast(items[:200], rates)  # warm the caches and the rule book
    done, seconds, cpu_seconds = bench_fast(items, rates)
    full_items = items[: max(1, len(items) // 20)]
    full_done, full_seconds = bench_full(full_items, rates, book)
    rate = done / seconds
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, one core"
    )
    print(f"offers: {len(items)}, destinations: {len(book.codes)} ({', '.join(book.codes)})")
    print(
        f"cheapest_for_destinations: {done} breakdowns in {seconds:.2f} s = "
        f"{rate:,.0f} breakdowns/s ({len(items) / seconds:,.0f} offers/s)"
    )
    print(f"  CPU time: {cpu_seconds:.2f} s = {done / cpu_seconds:,.0f} breakdowns/s")
    print(
        f"  re-pricing 1M offers × {len(book.codes)} destinations: "
        f"{1_000_000 * len(book.codes) / rate:.0f} s of one core"
    )
    print(
        f"full breakdowns (every route, rules in words): {full_done} in {full_seconds:.2f} s = "
        f"{full_done / full_seconds:,.0f} destination breakdowns/s"
    )


if __name__ == "__main__":
    main()
