"""The sample WooCommerce Store API: pages as the real API slices them, prices in minor units
that the crawler's extractor reads back exactly."""

from __future__ import annotations

import json

import pytest

from crawler.extract.woocommerce import parse_products_page
from crawler.field_values import clean_text, parse_price
from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.woocommerce import page_bounds, render_page

BASE = "http://127.0.0.1:8110"


@pytest.mark.parametrize(
    ("page", "per_page", "total", "bounds"),
    [
        (1, 10, 25, (0, 10, 3)),
        (3, 10, 25, (20, 25, 3)),
        (4, 10, 25, (25, 25, 3)),  # past the end: empty
        (0, 10, 25, (0, 10, 3)),  # page 0 reads as page 1
        (1, 500, 250, (0, 100, 3)),  # per_page capped at 100
        (1, 0, 5, (0, 1, 5)),  # and at least 1
        (1, 10, 0, (0, 0, 1)),  # an empty catalog still has one page
    ],
)
def test_page_bounds(page, per_page, total, bounds):
    assert page_bounds(page, per_page, total) == bounds


@pytest.mark.parametrize(("store_id", "currency"), [("de-drogerie", "EUR"), ("jp-rakuichi", "JPY")])
def test_a_rendered_page_reads_back_with_exact_prices_and_variants(store_id, currency):
    products = generate_catalog(sample_store(store_id), 30)
    items = parse_products_page(render_page(products, currency, BASE), store_id, BASE)
    # the sample store escapes names as real WooCommerce shops do; the normaliser decodes them
    assert [clean_text(item.title) for item in items] == [p.title for p in products]
    for product, item in zip(products, items, strict=True):
        if len(product.variants) > 1:  # a variable product's offers are its variations
            assert item.offers == []  # (served by the Store API separately, as real shops do)
            continue
        assert len(item.offers) == 1
        for variant, offer in zip(product.variants, item.offers, strict=True):
            assert parse_price(offer.raw_price) == variant.price
            assert offer.currency == currency


def test_variable_products_list_variations_and_simple_ones_do_not():
    products = generate_catalog(sample_store("de-drogerie"), 60)
    data = json.loads(render_page(products, "EUR", BASE))
    for product, raw in zip(products, data, strict=True):
        variable = len(product.variants) > 1
        assert raw["type"] == ("variable" if variable else "simple")
        assert len(raw["variations"]) == (len(product.variants) if variable else 0)
    assert {raw["type"] for raw in data} == {"variable", "simple"}
