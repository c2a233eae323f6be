"""Which response a sample store gives for a path and query, its faults applied."""

from __future__ import annotations

import gzip
import html
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.samples import feeds, formats, schemaorg, woocommerce
from crawler.samples.formats import JSON, XML, Response
from crawler.samples.html_pages import home_page, html_page, image, listing_page, product_page
from crawler.samples.served_store import ServedStore
from crawler.samples.shopify import DEFAULT_LIMIT

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
SVG = "image/svg+xml"


def respond(store: ServedStore, target: str) -> Response:
    """The response to GET `target` (path and query) at this store, its faults applied."""
    if store.faults is not None:
        return store.faults.respond(target, lambda: page(store, target))
    return page(store, target)


def page(store: ServedStore, target: str) -> Response:
    """The response to GET `target` (path and query) when nothing goes wrong."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    if path == "/products.json":
        return _products_json(store, parse_qs(parts.query))
    if path == "/robots.txt":
        return 200, TEXT, formats.robots_txt(store.base_url, store.faults)
    if path in ("/", "/index.html"):
        return 200, HTML, home_page(store)
    if path.startswith("/products/") and path[10:] in store.by_handle:
        return 200, HTML, product_page(store, store.by_handle[path[10:]])
    if (
        path.startswith(schemaorg.LISTING_PREFIX)
        and path[len(schemaorg.LISTING_PREFIX) :].isdigit()
    ):
        listing = listing_page(store, int(path[len(schemaorg.LISTING_PREFIX) :]))
        if listing is not None:
            return 200, HTML, listing
    if path.startswith("/product/") and path[9:].rstrip("/") in store.by_handle:  # WooCommerce
        return 200, HTML, product_page(store, store.by_handle[path[9:].rstrip("/")])
    if path == woocommerce.API_PATH:
        query = parse_qs(parts.query)
        return formats.woocommerce_page(store.profile, store.products, store.base_url, query)
    if path == feeds.XML_GZ_PATH or (
        path == feeds.CSV_PATH and parts.query == feeds.CSV_GZIP_QUERY
    ):
        return _gzipped(store, path)
    if path in formats.WHOLE_CATALOG_PATHS:
        if path not in store.whole:  # two threads may both render it: same bytes, no harm
            whole = formats.whole_catalog(store.profile, store.products, store.base_url, path)
            store.whole[path] = whole
        return store.whole[path]
    if path == schemaorg.PAGES_SITEMAP_PATH:
        return 200, XML, schemaorg.pages_sitemap(store.base_url)
    if schemaorg.is_other_page(path):
        title = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").capitalize()
        return 200, HTML, html_page(store, title, f"<h1>{html.escape(title)}</h1>")
    if path.startswith("/sitemaps/products-") and path.endswith(".xml"):
        sitemap = formats.sitemap(store.products, store.base_url, path[19:-4])
        if sitemap is not None:
            return 200, XML, sitemap
    if path.startswith("/images/") and path.endswith(".svg"):
        return 200, SVG, image(store, path[8:-4])
    return 404, HTML, html_page(store, "404", "<h1>404 Not Found</h1>")


def _gzipped(store: ServedStore, path: str) -> Response:
    """The XML feed as a .gz file, or the CSV feed with `Content-Encoding: gzip`."""
    source = feeds.XML_PATH if path == feeds.XML_GZ_PATH else feeds.CSV_PATH
    key = f"{path}?gzip"
    if key not in store.whole:
        status, content_type, body, *_ = page(store, source)
        packed = gzip.compress(body, compresslevel=5, mtime=0)
        if path == feeds.XML_GZ_PATH:
            store.whole[key] = (status, "application/gzip", packed)
        else:
            store.whole[key] = (status, content_type, packed, {"Content-Encoding": "gzip"})
    return store.whole[key]


def _products_json(store: ServedStore, query: dict[str, list[str]]) -> Response:
    try:
        page_number = int(query.get("page", ["1"])[0])
        limit = int(query.get("limit", [str(DEFAULT_LIMIT)])[0])
    except ValueError:
        return 400, JSON, b'{"errors":"page and limit must be whole numbers"}'
    return 200, JSON, store.shopify.page(page_number, limit)
