"""The CostBook on a real SQLite catalog: a product's offers and its GTIN siblings, the
cheapest in-stock offer by net cost, cashback on the item price, gone offers left out."""

from __future__ import annotations

import threading
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from alerts import costs
from alerts.costs import CostBook, Quote, no_cashback
from core.tables import Offer, Product
from pricing.money import Money
from tests.alerts.conftest import RATES, add_product

TEN_PERCENT = lambda _store, _price, _category: Decimal("0.10")  # noqa: E731


def test_a_quote_nets_the_cashback_off_the_delivered_cost():
    quote = Quote(1, "us-shop", Money.parse("120.50", "CNY"), Money.parse("20.25", "CNY"), True)
    assert quote.net == Money.parse("100.25", "CNY")
    assert no_cashback("us-shop", quote.delivered, None) == 0


def test_cashback_is_the_rate_times_the_item_price_in_the_shoppers_currency(sessions):
    with sessions.begin() as session:
        product = add_product(session, price="50.00")
        plain = CostBook(session, RATES).quote(product.id, "CN", "CNY")
        paid = CostBook(session, RATES, TEN_PERCENT).quote(product.id, "CN", "CNY")
    item_in_cny = Decimal("50.00") * RATES.rate("USD", "CNY")
    assert plain.cashback.amount == 0 and plain.delivered.currency == "CNY"
    assert paid.cashback.amount == item_in_cny * Decimal("0.10")
    assert paid.delivered == plain.delivered and paid.net.amount < plain.net.amount
    assert plain.delivered.amount > item_in_cny  # shipping and taxes on top


def test_the_cheapest_sibling_with_the_same_gtin_wins(sessions):
    with sessions.begin() as session:
        dear = add_product(session, "us-shop", price="80.00")
        cheap = add_product(session, "us-other", price="40.00")
        book = CostBook(session, RATES)
        book.load([dear.id], ["CN", "JP"])
        quote = book.quote(dear.id, "CN", "CNY")
        cheap_offer = session.scalar(select(Offer.id).where(Offer.product_id == cheap.id))
    assert (quote.store_id, quote.offer_id, quote.available) == ("us-other", cheap_offer, True)


def test_in_stock_offers_win_over_cheaper_ones_that_are_not(sessions):
    with sessions.begin() as session:
        wanted = add_product(session, "us-shop", price="80.00")
        add_product(session, "us-other", price="40.00", available=False)
        quote = CostBook(session, RATES).quote(wanted.id, "CN", "CNY")
    assert quote.store_id == "us-shop" and quote.available


def test_when_nothing_is_in_stock_the_cheapest_is_quoted_as_unavailable(sessions):
    with sessions.begin() as session:
        wanted = add_product(session, "us-shop", price="80.00", available=False)
        add_product(session, "us-other", price="40.00", available=False)
        quote = CostBook(session, RATES).quote(wanted.id, "CN", "CNY")
    assert quote.store_id == "us-other" and not quote.available


def test_gone_offers_and_unpriceable_currencies_give_no_quote(sessions):
    with sessions.begin() as session:
        gone = add_product(session, price="50.00", gone_at=datetime(2026, 11, 1))
        book = CostBook(session, RATES)
        assert book.quote(gone.id, "CN", "CNY") is None
        assert book.quote(999_999, "CN", "CNY") is None  # no such product
        product = add_product(
            session, "jp-shop", price="5000", currency="JPY", gtin="4006381333931"
        )
        assert CostBook(session, RATES).quote(product.id, "CN", "KRW") is None  # no KRW rate


def _catalog(session) -> list[int]:
    """Products of three stores: two GTINs shared across stores, one product of its own."""
    products = [
        add_product(session, "us-shop", price="80.00"),
        add_product(session, "us-other", price="40.00"),
        add_product(session, "us-shop", price="30.00", gtin="4006381333931"),
        add_product(session, "jp-shop", price="5000", currency="JPY", gtin="4006381333931"),
        add_product(session, "us-third", price="12.50", gtin="0036000291452"),
    ]
    return [product.id for product in products]


def test_a_query_of_product_ids_loads_the_same_quotes_as_the_ids_themselves(sessions):
    with sessions.begin() as session:
        ids = _catalog(session)
        wanted = ids[::2]  # one product per GTIN: the siblings come with them
        by_ids, by_query = CostBook(session, RATES), CostBook(session, RATES)
        by_ids.load(wanted, ["CN", "DE"])
        by_query.load(select(Product.id).where(Product.id.in_(wanted)), ["CN", "DE"])
        priced = 0
        for product_id in ids:
            for destination, currency in (("CN", "CNY"), ("DE", "EUR"), ("DE", "USD")):
                expected = by_ids.priced(product_id, destination, currency)
                assert by_query.priced(product_id, destination, currency) == expected
                if expected is not None:
                    assert expected.net == expected.quote.net.rounded().amount
                    priced += 1
        assert priced >= len(ids) * 2
        assert by_query.quote(ids[0], "CN", "CNY").store_id == "us-other"  # cheaper sibling


def test_landed_costs_the_index_holds_are_taken_also_when_looked_up_in_a_worker(
    sessions, monkeypatch
):
    """Many offers are looked up in a worker thread: what it finds prices them all the same."""
    asked: list[tuple[str, int]] = []

    def indexed(keys, destinations):  # what a reindex wrote: a fixed cost to every destination
        asked.append((threading.current_thread().name, len(keys)))
        return {key.offer_id: {dest: Decimal("7.25") for dest in destinations} for key in keys}

    with sessions.begin() as session:
        ids = _catalog(session)
        serial = CostBook(session, RATES, indexed=indexed)
        serial.load(ids, ["CN"])
        monkeypatch.setattr(costs, "PARALLEL_FROM", 2)
        threaded = CostBook(session, RATES, indexed=indexed)
        threaded.load(select(Product.id), ["CN"])
        quotes = [threaded.quote(product_id, "CN", "EUR") for product_id in ids]
        assert quotes == [serial.quote(product_id, "CN", "EUR") for product_id in ids]
    assert {quote.delivered.amount for quote in quotes} == {Decimal("7.25")}
    assert any(name.startswith("alerts-landed") for name, _ in asked)
    assert sum(count for name, count in asked if name.startswith("alerts-landed")) >= 4
