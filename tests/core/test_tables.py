"""Catalog rows: a store row outliving its stores-file entry still sells as a typed Seller."""

from __future__ import annotations

from core.stores import Seller
from core.tables import Store


def test_a_store_row_sells_without_a_shipping_table():
    row = Store(
        id="gone-shop", name="Gone Shop", platform="shopify", url="https://gone.example",
        country="DE", currency="EUR", language="de",
    )  # fmt: skip
    assert row.seller() == Seller("gone-shop", "Gone Shop", "DE", "EUR", None, False)
