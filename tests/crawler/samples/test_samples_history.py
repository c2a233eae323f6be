"""Sample history: a sample store serves its catalog as on a past date, prices moved per date."""

from __future__ import annotations

import json
import urllib.request
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from crawler.samples.assortment import generate_catalog, price_drift, sample_store
from crawler.samples.server import SampleStoreServer

STORE = sample_store("de-apotheke")


def prices(catalog) -> list:
    return [variant.price for product in catalog for variant in product.variants]


def test_a_past_catalog_moves_some_prices_and_nothing_else():
    today = generate_catalog(STORE, 200)
    past = generate_catalog(STORE, 200, as_of=date(2026, 9, 1))
    moved = sum(a != b for a, b in zip(prices(today), prices(past), strict=True))
    assert 0.15 * len(prices(today)) < moved < 0.5 * len(prices(today))
    assert [p.handle for p in past] == [p.handle for p in today]
    assert [v.gtin for p in past for v in p.variants] == [v.gtin for p in today for v in p.variants]


def test_the_same_date_gives_the_same_prices_and_moves_are_steps():
    day = date(2026, 10, 1)
    assert prices(generate_catalog(STORE, 50, as_of=day)) == prices(
        generate_catalog(STORE, 50, as_of=day)
    )
    drifts = [price_drift(STORE.id, 7, day + timedelta(days=n)) for n in range(120)]
    assert all(Decimal("0.88") <= d <= Decimal("1.12") for d in drifts)
    steps = sum(a != b for a, b in pairwise(drifts))
    assert steps <= 120 // 14 + 1  # a product's price holds for two weeks or more


def test_the_server_switches_its_catalogs_to_a_date():
    server = SampleStoreServer(profiles=[STORE], ports={STORE.id: 0}, products=40)
    with server:
        url = server.urls[STORE.id] + "/wp-json/wc/store/v1/products?per_page=100"
        before = _first_prices(url)
        server.set_as_of(date(2026, 9, 1))
        past = _first_prices(url)
        server.set_as_of(None)
        assert _first_prices(url) == before
    assert past != before and len(past) == len(before)


def _first_prices(url: str) -> list[str]:
    with urllib.request.urlopen(url) as response:
        return [item["prices"]["price"] for item in json.load(response)]
