"""What a sample store answers for each path, called directly (no sockets): the Shopify
JSON, pages, images, the other formats, gzip, 404s and faults."""

from __future__ import annotations

import gzip
import json

import pytest

from crawler.samples import feeds, schemaorg
from crawler.samples.assortment import generate_catalog, sample_store
from crawler.samples.faults import StoreFaults
from crawler.samples.served_store import ServedStore
from crawler.samples.url_map import HTML, SVG, page, respond

BASE = "http://127.0.0.1:9"


def store(store_id: str = "us-vitashop", faults: StoreFaults | None = None) -> ServedStore:
    profile = sample_store(store_id)
    return ServedStore.build(profile, generate_catalog(profile, 16), BASE, faults)


def test_products_json_pages_through_the_catalog():
    shop = store()
    status, content_type, body = page(shop, "/products.json?page=1&limit=2")
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    assert [p["handle"] for p in json.loads(body)["products"]] == [
        p.handle for p in shop.products[:2]
    ]
    assert json.loads(page(shop, "/products.json?page=9")[2])["products"] == []


def test_bad_paging_is_a_400_saying_why():
    status, _, body = page(store(), "/products.json?limit=lots")
    assert status == 400 and b"whole numbers" in body


def test_pages_by_handle_with_an_escaped_path_too():
    shop = store()
    handle = shop.products[0].handle
    assert page(shop, f"/products/{handle}")[:2] == (200, HTML)
    assert page(shop, "/products/" + "".join(f"%{ord(c):02X}" for c in handle))[0] == 200
    assert page(shop, f"/product/{handle}/")[:2] == (200, HTML)  # the WooCommerce path
    assert page(shop, "/products/no-such-handle")[:2] == (404, HTML)


def test_images_home_and_robots():
    shop = store()
    status, content_type, body = page(shop, shop.products[0].image_path)
    assert (status, content_type) == (200, SVG) and body.startswith(b"<svg")
    assert page(shop, "/")[2] == page(shop, "/index.html")[2]
    assert page(shop, "/robots.txt")[1] == "text/plain; charset=utf-8"


def test_whole_catalog_files_are_rendered_once_and_kept():
    shop = store("jp-denki")
    first = page(shop, feeds.XML_PATH)
    assert first[0] == 200 and shop.whole[feeds.XML_PATH] is first
    assert page(shop, feeds.XML_PATH) is first


def test_feeds_come_gzipped_as_a_file_or_with_content_encoding():
    shop = store("uk-beautyhall")
    status, content_type, packed = page(shop, feeds.XML_GZ_PATH)
    assert (status, content_type) == (200, "application/gzip")
    assert gzip.decompress(packed) == page(shop, feeds.XML_PATH)[2]
    status, content_type, packed, headers = page(shop, f"{feeds.CSV_PATH}?{feeds.CSV_GZIP_QUERY}")
    assert headers == {"Content-Encoding": "gzip"} and content_type.startswith("text/csv")
    assert gzip.decompress(packed) == page(shop, feeds.CSV_PATH)[2]


def test_listing_and_other_pages_of_a_sitemap_store():
    shop = store("us-megamart")
    assert page(shop, f"{schemaorg.LISTING_PREFIX}1")[:2] == (200, HTML)
    assert page(shop, f"{schemaorg.LISTING_PREFIX}999")[0] == 404
    status, _, body = page(shop, schemaorg.INFO_PAGES[0])
    assert status == 200 and b"<h1>" in body
    assert page(shop, "/sitemaps/products-99.xml")[0] == 404


@pytest.mark.parametrize("path", ["/admin", "/products.xml", "/images/x.png"])
def test_anything_else_is_a_404_page(path):
    status, content_type, body = page(store(), path)
    assert (status, content_type) == (404, HTML) and b"404 Not Found" in body


def test_respond_applies_the_stores_faults_to_their_target_only():
    faults = StoreFaults(frozenset({"server_errors"}), "/products.json?page=1&limit=1")
    shop = store(faults=faults)
    assert respond(shop, "/products.json?page=1&limit=1")[0] == 500
    assert respond(shop, "/robots.txt")[0] == 200
    assert respond(store(), "/products.json?page=1&limit=1")[0] == 200
