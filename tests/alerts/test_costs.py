"""The CostBook on a real SQLite catalog: a product's offers and its GTIN siblings, the
cheapest in-stock offer by net cost, cashback on the item price, gone offers left out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from alerts.costs import CostBook, Quote, no_cashback
from core.tables import Offer
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
