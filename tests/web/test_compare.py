"""Product ids, net cost and the offers of a product group priced by every route."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.money import Money
from web.compare import UnknownProduct, group_key_of, net_of, product_id


@given(st.from_regex(r"\A[0-9]{8,14}\Z"))
def test_a_gtin_group_has_a_readable_id_that_decodes_back(gtin):
    key = f"gtin:{gtin}"
    assert product_id(key) == f"gtin-{gtin}"
    assert group_key_of(product_id(key)) == key


@given(st.text(max_size=40), st.text(min_size=1, max_size=80))
def test_a_brand_and_title_group_round_trips_through_a_url_safe_id(brand, title):
    key = f"brand:{brand.casefold()}|{title.casefold()}"
    encoded = product_id(key)
    assert encoded.replace("-", "").replace("_", "").isalnum()
    assert group_key_of(encoded) == key


@pytest.mark.parametrize(
    "bad", ["", "gtin-", "gtin-12ab", "gtin-1234567", "k-", "k-!!!", "k-aGVsbG8", "x-1", "nothing"]
)
def test_an_id_that_encodes_no_group_is_unknown(bad):
    with pytest.raises(UnknownProduct):
        group_key_of(bad)


def test_net_cost_is_delivered_less_cashback_in_the_same_currency():
    delivered = Money(Decimal("62.80"), "CNY")
    assert net_of(delivered, Money(Decimal("3.30"), "CNY")) == Money(Decimal("59.50"), "CNY")
    assert net_of(delivered, None) == delivered
    assert net_of(delivered, Money(Decimal("1"), "USD")) == delivered  # never mixes currencies
    assert net_of(None, Money(Decimal("1"), "CNY")) is None


@given(
    st.decimals(min_value=0, max_value=100_000, places=2),
    st.decimals(min_value=0, max_value=1_000, places=2),
)
def test_net_cost_is_rounded_to_the_minor_unit_and_never_float(delivered, back):
    net = net_of(Money(delivered, "JPY"), Money(back, "JPY"))
    assert isinstance(net.amount, Decimal)
    assert net.amount == net.amount.to_integral_value()
