"""A real crawl of feeds with bad rows, over 127.0.0.1: each product the validation drops is
logged with its reason and counted, through batches of products as through lone items (the
counts are what one Scrapy item per product gave)."""

from __future__ import annotations

import csv
import io
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import func, select

from core.tables import Product
from crawler.spiders.feeds import FEED_BATCH
from tests.conftest import haitao_env, run_haitao
from tests.crawler import crawls

pytestmark = pytest.mark.e2e

PRODUCTS = 2 * FEED_BATCH + 500  # the bad rows fall in every batch
BAD_EVERY = 500
CSV_COLUMNS = {"id": "sku_id", "group_id": "parent", "title": "name", "url": "link",
               "price": "price", "gtin": "ean"}  # fmt: skip


def rows() -> list[dict[str, str]]:
    """Two offers per product; every 500th product has a fault of each kind."""
    out = []
    for n in range(PRODUCTS):
        fault = n % BAD_EVERY
        for v in (1, 2):
            out.append({
                "id": f"P{n}-{v}", "group": f"P{n}", "link": f"/p/{n}",
                "title": "" if fault == 1 else f"Product {n} size {v}",
                "price": {2: "" if v == 2 else "5.00 USD", 3: "5.00 XXQ",
                          4: "24.990001 USD"}.get(fault, "9.99 USD"),
                "gtin": "12345" if fault == 4 and v == 1 else "",
            })  # fmt: skip
    return out


def xml_feed() -> bytes:
    items = "".join(
        f"<item><g:id>{r['id']}</g:id><g:item_group_id>{r['group']}</g:item_group_id>"
        f"<title>{escape(r['title'])}</title><link>{r['link']}</link>"
        f"<g:price>{r['price']}</g:price><g:gtin>{r['gtin']}</g:gtin></item>"
        for r in rows()
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
        f"<channel>{items}</channel></rss>"
    ).encode()


def csv_feed() -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS.values())
    for r in rows():
        writer.writerow([r["id"], r["group"], r["title"], r["link"], r["price"], r["gtin"]])
    return text.getvalue().encode()


FEEDS = {"/feed.xml": xml_feed(), "/feed.csv": csv_feed()}


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = FEEDS.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Both feeds crawled once: the data directory's environment and the crawl's stderr."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    common = {"url": url, "country": "US", "currency": "USD", "language": "en"}
    stores = {"stores": [
        {"id": "us-badxml", "name": "Bad XML", "platform": "xml_feed", **common,
         "feed": {"url": "/feed.xml"}},
        {"id": "us-badcsv", "name": "Bad CSV", "platform": "csv_feed", **common,
         "feed": {"url": "/feed.csv", "columns": CSV_COLUMNS}},
    ]}  # fmt: skip
    home = tmp_path_factory.mktemp("bad-feeds")
    env = haitao_env(home, crawls.write_stores(home / "stores.yaml", stores))
    try:
        assert run_haitao("db", "upgrade", env=env).returncode == 0
        result = crawls.crawl(env, "us-badxml", "us-badcsv")
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr[-3000:]
    return env, result.stderr


BAD = PRODUCTS // BAD_EVERY  # products with each fault


@pytest.mark.parametrize("store_id", ["us-badxml", "us-badcsv"])
def test_each_dropped_product_is_counted_by_its_reason(crawled, store_id):
    env, _ = crawled
    run = crawls.latest_run(env, store_id)
    counted = {key: value for key, value in run.stats.items()
               if key.startswith(("item_", "haitao/dropped", "haitao/offers_dropped"))
               or key in ("haitao/price_rounded", "haitao/gtin_invalid")}  # fmt: skip
    assert counted == {
        "item_scraped_count": PRODUCTS - 2 * BAD,
        "item_dropped_count": 2 * BAD,
        "item_dropped_reasons_count/DropItem": 2 * BAD,
        "haitao/dropped/no_title": BAD,
        "haitao/dropped/no_valid_offer": BAD,
        "haitao/offers_dropped/no_price": BAD,
        "haitao/offers_dropped/unknown_currency": 2 * BAD,
        "haitao/price_rounded": 2 * BAD,
        "haitao/gtin_invalid": BAD,
    }
    assert (run.state, run.items_scraped, run.items_dropped) == (
        "finished", PRODUCTS - 2 * BAD, 2 * BAD,
    )  # fmt: skip
    with crawls.sessions(env)() as session:
        stored = select(func.count()).where(Product.store_id == store_id)
        assert session.scalar(stored) == PRODUCTS - 2 * BAD


@pytest.mark.parametrize("store_id", ["us-badxml", "us-badcsv"])
def test_each_dropped_product_is_logged_with_its_reason(crawled, store_id):
    _, stderr = crawled
    logged = "[scrapy.core.scraper] WARNING: "  # where and how Scrapy logs a dropped item
    dropped = [line.partition(logged)[2] for line in stderr.splitlines()
               if logged in line and line.endswith(f" of {store_id}")]  # fmt: skip
    assert sorted(dropped) == sorted(
        f"Dropped: {reason}: product P{n} of {store_id}"
        for n in range(PRODUCTS)
        for fault, reason in ((1, "no_title"), (3, "no_valid_offer"))
        if n % BAD_EVERY == fault
    )
