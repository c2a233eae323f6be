"""A store's shipping table in the stores file: validated, with the store and the field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
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
