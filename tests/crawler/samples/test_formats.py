"""The non-Shopify faces of a sample store: its stores-file entry, the Store API page, the
whole-catalog files, and the one page its faults hit."""

from __future__ import annotations

import json

import pytest

from core.stores import StoreConfig
from crawler.samples import feeds, formats, schemaorg, woocommerce
from crawler.samples.assortment import SAMPLE_STORES, generate_catalog, sample_store
from crawler.samples.faults import StoreFaults
from crawler.samples.shipping import SAMPLE_SHIPPING

BASE = "http://127.0.0.1:8100"


@pytest.mark.parametrize("profile", SAMPLE_STORES, ids=lambda p: p.id)
def test_every_stores_entry_is_a_valid_store_of_its_platform(profile):
    store = StoreConfig(**formats.store_entry(profile, BASE))
    assert (store.id, store.platform, store.currency) == (
        profile.id, profile.platform, profile.currency
    )  # fmt: skip
    assert (store.shipping is not None) is (profile.id in SAMPLE_SHIPPING)
    assert (store.sitemap is not None) is (profile.platform == "sitemap")
    assert (store.feed is not None) is profile.platform.endswith("_feed")


@pytest.mark.parametrize(
    ("store_id", "target"),
    [
        ("us-vitashop", "/products.json?page=2"),
        ("de-drogerie", f"{woocommerce.API_PATH}?page=2"),
        ("jp-denki", feeds.XML_PATH),
        ("uk-beautyhall", feeds.CSV_PATH),
    ],
)
def test_the_fault_target_is_a_page_of_the_stores_own_format(store_id, target):
    profile = sample_store(store_id)
    assert formats.fault_target(profile, generate_catalog(profile, 3)) == target


def test_a_sitemap_stores_fault_hits_its_second_product_page():
    profile = sample_store("us-megamart")
    products = generate_catalog(profile, 3)
    assert formats.fault_target(profile, products) == f"/products/{products[1].handle}"
    assert formats.fault_target(profile, products[:1]) == "/products/"


def test_robots_txt_names_the_sitemap_index_and_a_fault_can_disallow_the_target():
    robots = formats.robots_txt(BASE, None).decode()
    assert f"Sitemap: {BASE}{schemaorg.SITEMAP_INDEX_PATH}" in robots and "Allow: /" in robots
    faults = StoreFaults(frozenset({"robots_disallow"}), "/products/x")
    assert "Disallow: /products/x" in formats.robots_txt(BASE, faults).decode()


def test_a_woocommerce_page_has_the_total_headers_and_bad_paging_is_a_400():
    profile = sample_store("de-drogerie")
    products = generate_catalog(profile, 25)
    status, _, body, headers = formats.woocommerce_page(profile, products, BASE, {"page": ["3"]})
    assert status == 200 and len(json.loads(body)) == 5
    assert headers == {"X-WP-Total": "25", "X-WP-TotalPages": "3"}
    assert formats.woocommerce_page(profile, products, BASE, {"page": ["x"]})[0] == 400


@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        (feeds.XML_PATH, formats.XML, b"<?xml"),
        (feeds.CSV_PATH, formats.CSV, b"merchant_product_id,"),
        (schemaorg.SITEMAP_INDEX_PATH, formats.XML, b"<?xml"),
    ],
)
def test_whole_catalog_files(path, content_type, start):
    profile = sample_store("jp-denki")
    status, kind, body = formats.whole_catalog(profile, generate_catalog(profile, 5), BASE, path)
    assert (status, kind) == (200, content_type) and body.startswith(start)


@pytest.mark.parametrize(
    ("number", "found"), [("1", True), ("2", False), ("x", False), ("", False)]
)
def test_a_product_sitemap_by_its_number(number, found):
    products = generate_catalog(sample_store("us-megamart"), 10)
    assert (formats.sitemap(products, BASE, number) is not None) is found
