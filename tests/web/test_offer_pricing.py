"""Offers priced for the shopper: the net cost is the delivered cost less the cashback."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pricing.money import Money
from web.offer_pricing import net_cost


def test_net_cost_is_delivered_less_cashback_in_the_same_currency():
    delivered = Money(Decimal("62.80"), "CNY")
    assert net_cost(delivered, Money(Decimal("3.30"), "CNY")) == Money(Decimal("59.50"), "CNY")
    assert net_cost(delivered, None) == delivered
    assert net_cost(delivered, Money(Decimal("1"), "USD")) == delivered  # never mixes currencies
    assert net_cost(None, Money(Decimal("1"), "CNY")) is None


@given(
    st.decimals(min_value=0, max_value=100_000, places=2),
    st.decimals(min_value=0, max_value=1_000, places=2),
)
def test_net_cost_is_rounded_to_the_minor_unit_and_never_float(delivered, back):
    net = net_cost(Money(delivered, "JPY"), Money(back, "JPY"))
    assert isinstance(net.amount, Decimal)
    assert net.amount == net.amount.to_integral_value()
