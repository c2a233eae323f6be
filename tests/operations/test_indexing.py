"""Reindexing from operations: the catalog, the FX table and the rebate programs meet here."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from core.db import session_factory
from core.tables import Offer, Product, Store
from indexer.backends.embedded import EmbeddedBackend
from indexer.query import SearchQuery
from operations.indexing import rebate_rates, rebuild_index
from pricing.exchange_rates.rate_table import require_latest_table
from pricing.money import Money
from rebates.programs import effective_rate, load_programs, read_rebates_file
from rebates.tables import Program

CHECKED = datetime(2026, 11, 20, 8, 30)
# (store, title, category, price): jp-rakuichi's program pays 2 % on Electronics, capped at
# ¥3,000 of commission, 4 % on the rest; kr-beautymall has no program in this catalog.
OFFERS = [
    ("jp-rakuichi", "Denki Camera", "Electronics", "400000"),
    ("jp-rakuichi", "Denki Camera Lite", "Electronics", "50000"),
    ("jp-rakuichi", "Sakura Cream", "Skincare", "5000"),
    ("kr-beautymall", "Hanbit Serum", "Skincare", "25000"),
]


@pytest.fixture
def catalog(ops_settings):
    stores = {
        "jp-rakuichi": ("Rakuichi", "JP", "JPY", "ja"),
        "kr-beautymall": ("Beauty Mall", "KR", "KRW", "ko"),
    }
    with session_factory(ops_settings.database_url).begin() as session:
        for store_id, (name, country, currency, language) in stores.items():
            session.add(
                Store(id=store_id, name=name, platform="shopify", url="http://127.0.0.1/",
                      country=country, currency=currency, language=language)
            )  # fmt: skip
        session.flush()
        for n, (store_id, title, category, price) in enumerate(OFFERS):
            product = Product(store_id=store_id, external_id=str(n), title=title,
                              category=category, url=f"http://127.0.0.1/{n}")  # fmt: skip
            product.offers.append(
                Offer(external_id="1", price=Decimal(price), currency=stores[store_id][2],
                      weight_kg=Decimal("0.5"), last_seen_at=CHECKED)
            )  # fmt: skip
            session.add(product)
        programs = read_rebates_file()
        programs.programs = [p for p in programs.programs if p.store != "kr-beautymall"]
        load_programs(session, programs)
    return ops_settings


def test_rebate_rates_come_from_the_programs_with_category_rates_and_caps(catalog):
    rates = rebate_rates(catalog)
    assert set(rates) == {"jp-rakuichi"}
    rate = rates["jp-rakuichi"]
    # 4 % × 80 % on skincare; Electronics 2 % × 80 %; ¥400,000 hits the ¥3,000 cap
    # (¥8,000 of commission capped, 80 % of ¥3,000 is ¥2,400: 0.6 %).
    assert rate(Money(Decimal("5000"), "JPY"), "Skincare") == Decimal("0.032")
    # whole yen: ¥159.2 of commission is ¥159, the affiliate's ¥127 is 3.19 % of ¥3,980
    assert rate(Money(Decimal("3980"), "JPY"), "Skincare") == Decimal("0.0319")
    assert rate(Money(Decimal("50000"), "JPY"), "Electronics") == Decimal("0.016")
    assert rate(Money(Decimal("400000"), "JPY"), "Electronics") == Decimal("0.006")


def test_a_rebuild_carries_each_offers_rebate_fx_date_and_check_time(catalog):
    assert rebuild_index(catalog) == len(OFFERS)
    with EmbeddedBackend(catalog.search_path) as backend:
        hits = backend.search(SearchQuery(size=10)).hits
    by_title = {hit.document.title: hit.document for hit in hits}
    with session_factory(catalog.database_url)() as session:
        table = require_latest_table(session)
        program = session.query(Program).filter_by(store_id="jp-rakuichi").one()
        for store_id, title, category, price in OFFERS:
            document = by_title[title]
            money = Money(Decimal(price), "JPY" if store_id == "jp-rakuichi" else "KRW")
            assert document.price == money
            assert document.price_pivot == table.convert(money, "EUR")
            expected = (
                effective_rate(program, money, category) if store_id == "jp-rakuichi" else None
            )
            assert document.rebate_rate == expected
            assert (document.fx_as_of, document.fx_source) == (table.as_of, table.source)
            assert document.checked_at.replace(tzinfo=UTC) == CHECKED.replace(tzinfo=UTC)
