"""Sample catalogs rendered as Shopify storefront `/products.json` pages."""

from __future__ import annotations

import json
import re

import pytest

from crawler.samples.assortment import SampleProduct, generate_catalog, sample_store
from crawler.samples.shopify import (
    ShopifyCatalog,
    page_bounds,
    render_products_page,
    unweighed,
)

BASE = "http://127.0.0.1:8105"


@pytest.fixture(scope="module")
def products() -> list[SampleProduct]:
    return generate_catalog(sample_store("jp-rakuichi"), products=300)


def page(products: list[SampleProduct], number: int, limit: int) -> list[dict]:
    return json.loads(render_products_page(products, number, limit, BASE))["products"]


@pytest.mark.parametrize(
    ("number", "limit", "expected"),
    [
        (1, 30, (0, 30)),
        (2, 30, (30, 60)),
        (0, 30, (0, 30)),  # pages below 1 are page 1
        (1, 0, (0, 1)),  # limit at least 1
        (1, 1000, (0, 250)),  # and at most 250, as Shopify caps it
        (11, 30, (300, 300)),
        (99, 250, (300, 300)),
    ],
)
def test_page_bounds(number: int, limit: int, expected: tuple[int, int]):
    assert page_bounds(number, limit, 300) == expected


def test_pages_slice_the_catalog(products):
    assert [p["id"] for p in page(products, 2, 7)] == [p.id for p in products[7:14]]
    assert len(page(products, 1, 1000)) == 250
    assert page(products, 4, 100) == []


def test_product_has_the_storefront_shape(products):
    raw = page(products, 1, 1)[0]
    product = products[0]
    assert raw["title"] == product.title and raw["handle"] == product.handle
    assert raw["vendor"] == product.vendor and raw["product_type"] == product.product_type
    assert raw["tags"] == list(product.tags)
    assert raw["published_at"] == product.created_at
    assert raw["images"][0]["src"] == BASE + product.image_path
    assert raw["images"][0]["product_id"] == product.id
    assert raw["options"][0]["values"] == [v.title for v in product.variants]
    for position, (variant, expected) in enumerate(
        zip(raw["variants"], product.variants, strict=True), 1
    ):
        assert variant["id"] == expected.id and variant["product_id"] == product.id
        assert variant["position"] == position
        assert variant["option1"] == expected.title
        assert variant["price"] == str(expected.price)
        assert variant["barcode"] == expected.gtin
        assert variant["grams"] == (0 if unweighed(product) else expected.grams)
        was = expected.compare_at_price
        allowed = (str(was),) if was is not None else (None, str(expected.price))
        assert variant["compare_at_price"] in allowed  # the price again: not on sale
        assert variant["available"] is expected.available


def test_prices_are_strings_in_the_currency_digits(products):
    for raw in page(products, 1, 250):
        for variant in raw["variants"]:
            assert re.fullmatch(r"[1-9]\d*", variant["price"])  # yen: "3980"
            assert variant["compare_at_price"] is None or re.fullmatch(
                r"[1-9]\d*", variant["compare_at_price"]
            )
    euros = generate_catalog(sample_store("de-apotheke"), products=40)
    for raw in json.loads(render_products_page(euros, 1, 40, BASE))["products"]:
        assert all(re.fullmatch(r"\d+\.\d\d", v["price"]) for v in raw["variants"])


def test_text_stays_unescaped_utf8(products):
    body = render_products_page(products, 1, 30, BASE)
    assert "ミルク".encode() in body or "クリーム".encode() in body
    assert b"\\u" not in body


def test_cached_catalog_serves_the_same_bytes(products):
    catalog = ShopifyCatalog(products, BASE)
    for number, limit in [(1, 30), (3, 50), (2, 250), (9, 250)]:
        expected = render_products_page(products, number, limit, BASE)
        assert catalog.page(number, limit) == expected
        assert catalog.page(number, limit) == expected  # from the cache this time
