"""The sample stores on loopback: one small HTTP server per store, its catalog in memory.

Each store answers like a Shopify storefront: `/products.json?page=N&limit=M`, product pages
at `/products/<handle>`, placeholder images, a home page and robots.txt. Start them with

    with SampleStoreServer(ports={"jp-rakuichi": 0}, profiles=[sample_store("jp-rakuichi")]) as s:
        s.urls  # {"jp-rakuichi": "http://127.0.0.1:41233"}
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gzip
import html
import json
import socket
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml
from babel.numbers import format_currency

from core.errors import HaitaoError
from crawler.samples import feeds, formats, schemaorg, woocommerce
from crawler.samples.assortment import (
    SAMPLE_STORES,
    SampleProduct,
    SampleStoreProfile,
    generate_catalog,
)
from crawler.samples.faults import StoreFaults
from crawler.samples.shopify import DEFAULT_LIMIT, IMAGE_SIZE, ShopifyCatalog

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
SVG = "image/svg+xml"
POLL_SECONDS = 0.1  # how soon a store notices stop()
_IMAGE_COLOURS = {
    "infant-formula-baby": "#7fa7d9",
    "skincare-cosmetics": "#d98fa7",
    "vitamins-health": "#e0a64a",
    "electronics": "#5c6b7a",
    "fashion": "#8a6f5a",
}

XML = formats.XML
Response = formats.Response


class SampleStoreServer:
    """Serves every profile's catalog on `host`, one port per store, until `stop()`."""

    def __init__(
        self,
        profiles: Iterable[SampleStoreProfile] = SAMPLE_STORES,
        host: str = "127.0.0.1",
        ports: dict[str, int] | None = None,
        products: int | None = None,
        seed: int = 2026,
        faults: dict[str, Iterable[str]] | None = None,
        log_requests: bool = False,
        as_of: date | None = None,
    ) -> None:
        self.profiles = {profile.id: profile for profile in profiles}
        unknown = sorted(set(ports or {}) - set(self.profiles))
        if unknown:
            raise HaitaoError(f"ports given for unknown sample stores: {', '.join(unknown)}")
        self.host = host
        self.ports = {sid: (ports or {}).get(sid, p.port) for sid, p in self.profiles.items()}
        self.products, self.seed = products, seed
        self.faults = {sid: frozenset(names) for sid, names in (faults or {}).items()}
        self.log_requests = log_requests
        self.as_of = as_of  # serve the catalogs as on that day (sample history); None: today
        self._catalogs: dict[str, list[SampleProduct]] = {}
        self._servers: dict[str, _StoreHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    def catalog(self, store_id: str) -> list[SampleProduct]:
        """The products a store serves (generated on first use)."""
        if store_id not in self.profiles:
            raise HaitaoError(f"unknown sample store '{store_id}'")
        if store_id not in self._catalogs:
            profile = self.profiles[store_id]
            self._catalogs[store_id] = generate_catalog(
                profile, self.products, self.seed, self.as_of
            )
        return self._catalogs[store_id]

    def start(self) -> SampleStoreServer:
        """Generate the catalogs, bind every store's port, then serve them all."""
        if self._servers:
            return self
        for store_id in self.profiles:
            self.catalog(store_id)
        try:
            for store_id in self.profiles:
                self._servers[store_id] = self._bind(store_id)
        except BaseException:
            for server in self._servers.values():
                server.server_close()
            self._servers.clear()
            raise
        for store_id, server in self._servers.items():
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": POLL_SECONDS},
                name=f"sample-store-{store_id}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind(self, store_id: str) -> _StoreHTTPServer:
        port = self.ports[store_id]
        try:
            server = _StoreHTTPServer((self.host, port), self.log_requests)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise HaitaoError(f"port {port} for sample store {store_id} is in use") from exc
            raise HaitaoError(
                f"cannot listen on {self.host}:{port} for sample store {store_id}: {exc.strerror}"
            ) from exc
        base_url = f"http://{self.host}:{server.server_address[1]}"
        profile, catalog = self.profiles[store_id], self.catalog(store_id)
        faults = None
        if store_id in self.faults:
            faults = StoreFaults(self.faults[store_id], formats.fault_target(profile, catalog))
        server.store = _Store.build(profile, catalog, base_url, faults)
        return server

    def set_faults(self, store_id: str, names: Iterable[str]) -> StoreFaults | None:
        """Switch a running store's faults (see crawler.samples.faults); none to heal it.

        Returns the switched-on faults, whose `target_times` record the target's requests.
        """
        server = self._servers[store_id]
        self.faults[store_id] = frozenset(names)
        target = formats.fault_target(server.store.profile, server.store.products)
        faults = StoreFaults(self.faults[store_id], target) if self.faults[store_id] else None
        server.store = dataclasses.replace(server.store, faults=faults)
        return faults

    def set_as_of(self, day: date | None) -> None:
        """Serve every running store's catalog as on `day` (None: today), prices moved by
        `assortment.price_drift`; products, ids and pages are otherwise the same."""
        self.as_of = day
        self._catalogs.clear()
        for store_id, server in self._servers.items():
            store = server.store
            faults = None
            if self.faults.get(store_id):
                target = formats.fault_target(store.profile, self.catalog(store_id))
                faults = StoreFaults(self.faults[store_id], target)
            server.store = _Store.build(
                store.profile, self.catalog(store_id), store.base_url, faults
            )

    def requests(self, store_id: str) -> Counter[str]:
        """How often each target (path and query) was asked for since the store started or
        `clear_requests`; only with `log_requests=True` (tests that count re-requests)."""
        return self._servers[store_id].logged()

    def clear_requests(self, store_id: str) -> None:
        self._servers[store_id].clear_log()

    def stop(self) -> None:
        """Stop serving, drop open keep-alive connections and close every socket."""
        servers = list(self._servers.values())
        # Each shutdown waits for its loop's next poll: wait for all of them at once.
        stoppers = [threading.Thread(target=server.shutdown) for server in servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in servers:
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> SampleStoreServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def urls(self) -> dict[str, str]:
        """Store id → base URL ("http://127.0.0.1:8101") of the running stores."""
        if not self._servers:
            raise RuntimeError("the sample stores are not running: call start() first")
        return {store_id: server.store.base_url for store_id, server in self._servers.items()}

    def stores_yaml(self) -> str:
        """A stores file (`config/stores.yaml` format) listing the running stores."""
        urls = self.urls
        return _stores_yaml((self.profiles[sid], url) for sid, url in urls.items())

    def write_stores_file(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.stores_yaml(), encoding="utf-8")
        return path


def default_stores_yaml() -> str:
    """The stores file for the bundled sample stores on their default ports."""
    return _stores_yaml((p, f"http://127.0.0.1:{p.port}") for p in SAMPLE_STORES)


class _IndentedDumper(yaml.SafeDumper):
    """Safe dumping, with list items indented under their key as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _stores_yaml(stores: Iterable[tuple[SampleStoreProfile, str]]) -> str:
    entries = [formats.store_entry(profile, url) for profile, url in stores]
    return yaml.dump(
        {"stores": entries}, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False
    )


@dataclass(frozen=True)
class _Store:
    """What one store's server needs to answer: its profile, catalog and pages."""

    profile: SampleStoreProfile
    base_url: str
    products: list[SampleProduct]
    shopify: ShopifyCatalog
    by_handle: dict[str, SampleProduct]
    positions: dict[str, int]
    faults: StoreFaults | None = None
    # Feeds and the sitemap index, rendered once: a crawl benchmark measures the crawler.
    whole: dict[str, Response] = dataclasses.field(default_factory=dict)

    @classmethod
    def build(
        cls,
        profile: SampleStoreProfile,
        products: list[SampleProduct],
        base_url: str,
        faults: StoreFaults | None = None,
    ) -> _Store:
        by_handle = {product.handle: product for product in products}
        positions = {product.handle: n for n, product in enumerate(products)}
        shopify = ShopifyCatalog(products, base_url)
        return cls(profile, base_url, products, shopify, by_handle, positions, faults)


class _StoreHTTPServer(ThreadingHTTPServer):
    """A threading server that can also cut its open keep-alive connections on stop, so that
    stopping never waits for a client to hang up."""

    daemon_threads = True
    store: _Store

    def __init__(self, address: tuple[str, int], log_requests: bool = False) -> None:
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._log: Counter[str] | None = Counter() if log_requests else None
        super().__init__(address, _Handler)

    def log(self, target: str) -> None:
        if self._log is not None:
            with self._lock:
                self._log[target] += 1

    def logged(self) -> Counter[str]:
        if self._log is None:
            raise HaitaoError("requests are logged only with SampleStoreServer(log_requests=True)")
        with self._lock:
            return Counter(self._log)

    def clear_log(self) -> None:
        with self._lock:
            if self._log is not None:
                self._log.clear()

    def process_request(self, request: socket.socket, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # the client already hung up
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: socket.socket, client_address: Any) -> None:
        """Quiet about clients that hang up mid-response; loud about anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _StoreHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect
    server_version = "HaitaoSampleStore/1.0"
    timeout = 30  # seconds an idle keep-alive connection is kept
    # Headers and body go out in two writes; with Nagle's algorithm on, the second waits for
    # the client's delayed ACK, 40 ms per small page.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        self.server.log(self.path)
        status, content_type, body, *headers = _route(self.server.store, self.path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers[0] if headers else {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests and the demo crawl thousands of pages."""


def _route(store: _Store, target: str) -> Response:
    """The response to GET `target` (path and query) at this store, its faults applied."""
    if store.faults is not None:
        return store.faults.respond(target, lambda: _page(store, target))
    return _page(store, target)


def _page(store: _Store, target: str) -> Response:
    """The response to GET `target` (path and query) when nothing goes wrong."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    if path == "/products.json":
        return _products_json(store, parse_qs(parts.query))
    if path == "/robots.txt":
        return 200, TEXT, formats.robots_txt(store.base_url, store.faults)
    if path in ("/", "/index.html"):
        return 200, HTML, _home_page(store)
    if path.startswith("/products/") and path[10:] in store.by_handle:
        return 200, HTML, _product_page(store, store.by_handle[path[10:]])
    if (
        path.startswith(schemaorg.LISTING_PREFIX)
        and path[len(schemaorg.LISTING_PREFIX) :].isdigit()
    ):
        listing = _listing_page(store, int(path[len(schemaorg.LISTING_PREFIX) :]))
        if listing is not None:
            return 200, HTML, listing
    if path.startswith("/product/") and path[9:].rstrip("/") in store.by_handle:  # WooCommerce
        return 200, HTML, _product_page(store, store.by_handle[path[9:].rstrip("/")])
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
        return 200, HTML, _html_page(store, title, f"<h1>{html.escape(title)}</h1>")
    if path.startswith("/sitemaps/products-") and path.endswith(".xml"):
        sitemap = formats.sitemap(store.products, store.base_url, path[19:-4])
        if sitemap is not None:
            return 200, XML, sitemap
    if path.startswith("/images/") and path.endswith(".svg"):
        return 200, SVG, _image(store, path[8:-4])
    return 404, HTML, _html_page(store, "404", "<h1>404 Not Found</h1>")


def _gzipped(store: _Store, path: str) -> Response:
    """The XML feed as a .gz file, or the CSV feed with `Content-Encoding: gzip`."""
    source = feeds.XML_PATH if path == feeds.XML_GZ_PATH else feeds.CSV_PATH
    key = f"{path}?gzip"
    if key not in store.whole:
        status, content_type, body, *_ = _page(store, source)
        packed = gzip.compress(body, compresslevel=5, mtime=0)
        if path == feeds.XML_GZ_PATH:
            store.whole[key] = (status, "application/gzip", packed)
        else:
            store.whole[key] = (status, content_type, packed, {"Content-Encoding": "gzip"})
    return store.whole[key]


def _products_json(store: _Store, query: dict[str, list[str]]) -> Response:
    try:
        page = int(query.get("page", ["1"])[0])
        limit = int(query.get("limit", [str(DEFAULT_LIMIT)])[0])
    except ValueError:
        return 400, JSON, b'{"errors":"page and limit must be whole numbers"}'
    return 200, JSON, store.shopify.page(page, limit)


def _home_page(store: _Store) -> bytes:
    profile = store.profile
    items = "".join(
        f'<li><a href="/products/{p.handle}">{html.escape(p.title)}</a></li>'
        for p in store.products[:50]
    )
    body = (
        f"<h1>{html.escape(profile.name)}</h1>"
        f"<p>{profile.country} · {profile.currency} · {len(store.products)} products · "
        f'<a href="/products.json">products.json</a></p><ul>{items}</ul>'
    )
    return _html_page(store, profile.name, body)


def _product_page(store: _Store, product: SampleProduct) -> bytes:
    profile, variant = store.profile, product.variants[0]
    price = _money(variant.price, store)
    was = variant.compare_at_price
    if was is not None:
        price += f" <s>{_money(was, store)}</s>"
    rows = "".join(
        f"<tr><td>{html.escape(v.title.replace('Default Title', ''))}</td>"
        f"<td>{_money(v.price, store)}</td>"
        f"<td>{v.sku}</td><td>{v.gtin or ''}</td><td>{'✓' if v.available else '—'}</td></tr>"
        for v in product.variants
    )
    body = (
        f'<p><a href="/">{html.escape(profile.name)}</a></p><h1>{html.escape(product.title)}</h1>'
        f'<img src="{product.image_path}" alt="" width="400" height="400">'
        f'<p class="vendor">{html.escape(product.vendor)}</p><p class="price">{price}</p>'
        f"<div>{product.body_html}</div><table>{rows}</table>"
    )
    charset = True
    if profile.platform == "sitemap":
        position = store.positions[product.handle]
        head = f'<link rel="canonical" href="{store.base_url}/products/{product.handle}">'
        body += schemaorg.product_markup(product, profile, store.base_url, position)
        charset = position % schemaorg.NO_META_EVERY != 0  # then only the HTTP header says
    else:
        head = f'<script type="application/ld+json">{_json_ld(store, product)}</script>'
    return _html_page(store, f"{product.title} – {profile.name}", body, head, charset)


def _listing_page(store: _Store, number: int) -> bytes | None:
    markup = schemaorg.listing_markup(store.products, number, store.profile, store.base_url)
    if markup is None:
        return None
    return _html_page(store, f"{store.profile.name}: more products", f"<h1>More</h1>{markup}")


def _json_ld(store: _Store, product: SampleProduct) -> str:
    """schema.org Product data, as most shops embed it."""
    offers = [
        {
            "@type": "Offer",
            "sku": v.sku,
            "gtin13": v.gtin,
            "price": str(v.price),
            "priceCurrency": store.profile.currency,
            "availability": f"https://schema.org/{'InStock' if v.available else 'OutOfStock'}",
        }
        for v in product.variants
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "brand": {"@type": "Brand", "name": product.vendor},
        "image": store.base_url + product.image_path,
        "offers": offers,
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _money(amount: object, store: _Store) -> str:
    text = format_currency(amount, store.profile.currency, locale=_locale(store.profile))
    return html.escape(text)


def _locale(profile: SampleStoreProfile) -> str:
    return f"{profile.language.split('-')[0]}_{profile.country}"


def _html_page(store: _Store, title: str, body: str, head: str = "", charset: bool = True) -> bytes:
    meta = '<meta charset="utf-8">' if charset else ""
    return (
        f'<!DOCTYPE html><html lang="{store.profile.language}"><head>{meta}'
        f"<title>{html.escape(title)}</title>{head}</head><body>{body}</body></html>"
    ).encode()


def _image(store: _Store, name: str) -> bytes:
    """A placeholder product photo: the brand on the category's colour."""
    product = store.by_handle.get(name)
    label = product.vendor if product else store.profile.name
    colour = _IMAGE_COLOURS.get(product.category if product else "", "#999999")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{IMAGE_SIZE}" height="{IMAGE_SIZE}" '
        f'viewBox="0 0 800 800"><rect width="800" height="800" fill="{colour}"/>'
        f'<text x="400" y="420" font-family="sans-serif" font-size="56" fill="#ffffff" '
        f'text-anchor="middle">{html.escape(label)}</text></svg>'
    ).encode()
