"""The charge arithmetic on resolved plans: band limits, duty and tax bases, China's regimes
and limits; and, for any parcel, the properties both engines rely on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.landed.charges import china_charges, china_total, customs_charges
from pricing.landed.resolve import Resolver
from pricing.landed.rulebook import bundled_rulebook
from tests.pricing.landed.examples import ROUND_RATES

BOOK = bundled_rulebook()
RESOLVER = Resolver(BOOK, ROUND_RATES)
D = Decimal


@pytest.mark.parametrize(
    ("shipping", "band", "duty", "tax", "fees"),
    [
        # 60% of ¥15,000 + shipping ¥1,000 = ¥10,000: the small-value band still takes it
        ("1000", "small-value", "0", "0", "0"),
        # a yen more: clothing duty 10% of ¥10,001 = 1,000.1; consumption tax 10% of
        # (10,001 + 1,000.1) = 1,100.11; the ¥200 postal customs fee
        ("1001", "taxed", "1000.1", "1100.11", "200"),
    ],
)
def test_a_limit_takes_a_parcel_exactly_at_it(shipping, band, duty, tax, fees):
    plan = RESOLVER.customs("JP", "US", "post", "clothing")
    picked, charged_duty, charged_tax = customs_charges(plan, D(15000), D(shipping))
    assert picked is not None and picked.rule.id == band
    assert (charged_duty, charged_tax, picked.fee_total) == (D(duty), D(tax), D(fees))


def test_tax_at_sale_is_on_the_price_and_at_import_on_cif_and_duty():
    """Germany (VAT 19%): up to €150 VAT at checkout on goods + shipping and €3 duty;
    above, duty on CIF and VAT on CIF + duty."""
    plan = RESOLVER.customs("DE", "US", "post", "cosmetics")
    band, duty, tax = customs_charges(plan, D(100), D(10))
    assert (band.rule.id, duty, tax) == ("low-value", D(3), D("20.90"))
    band, duty, tax = customs_charges(plan, D(200), D(10))
    assert band.rule.id == "over-150"
    assert tax == (D(210) + duty) * D("0.19")


def test_a_domestic_parcel_is_charged_nothing():
    plan = RESOLVER.customs("DE", "FR", "post", "cosmetics")
    assert customs_charges(plan, D(1000), D(10)) == (None, 0, 0)


@pytest.mark.parametrize(
    ("regime", "goods", "used", "cleared", "limit", "total"),
    [
        # CBEC: (640 + 64) × 70% × 13% = 64.064
        ("cbec", "640", "0", "cbec", None, "64.064"),
        # over the single-order limit: duty 10% of 5,184 = 518.4, VAT 13% of 5,702.4 = 741.312
        ("cbec", "5120", "0", "cbec", "cbec-single", "1259.712"),
        # this year's purchases push it over the annual limit: general trade, duty 10% of 704
        # = 70.4, VAT 13% of 774.4 = 100.672
        ("cbec", "640", "25500", "general", "cbec-annual", "171.072"),
        # postal, tier 2 (20%) of the goods alone: 128
        ("postal", "640", "0", "postal", None, "128"),
        # postal tax of 40 is at most the CNY 50 exemption: not collected
        ("postal", "200", "0", "postal", "postal-exemption", "0"),
        ("general", "640", "0", "general", None, "171.072"),
    ],
)
def test_chinas_regimes_and_limits(regime, goods, used, cleared, limit, total):
    plan = RESOLVER.china("cosmetics")
    charged = china_charges(plan, regime, D(goods), D(64), D(used))
    assert (charged.regime, charged.limit, charged.total) == (cleared, limit, D(total))


def test_the_postal_tax_not_collected_is_kept_for_the_words():
    charged = china_charges(RESOLVER.china("cosmetics"), "postal", D(200), D(0))
    assert (charged.duty, charged.assessed) == (0, D(40))


amounts = st.decimals(min_value=D(0), max_value=D(10**7), places=2)
parcels = st.tuples(
    st.sampled_from(sorted(BOOK.destinations)),
    st.sampled_from(["US", "GB", "JP", "DE", "KR", "CN", "AU", "HK"]),
    st.sampled_from(["post", "courier"]),
    st.sampled_from(sorted(BOOK.categories.categories)),
)


@settings(max_examples=300, deadline=None)
@given(parcels, amounts, amounts)
def test_customs_charges_come_from_the_first_band_that_takes_the_parcel(parcel, goods, shipping):
    plan = RESOLVER.customs(*parcel)
    band, duty, tax = customs_charges(plan, goods, shipping)
    assert duty >= 0 and tax >= 0
    if band is None:
        assert plan.domestic and duty == tax == 0
        return
    value = goods * plan.factor if plan.factor is not None else goods
    duty_base = value + shipping if plan.duty_with_shipping else value
    measures = {"goods": goods, "goods_and_shipping": goods + shipping, "duty_base": duty_base}
    index = plan.bands.index(band)
    assert all(measures[b.measure] > b.limit for b in plan.bands[:index])
    assert band.limit is None or measures[band.measure] <= band.limit
    if band.tax == "none":
        assert tax == 0


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(BOOK.categories.categories)),
    st.sampled_from(["cbec", "postal", "general"]),
    amounts,
    amounts,
)
def test_chinas_total_is_the_sum_of_its_charges(category, regime, goods, shipping):
    plan = RESOLVER.china(category)
    charged = china_charges(plan, regime, goods, shipping)
    assert min(charged.duty, charged.vat, charged.consumption_tax) >= 0
    assert china_total(plan, regime, goods, shipping) == charged.total
    if regime == "cbec" and charged.limit is None:
        assert charged.duty == 0
