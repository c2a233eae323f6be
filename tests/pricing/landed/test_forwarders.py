"""Forwarders: a lane's first weight and started steps, the volumetric weight, and a file
that is refused with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from config import CONFIG_DIR
from pricing.landed.forwarders import Forwarder, Lane, load_forwarders

LANE = Lane(first_kg=Decimal("0.5"), first_price=Decimal("53"), additional_kg=Decimal("0.5"),
            additional_price=Decimal("40"))  # fmt: skip


@pytest.mark.parametrize(
    ("kg", "price"),
    [("0.1", "53"), ("0.5", "53"), ("0.51", "93"), ("1.0", "93"), ("1.01", "133"), ("0", "53")],
)
def test_the_first_weight_then_each_started_step(kg, price):
    assert LANE.cost(Decimal(kg)) == Decimal(price)


@given(st.decimals(min_value="0", max_value="100", places=3),
       st.decimals(min_value="0", max_value="100", places=3))  # fmt: skip
def test_a_heavier_parcel_never_costs_less(a, b):
    light, heavy = sorted((a, b))
    assert LANE.cost(light) <= LANE.cost(heavy)


def forwarder(**changes) -> Forwarder:
    fields = {
        "id": "test-fwd", "name": "Test", "warehouses": ["US"], "currency": "CNY",
        "volumetric_divisor": "6000", "lanes": {"CN": {"first_kg": "0.5", "first_price": "53",
        "additional_kg": "0.5", "additional_price": "40"}}, "source": "a tariff sheet",
        "effective": "2026-01-01",
    }  # fmt: skip
    return Forwarder.model_validate({**fields, **changes})


def test_the_chargeable_weight_is_the_greater_of_actual_and_volumetric():
    fwd = forwarder()
    assert fwd.chargeable_kg(Decimal("2"), None) == Decimal("2")
    assert fwd.chargeable_kg(Decimal("2"), Decimal("30000")) == Decimal("5")  # 30,000 / 6,000
    assert fwd.chargeable_kg(Decimal("2"), Decimal("6000")) == Decimal("2")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "XYZ"}, "ISO 4217"),
        ({"warehouses": ["USA"]}, "ISO 3166"),
        ({"lanes": {}}, "at least 1"),
        ({"id": "Bad Id"}, "pattern"),
        ({"volumetric_divisor": "0"}, "greater than 0"),
    ],
)
def test_a_bad_forwarder_is_refused_with_the_reason(changes, message):
    with pytest.raises(ValidationError, match=message):
        forwarder(**changes)


def test_the_bundled_forwarders_load_and_price_their_lanes():
    forwarders = load_forwarders(CONFIG_DIR / "forwarders.yaml")
    assert forwarders and len({f.id for f in forwarders}) == len(forwarders)
    for fwd in forwarders:
        for lane in fwd.lanes.values():
            assert lane.cost(Decimal("1")) >= lane.first_price > 0
