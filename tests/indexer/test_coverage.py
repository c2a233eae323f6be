"""What search cannot show as the stores meant: offers no rate converts, GTIN conflicts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.db import session_factory
from core.settings import Settings
from core.tables import Offer, Product, Store
from indexer.build import group_key
from indexer.coverage import (
    conflict_lines,
    gtin_conflicts,
    not_searchable_lines,
    offers_without_rate,
)
from operations.bootstrap import prepare_database
from pricing.exchange_rates.rate_table import latest_table

FORMULA = "04006381333931"


@pytest.fixture
def sessions(tmp_path):
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    return session_factory(settings.database_url)


def add(session, store: str, currency: str, gtin: str | None, brand: str | None, n: int) -> None:
    if session.get(Store, store) is None:
        session.add(Store(id=store, name=store, platform="shopify", url="http://x",
                          country="US", currency=currency, language="en"))  # fmt: skip
    product = Product(store_id=store, external_id=str(n), title=f"P{n}", brand=brand, url="u")
    product.offers = [Offer(external_id=str(n), gtin=gtin, price=Decimal(1), currency=currency)]
    session.add(product)


def test_offers_in_a_currency_without_a_rate_are_counted_per_currency(sessions):
    with sessions.begin() as session:
        for n in range(3):
            add(session, "ua-shop", "UAH", None, "Lavazza", n)
        add(session, "us-shop", "USD", None, "Lavazza", 9)
    with sessions() as session:
        counts = offers_without_rate(session, latest_table(session))
    assert counts == {"UAH": 3}
    assert not_searchable_lines(counts) == [
        "3 offers not searchable: no exchange rate for UAH "
        "(set one with `haitao rates set UAH RATE --date YYYY-MM-DD`)"
    ]


def test_one_gtin_joins_offers_only_when_their_brands_agree():
    assert group_key(FORMULA, "L'Oréal Paris", "Crème") == group_key(FORMULA, "LOREAL paris", "x")
    assert group_key(FORMULA, "Milkwell", "Formula") != group_key(FORMULA, "Bodum", "Press")
    assert group_key(FORMULA, None, "Formula") == f"gtin:{FORMULA}"
    assert group_key(None, "Milkwell", "Formula 800g") == "brand:milkwell|formula 800g"


def test_gtins_on_products_of_different_brands_are_counted(sessions):
    with sessions.begin() as session:
        add(session, "a", "USD", FORMULA, "Milkwell", 1)
        add(session, "b", "EUR", FORMULA, "MILKWELL", 2)  # the same brand: no conflict
        add(session, "c", "EUR", "00000096385074", "Milkwell", 3)
        add(session, "d", "EUR", "00000096385074", "Bodum", 4)  # a feed's error
        add(session, "e", "EUR", "00000096385074", None, 5)
    with sessions() as session:
        assert gtin_conflicts(session) == 1
    assert conflict_lines(1) == [
        "1 GTIN carried by products of different brands: shown as separate products"
    ]
    assert conflict_lines(0) == []
