"""What a running sample store serves: its products indexed by handle and by position."""

from __future__ import annotations

from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.faults import StoreFaults
from crawler.samples.served_store import ServedStore


def test_build_indexes_the_catalog_by_handle_and_position():
    profile = sample_store("us-vitashop")
    products = generate_catalog(profile, 7)
    faults = StoreFaults(frozenset({"slow"}), "/products.json")
    store = ServedStore.build(profile, products, "http://127.0.0.1:9", faults)
    assert [store.by_handle[p.handle] for p in products] == products
    assert [store.positions[p.handle] for p in products] == list(range(7))
    assert store.faults is faults and store.whole == {}
    assert b'"products"' in store.shopify.page(1, 2)


def test_each_store_renders_its_whole_catalog_files_for_itself():
    profile = sample_store("jp-denki")
    first = ServedStore.build(profile, generate_catalog(profile, 3), "http://127.0.0.1:1")
    second = ServedStore.build(profile, generate_catalog(profile, 3), "http://127.0.0.1:2")
    first.whole["/feeds/products.xml"] = (200, "application/xml", b"<x/>")
    assert second.whole == {}
