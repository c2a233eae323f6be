"""The rule resolver: which bands, duty rate, tax and fees apply, amounts in the destination's
currency, cached per rule book and rate table; China's regime choice and rates."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.landed.breakdown import Purchase
from pricing.landed.quote import QuoteError, landed_costs
from pricing.landed.request import parse_money
from pricing.landed.resolve import NoRate, Resolver, china_regime, resolver_for
from pricing.landed.rules import Preference
from tests.pricing.landed.examples import ROUND_RATES, TODAY


@pytest.fixture
def resolver(book) -> Resolver:
    return Resolver(book, ROUND_RATES)


def band_ids(plan) -> list[str]:
    return [band.rule.id for band in plan.bands]


def test_only_the_bands_whose_conditions_match_are_kept(resolver):
    """JP's small-value band excludes footwear; KR's list clearance is for US shipments."""
    assert band_ids(resolver.customs("JP", "US", "post", "cosmetics")) == ["small-value", "taxed"]
    assert band_ids(resolver.customs("JP", "US", "post", "footwear")) == ["taxed"]
    assert band_ids(resolver.customs("KR", "US", "post", "cosmetics")) == [
        "list-clearance-us", "de-minimis", "over-threshold",
    ]  # fmt: skip
    assert band_ids(resolver.customs("KR", "GB", "post", "cosmetics")) == [
        "de-minimis", "over-threshold",
    ]  # fmt: skip
    assert band_ids(resolver.customs("KR", "US", "post", "vitamins"))[0] == "de-minimis"


def test_limits_and_fixed_duties_are_in_the_destinations_currency(resolver):
    """At 1 USD = 1,200 KRW: US$200 = ₩240,000 and US$150 = ₩180,000, and the catch-all has
    no limit. Germany's €150 limit and €3 duty per item are already in its currency."""
    kr = resolver.customs("KR", "US", "courier", "cosmetics")
    assert [band.limit for band in kr.bands] == [Decimal(240000), Decimal(180000), None]
    low_value = resolver.customs("DE", "US", "post", "cosmetics").bands[0]
    assert (low_value.duty, low_value.duty_value, low_value.limit) == ("fixed", 3, 150)
    assert low_value.tax == "at_sale"


def test_fees_belong_to_their_bands_and_modes(resolver):
    """JP's ¥200 postal customs fee: taxed band, by post only. France's €2 low-value fee."""
    by_post = resolver.customs("JP", "US", "post", "clothing")
    assert [(b.rule.id, b.fee_total) for b in by_post.bands] == [
        ("small-value", 0), ("taxed", 200),
    ]  # fmt: skip
    by_courier = resolver.customs("JP", "US", "courier", "clothing")
    assert [b.fee_total for b in by_courier.bands] == [0, 0]
    france = resolver.customs("FR", "US", "post", "cosmetics").bands[0]
    assert [(fee.rule.name, fee.amount) for fee in france.fees] == [
        ("French fee on low-value non-EU parcels", Decimal(2))
    ]
    assert resolver.customs("DE", "US", "post", "cosmetics").bands[0].fees == ()


def test_a_preference_for_the_origin_wins_over_the_category_rate(resolver, book):
    from_us = resolver.customs("CA", "US", "courier", "clothing")
    assert isinstance(from_us.duty_rate, Preference) and from_us.duty_rate.rate == 0
    from_gb = resolver.customs("CA", "GB", "courier", "clothing")
    assert from_gb.duty_rate == book.destinations["CA"].duty.rate_for("clothing")
    assert from_gb.duty_rate.rate > 0
    rated = [band for band in from_gb.bands if band.duty == "rate"]
    assert rated and all(band.duty_value == from_gb.duty_rate.rate for band in rated)


def test_a_parcel_from_within_the_customs_union_is_domestic(resolver):
    assert resolver.customs("DE", "FR", "post", "cosmetics").domestic
    assert resolver.customs("DE", "DE", "post", "cosmetics").domestic
    assert not resolver.customs("DE", "GB", "post", "cosmetics").domestic


def test_the_tax_and_its_base_come_from_the_destination(resolver):
    jp = resolver.customs("JP", "US", "post", "cosmetics")
    assert (jp.tax_rate, jp.tax_with_shipping, jp.tax_with_duty) == (Decimal("0.10"), True, True)
    assert (jp.factor, jp.duty_with_shipping) == (Decimal("0.6"), True)
    us = resolver.customs("US", "GB", "post", "clothing")
    assert us.tax_rate == 0 and all(band.tax == "none" for band in us.bands)


def test_plans_are_resolved_once_per_resolver(resolver):
    first = resolver.customs("KR", "US", "post", "cosmetics")
    assert resolver.customs("KR", "US", "post", "cosmetics") is first
    assert resolver.china("vitamins") is resolver.china("vitamins")


def test_one_resolver_per_rule_book_and_rate_table(book):
    assert resolver_for(book, ROUND_RATES) is resolver_for(book, ROUND_RATES)
    dearer = replace(ROUND_RATES, per_pivot={**ROUND_RATES.per_pivot, "KRW": Decimal(3000)})
    other = resolver_for(book, dearer)
    assert other is not resolver_for(book, ROUND_RATES)
    limits = [band.limit for band in other.customs("KR", "GB", "post", "toys").bands]
    assert limits == [Decimal(360000), None]  # US$150 at 2,400 KRW


def test_a_rule_in_a_currency_without_a_rate_is_named(book):
    """KR's limits are in USD: a table without USD cannot resolve them."""
    no_usd = RateTable("partial", ROUND_RATES.as_of, {"KRW": Decimal(1500), "GBP": Decimal("0.8")})
    with pytest.raises(NoRate, match="no exchange rate for USD to KRW") as error:
        Resolver(book, no_usd).customs("KR", "GB", "post", "toys")
    assert isinstance(error.value, UnknownRate)  # callers that catch UnknownRate still do
    purchase = Purchase(parse_money("30 GBP"), "toys", "GB", Decimal(1), parse_money("5 GBP"))
    with pytest.raises(QuoteError, match="no exchange rate for USD to KRW") as quoted:
        landed_costs(purchase, "KR", book, no_usd, route="direct", today=TODAY)
    assert quoted.value.field == "currency"


@pytest.mark.parametrize(
    ("route", "cbec_platform", "regime"),
    [
        ("bonded", False, "cbec"),
        ("bonded", True, "cbec"),
        ("direct", True, "cbec"),
        ("direct", False, "postal"),
        ("forwarder", True, "postal"),
        ("forwarder", False, "postal"),
    ],
)
def test_chinas_regime_follows_the_route_and_the_sellers_registration(route, cbec_platform, regime):
    assert china_regime(route, cbec_platform) == regime


def test_chinas_rates_follow_the_category(resolver, book):
    high_end = resolver.china("cosmetics-high-end")
    assert (high_end.ct_rate, high_end.tier.rate) == (Decimal("0.15"), Decimal("0.50"))
    assert high_end.consumption_tax is not None
    vitamins = resolver.china("vitamins")
    assert (vitamins.ct_rate, vitamins.consumption_tax, vitamins.tier.rate) == (
        0, None, Decimal("0.13"),
    )  # fmt: skip
    assert vitamins.vat == book.china.vat["default"]
