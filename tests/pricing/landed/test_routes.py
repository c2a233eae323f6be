"""Routes: the store's shipping table, forwarders (weight steps, volumetric weight, the domestic
leg), bonded stock, and the cheapest route marked. Uses the bundled sample stores' tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config import CONFIG_DIR
from core.shipping_table import ShippingRate
from core.stores import load_stores
from pricing.landed.breakdown import Purchase
from pricing.landed.forwarders import Lane
from pricing.landed.quote import QuoteError, landed_costs
from pricing.landed.request import parse_money
from pricing.landed.routes import NoRoute
from tests.pricing.landed.examples import ROUND_RATES, TODAY, shown

STORES = load_stores(CONFIG_DIR / "stores.yaml")


def routes(book, store_id: str, price: str, to: str, category="cosmetics", weight="0.4", **kw):
    store = STORES[store_id]
    purchase = Purchase(
        parse_money(price),
        category,
        store.country,
        Decimal(weight) if weight else None,
        seller=store.seller(),
        **kw,
    )
    return landed_costs(purchase, to, book, ROUND_RATES, today=TODAY)


@pytest.mark.parametrize(
    ("price", "shipping"),
    [("59.99 USD", "48.00"), ("60.00 USD", "0.00")],  # 6 + 3 × 0.5 kg = 7.50 USD = 48 CNY
)
def test_store_shipping_is_free_from_its_threshold(book, price, shipping):
    """us-vitashop to CN: flat 6 + 3/kg in started 0.5 kg steps, free from 60 USD."""
    direct = next(b for b in routes(book, "us-vitashop", price, "CN") if b.route == "direct")
    assert shown(direct).get("shipping", "0.00") == shipping
    assert direct.regime == "cbec"  # the store is a registered cross-border platform


def test_every_route_is_priced_and_the_cheapest_marked(book):
    """kr-beautymall (KRW) to CN, ₩100,000 cosmetics, 0.4 kg: ₩66,666.67 = CNY 533.33.

    direct (postal, not a CBEC platform): 9,000 + 5,000 × 0.5 = ₩11,500 = CNY 61.33;
    tax 20% × 533.33 = 106.67; total 701.33.
    bonded (CBEC): free delivery; VAT 9.1% × 533.33 = 48.53; total 581.87 ← cheapest.
    """
    found = routes(book, "kr-beautymall", "100000 KRW", "CN")
    totals = {b.route: shown(b)["total"] for b in found}
    assert totals == {"direct": "701.33", "bonded": "581.87"}
    assert [b.route for b in found if b.cheapest] == ["bonded"]


def test_forwarder_route_has_two_legs_and_a_handling_fee(book):
    """uk-chemist (GBP) to KR via GlobalBox: domestic £3.99 (under £40) = ₩7,481.25;
    lane: 0.4 kg → first 0.5 kg $19 = ₩22,800; handling $3 = ₩3,600."""
    forwarded = next(b for b in routes(book, "uk-chemist", "30 GBP", "KR") if b.forwarder)
    legs = [(line.kind, line.label) for line in forwarded.lines if line.kind != "item"]
    assert legs[:3] == [
        ("shipping", "store to the forwarder's warehouse"),
        ("shipping", "GlobalBox (US, GB, DE warehouses): 0.4 kg"),
        ("fee", "GlobalBox (US, GB, DE warehouses): handling"),
    ]
    assert shown(forwarded)["shipping"] == "30281"  # 7,481.25 + 22,800
    assert shown(forwarded)["fee"] == "3600"


def test_volumetric_weight_is_billed_when_greater(book):
    """Oregon Express divides by 6,000: 12,000 cm³ bills 2 kg = 53 + 3 × 53 = CNY 212."""
    forwarded = [
        b
        for b in routes(book, "us-vitashop", "30 USD", "CN", weight="1", volume_cm3=Decimal(12000))
        if b.forwarder == "oregon-express"
    ]
    assert forwarded[0].lines[2].amount == Decimal(212)


def test_unknown_weight_is_estimated_from_the_category_with_a_warning(book):
    found = routes(book, "us-vitashop", "30 USD", "CN", category="infant-formula", weight=None)
    assert all("estimated as 1.0 kg" in b.warnings[0] for b in found)


def test_a_route_the_store_does_not_offer_is_a_clear_error(book):
    store = STORES["us-vitashop"]
    purchase = Purchase(parse_money("30 USD"), "cosmetics", "US", Decimal(1), seller=store.seller())
    with pytest.raises(NoRoute, match="keeps no bonded-warehouse stock for CN"):
        landed_costs(purchase, "CN", book, ROUND_RATES, route="bonded")


def test_regime_is_for_china_only(book):
    purchase = Purchase(parse_money("30 USD"), "cosmetics", "US", Decimal(1))
    with pytest.raises(QuoteError, match="CN only"):
        landed_costs(purchase, "DE", book, ROUND_RATES, regime="cbec")


def test_answer_in_another_currency_converts_every_line(book):
    """The DE example of test_destinations (€107.72) in USD: every line ÷ 0.8 → 134.65."""
    purchase = Purchase(
        parse_money("100 USD"), "cosmetics", "US", Decimal(1), parse_money("10 USD")
    )
    [direct] = landed_costs(
        purchase, "DE", book, ROUND_RATES, route="direct", currency="USD", today=TODAY
    )
    assert (direct.currency, shown(direct)["total"]) == ("USD", "134.65")
    assert direct.rates == ("test rates", "2026-11-20")


def test_stale_rule_data_is_warned(book):
    purchase = Purchase(parse_money("30 USD"), "cosmetics", "US", Decimal(1))
    [direct] = landed_costs(
        purchase, "GB", book, ROUND_RATES, route="direct", today=TODAY.replace(year=2028)
    )
    assert "over a year ago" in direct.warnings[-1]


@pytest.mark.parametrize(
    ("weight", "cost"), [("0.5", "18"), ("0.51", "22.5"), ("1.0", "22.5"), ("2.2", "36.0")]
)
def test_forwarder_lane_bills_started_steps(weight, cost):
    """First 0.5 kg $18, each started further 0.5 kg $4.50."""
    lane = Lane(
        first_kg=Decimal("0.5"),
        first_price=Decimal(18),
        additional_kg=Decimal("0.5"),
        additional_price=Decimal("4.5"),
    )
    assert lane.cost(Decimal(weight)) == Decimal(cost)


def test_shipping_rate_steps_and_threshold():
    rate = ShippingRate(
        flat=Decimal(6), per_kg=Decimal(3), step_kg=Decimal("0.5"), free_over=Decimal(60)
    )
    assert rate.cost(Decimal("59.99"), Decimal("0.7")) == Decimal("9.0")
    assert rate.cost(Decimal(60), Decimal("0.7")) == 0


def test_stale_exchange_rates_are_warned(book):
    """ROUND_RATES are of 2026-11-20; eight days later they are over a week old."""
    purchase = Purchase(parse_money("30 USD"), "cosmetics", "US", Decimal(1))
    today = TODAY.replace(day=28)
    [direct] = landed_costs(purchase, "GB", book, ROUND_RATES, route="direct", today=today)
    assert "exchange rates of 2026-11-20 (test rates) are 8 days old" in direct.warnings
    [fresh] = landed_costs(purchase, "GB", book, ROUND_RATES, route="direct", today=TODAY)
    assert not any("days old" in w for w in fresh.warnings)
