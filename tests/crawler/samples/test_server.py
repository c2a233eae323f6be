"""The sample stores over real HTTP on 127.0.0.1 (ephemeral ports), fetched with urllib."""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from core.errors import HaitaoError
from core.stores import load_stores
from crawler.samples.assortment import SAMPLE_STORES, sample_store
from crawler.samples.server import SampleStoreServer

STORE_IDS = [profile.id for profile in SAMPLE_STORES]
EPHEMERAL = {store_id: 0 for store_id in STORE_IDS}


@pytest.fixture(scope="module")
def stores() -> Iterator[SampleStoreServer]:
    with SampleStoreServer(ports=EPHEMERAL) as server:
        yield server


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def fetch_json(url: str) -> dict:
    status, content_type, body = fetch(url)
    assert (status, content_type) == (200, "application/json; charset=utf-8")
    return json.loads(body)


def crawl(base_url: str, limit: int) -> tuple[list[int], int]:
    """Every product id, page by page until an empty page, and how many pages that took."""
    ids: list[int] = []
    for number in range(1, 10_000):
        products = fetch_json(f"{base_url}/products.json?page={number}&limit={limit}")["products"]
        if not products:
            return ids, number
        ids += [product["id"] for product in products]
    raise AssertionError("the pages never ended")


def test_every_store_listens_on_its_own_port(stores):
    ports = {urlsplit(url).port for url in stores.urls.values()}
    assert len(ports) == len(STORE_IDS) and 0 not in ports
    assert all(url.startswith("http://127.0.0.1:") for url in stores.urls.values())


@pytest.mark.parametrize("store_id", STORE_IDS)
def test_pages_cover_every_product_once_then_end_empty(stores, store_id: str):
    ids, pages = crawl(stores.urls[store_id], limit=50)
    assert ids == [product.id for product in stores.catalog(store_id)]
    assert pages == 4  # 50 + 50 + 20, then an empty page


def test_default_page_size_is_shopifys_30(stores):
    assert len(fetch_json(stores.urls["us-vitashop"] + "/products.json")["products"]) == 30


def test_bad_paging_parameters_are_a_400(stores):
    status, content_type, body = fetch(stores.urls["us-vitashop"] + "/products.json?page=two")
    assert status == 400 and content_type.startswith("application/json")
    assert "page" in json.loads(body)["errors"]


def test_images_are_served_where_the_catalog_says(stores):
    base = stores.urls["hk-gadgets"]
    product = fetch_json(base + "/products.json?limit=1")["products"][0]
    status, content_type, body = fetch(product["images"][0]["src"])
    assert (status, content_type) == (200, "image/svg+xml")
    assert body.startswith(b"<svg") and product["vendor"].encode() in body


@pytest.mark.parametrize("store_id", ["de-apotheke", "jp-rakuichi", "kr-beautymall"])
def test_product_pages_show_title_price_and_language(stores, store_id: str):
    product = stores.catalog(store_id)[0]
    status, content_type, body = fetch(f"{stores.urls[store_id]}/products/{product.handle}")
    page = body.decode("utf-8")
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert f'<html lang="{sample_store(store_id).language}">' in page
    assert product.title in page and product.variants[0].sku in page
    assert {"de-apotheke": "€", "jp-rakuichi": "￥", "kr-beautymall": "₩"}[store_id] in page


def test_home_page_and_robots_txt(stores):
    base = stores.urls["fr-pharmacie"]
    status, _, body = fetch(base + "/")
    assert status == 200 and sample_store("fr-pharmacie").name in body.decode()
    status, content_type, body = fetch(base + "/robots.txt")
    assert (status, content_type) == (200, "text/plain; charset=utf-8")
    assert b"User-agent: *" in body and b"Disallow: /" not in body


@pytest.mark.parametrize("path", ["/admin", "/products/no-such-thing", "/products.xml"])
def test_unknown_paths_are_404(stores, path: str):
    assert fetch(stores.urls["au-pharmacy"] + path)[0] == 404


def test_requests_are_not_logged(stores, capfd):
    fetch(stores.urls["uk-chemist"] + "/products.json")
    fetch(stores.urls["uk-chemist"] + "/missing")
    assert capfd.readouterr().err == ""


def test_scaled_up_store_serves_every_product():
    profile = sample_store("us-vitashop")
    with SampleStoreServer(profiles=[profile], ports={profile.id: 0}, products=5000) as server:
        ids, pages = crawl(server.urls[profile.id], limit=250)
    assert len(ids) == len(set(ids)) == 5000
    assert pages == 21


def test_port_in_use_is_a_clear_error():
    first, second = SAMPLE_STORES[0], SAMPLE_STORES[1]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = SampleStoreServer(profiles=[first, second], ports={first.id: 0, second.id: port})
        with pytest.raises(HaitaoError) as caught:
            server.start()
    assert str(caught.value) == f"port {port} for sample store {second.id} is in use"
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.urls  # nothing was left listening


def test_ports_for_unknown_stores_are_refused():
    with pytest.raises(HaitaoError, match="nowhere"):
        SampleStoreServer(ports={"nowhere": 0})


def test_stop_does_not_wait_for_idle_keep_alive_clients():
    profile = sample_store("kr-beautymall")
    server = SampleStoreServer(profiles=[profile], ports={profile.id: 0}).start()
    connection = http.client.HTTPConnection("127.0.0.1", urlsplit(server.urls[profile.id]).port)
    try:
        connection.request("GET", "/products.json?limit=1")
        assert connection.getresponse().read()
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 2
    finally:
        connection.close()


def test_stores_yaml_lists_the_running_stores(stores, tmp_path: Path):
    data = yaml.safe_load(stores.stores_yaml())
    assert {entry["id"]: entry["url"] for entry in data["stores"]} == stores.urls
    loaded = load_stores(stores.write_stores_file(tmp_path / "stores.yaml"))
    assert loaded["jp-rakuichi"].currency == "JPY"
    assert loaded["hk-gadgets"].language == "zh"
    assert {store.platform for store in loaded.values()} == {p.platform for p in SAMPLE_STORES}


def test_every_format_is_served_by_every_store(stores):
    product = stores.catalog("uk-chemist")[0]
    base = stores.urls["uk-chemist"]
    for path, content_type in [
        ("/wp-json/wc/store/v1/products?page=1&per_page=5", "application/json; charset=utf-8"),
        (f"/product/{product.handle}/", "text/html; charset=utf-8"),
        ("/sitemap_index.xml", "application/xml; charset=utf-8"),
        ("/sitemaps/products-1.xml", "application/xml; charset=utf-8"),
        ("/feeds/products.xml", "application/xml; charset=utf-8"),
        ("/feeds/products.csv", "text/csv; charset=utf-8"),
    ]:
        status, served_type, body = fetch(base + path)
        assert (status, served_type) == (200, content_type), path
        assert body
    assert fetch(base + "/sitemaps/products-99.xml")[0] == 404
    assert b"Sitemap: " + base.encode() + b"/sitemap_index.xml" in fetch(base + "/robots.txt")[2]


def test_sitemaps_also_list_pages_that_are_not_products(stores):
    from crawler.samples import schemaorg

    base = stores.urls["us-megamart"]
    index = fetch(base + "/sitemap_index.xml")[2].decode()
    assert f"<loc>{base}{schemaorg.PAGES_SITEMAP_PATH}</loc>" in index
    pages = fetch(base + schemaorg.PAGES_SITEMAP_PATH)[2].decode()
    assert all(f"<loc>{base}{path}</loc>" in pages for path in schemaorg.INFO_PAGES)
    first = fetch(base + "/sitemaps/products-1.xml")[2].decode()
    assert f"{base}{schemaorg.CATEGORY_PREFIX}" in first
    status, content_type, body = fetch(base + schemaorg.INFO_PAGES[0])
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert b"schema.org" not in body


def test_a_logging_server_counts_requests_per_target():
    profile = sample_store("us-megamart")
    with SampleStoreServer([profile], ports={profile.id: 0}, log_requests=True) as server:
        base = server.urls[profile.id]
        for _ in range(2):
            fetch(base + "/robots.txt")
        fetch(base + "/products.json?page=1&limit=1")
        assert server.requests(profile.id) == {"/robots.txt": 2, "/products.json?page=1&limit=1": 1}
        server.clear_requests(profile.id)
        assert server.requests(profile.id) == {}


def test_requests_are_counted_only_when_asked_for(stores):
    with pytest.raises(HaitaoError, match="log_requests=True"):
        stores.requests("us-megamart")
