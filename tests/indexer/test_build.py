"""Catalog rows → documents: drops and lows from the price observations, and freshness."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from core.db import session_factory
from core.schedule_spec import ScheduleSpec
from core.settings import Settings
from core.stores import StoreConfig
from core.tables import CrawlRun, PriceObservation, Product, utcnow
from indexer.build import catalog_documents
from operations.bootstrap import prepare_database
from pricing.exchange_rates.history import load_history
from pricing.exchange_rates.rate_table import FxRate, require_latest_table
from pricing.landed.rulebook import bundled_rulebook
from pricing.money import Money
from pricing.price_moves import delivered
from tests.alerts.conftest import add_product

RATE = Decimal("0.1234")


def build(
    tmp_path,
    observed: list[tuple[int, str]],
    price: str,
    run_state="finished",
    rebates=None,
    **offer,
):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    now = utcnow()
    with session_factory(settings.database_url).begin() as session:
        product = add_product(session, price=price, **offer)
        for days_ago, amount in observed:
            when = now - timedelta(days=days_ago)
            session.add(
                PriceObservation(
                    offer=product.offers[0], observed_at=when, price=Decimal(amount), currency="USD"
                )
            )
        session.add(CrawlRun(store_id="us-shop", state=run_state, finished_at=now))
    with session_factory(settings.database_url)() as session:
        rates = require_latest_table(session)
        return list(catalog_documents(session, rates, rebate_rates=rebates or {}))


def test_the_net_cost_is_the_landed_cost_less_the_rebate_of_the_price(tmp_path):
    [doc] = build(tmp_path, [], "20.00", rebates={"us-shop": lambda price, category: RATE})
    cashback = (doc.price_pivot.amount * RATE).quantize(Decimal("0.01"))
    assert doc.landed and set(doc.net) == set(doc.landed)
    for dest, landed in doc.landed.items():
        assert doc.net[dest] == Money(landed.amount - cashback, "EUR")


def test_without_a_rebate_the_net_cost_is_the_landed_cost(tmp_path):
    [doc] = build(tmp_path, [], "20.00")
    assert doc.net == doc.landed


def test_each_destination_names_the_route_of_its_landed_cost(tmp_path):
    """The catalog row has no stores-file entry: forwarders only, so every route names one."""
    [doc] = build(tmp_path, [], "20.00")
    assert set(doc.landed_route) == set(doc.landed)
    forwarders = {f.id for f in bundled_rulebook().forwarders}
    for route in doc.landed_route.values():
        kind, _, forwarder = route.partition(":")
        assert kind == "forwarder" and forwarder in forwarders


def test_a_cut_twelve_days_ago_is_a_drop_and_a_low(tmp_path):
    [doc] = build(tmp_path, [(40, "25.00"), (12, "20.00")], "20.00")
    assert doc.price_drop == Decimal("0.200") and doc.lowest_90d and not doc.stale


def test_a_price_that_never_moved_is_no_drop_and_no_low(tmp_path):
    [doc] = build(tmp_path, [(80, "20.00")], "20.00")
    assert doc.price_drop == 0 and not doc.lowest_90d


def test_a_failed_last_crawl_makes_the_offers_stale(tmp_path):
    [doc] = build(tmp_path, [], "20.00", run_state="failed")
    assert doc.stale


def test_a_price_unconfirmed_for_longer_than_the_schedule_allows_is_stale(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        product = add_product(session, last_seen_at=utcnow() - timedelta(hours=20))
        session.add(CrawlRun(store_id="us-shop", state="finished", finished_at=utcnow()))
        store = product.store
    hourly = StoreConfig(
        id="us-shop", name="us-shop", platform="shopify", url="https://us-shop.example",
        country="US", currency="USD", language="en", schedule=ScheduleSpec(every="1h"),
    )  # fmt: skip
    with session_factory(settings.database_url)() as session:
        rates = require_latest_table(session)
        [daily] = catalog_documents(session, rates, rebate_rates={})
        [strict] = catalog_documents(session, rates, stores={store.id: hourly}, rebate_rates={})
    assert not daily.stale and strict.stale  # 20 h: within 48 h, beyond 2 h + 1 h


def delivered_drop(tmp_path, prices: list[tuple[int, str]], destination: str, currency: str):
    """The oracle: `pricing.price_moves.delivered` in the destination's currency, each price
    at its own day's rates; the drop from the dearest over the last 30 days to today's."""
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    with session_factory(settings.database_url)() as session:
        history, product = load_history(session), session.scalar(select(Product))
        offer = product.offers[0]
        cost = delivered(
            product.category, offer.weight_kg, product.store.seller(), destination, currency
        )
        today = utcnow().date()
        costs = [
            cost(Money(Decimal(amount), "USD"), history.table_on(today - timedelta(days=ago)))
            for ago, amount in prices
        ]
    high, now = max(c.amount for c in costs), costs[-1].amount
    return ((high - now) / high).quantize(Decimal("0.001"))


def test_a_cut_is_a_drop_and_a_low_of_the_delivered_cost_in_each_destination(tmp_path):
    [doc] = build(tmp_path, [(40, "25.00"), (12, "20.00")], "20.00")
    # in force 30 days ago (25.00 at that day's rates), the cut, and today's cost
    expected = delivered_drop(tmp_path, [(30, "25.00"), (12, "20.00"), (0, "20.00")], "CN", "CNY")
    assert doc.landed_drop["CN"] == expected and 0 < expected < doc.price_drop
    assert "CN" in doc.landed_low_90d and set(doc.landed_drop) <= set(doc.landed)


def test_an_exchange_rate_move_alone_drops_the_delivered_cost(tmp_path):
    """The dollar falls 10 % against the euro today: the store's price never moved, but the
    delivered cost in yuan did."""
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        latest = require_latest_table(session)
        today = utcnow().date()
        for quote, rate in latest.per_pivot.items():
            moved = rate * Decimal("1.1") if quote == "USD" else rate
            session.add(FxRate(source="test", base="EUR", quote=quote, rate=moved, as_of=today))
    [doc] = build(tmp_path, [(80, "20.00")], "20.00")
    expected = delivered_drop(tmp_path, [(30, "20.00"), (0, "20.00")], "CN", "CNY")
    assert doc.price_drop == 0 and not doc.lowest_90d
    assert doc.landed_drop["CN"] == expected > Decimal("0.05")
    assert "CN" in doc.landed_low_90d
