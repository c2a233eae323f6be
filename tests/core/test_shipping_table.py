"""A store's shipping table in the stores file: validated, with the store and the field named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import ConfigError
from core.shipping_table import ShippingRate, StoreShipping, ceil_to_step
from core.stores import load_stores

STORE = """\
stores:
  - id: jp-shop
    name: Tokyo Shop
    platform: shopify
    url: https://shop.example.jp/
    country: JP
    currency: JPY
    language: ja
    cbec_platform: true
    shipping:
"""


def load(tmp_path: Path, table: str):
    path = tmp_path / "stores.yaml"
    path.write_text(STORE + table, encoding="utf-8")
    return load_stores(path)["jp-shop"]


def test_a_shipping_table_loads_as_decimals(tmp_path):
    store = load(
        tmp_path,
        "      mode: courier\n"
        "      destinations: {CN: {flat: '1400', per_kg: '1200', step_kg: '0.5'}}\n"
        "      domestic: {flat: '600', free_over: '5000'}\n"
        "      bonded: {CN: {flat: '0'}}\n",
    )
    assert store.cbec_platform is True
    assert store.shipping.to("CN").per_kg == 1200
    assert store.shipping.to("US") is None  # no '*' entry: no direct mail there
    assert store.shipping.domestic.free_over == 5000


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("      destinations: {CN: {flat: '-5'}}\n", "field 'shipping.destinations.CN.flat'"),
        ("      destinations: {CN: {flat: 'five'}}\n", "expected Input should be a valid decimal"),
        ("      destinations: {XX: {flat: '5'}}\n", "keys must be ISO 3166 countries or '*'"),
        ("      destinatons: {CN: {flat: '5'}}\n", "field 'shipping.destinatons': unknown field"),
        ("      mode: boat\n", "field 'shipping.mode': got 'boat', expected 'post' or 'courier'"),
        ("      domestic: {flat: '1', step_kg: '0'}\n", "field 'shipping.domestic.step_kg'"),
    ],
)
def test_a_bad_shipping_table_names_the_store_and_the_field(tmp_path, table, message):
    with pytest.raises(ConfigError) as error:
        load(tmp_path, table)
    assert "store 'jp-shop'" in str(error.value)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("rate", "price", "kg", "cost"),
    [
        (ShippingRate(flat=Decimal("5"), per_kg=Decimal("2")), "10", "1.5", "8.0"),
        (ShippingRate(flat=Decimal("5"), free_over=Decimal("50")), "50", "3", "0"),
        (ShippingRate(flat=Decimal("5"), free_over=Decimal("50")), "49.99", "3", "5"),
        (ShippingRate(per_kg=Decimal("4"), step_kg=Decimal("0.5")), "1", "0.7", "4.0"),
        (ShippingRate(per_kg=Decimal("4"), step_kg=Decimal("0.5")), "1", "0.5", "2.0"),
    ],
)
def test_a_rate_prices_by_weight_steps_and_its_free_threshold(rate, price, kg, cost):
    assert rate.cost(Decimal(price), Decimal(kg)) == Decimal(cost)


def test_a_destination_falls_back_to_the_rest_of_the_world():
    table = StoreShipping(
        destinations={"CN": ShippingRate(flat=Decimal(9)), "*": ShippingRate(flat=Decimal(20))}
    )
    assert table.to("CN").flat == 9
    assert table.to("JP").flat == 20
    assert StoreShipping(destinations={"CN": ShippingRate()}).to("JP") is None


@given(
    weight=st.decimals(min_value=0, max_value=100, places=3),
    step=st.decimals(min_value=Decimal("0.001"), max_value=10, places=3),
)
def test_a_started_step_is_billed_whole(weight, step):
    billed = ceil_to_step(weight, step)
    assert billed >= weight
    assert billed - weight < step
    assert (billed / step) == (billed / step).to_integral_value()
