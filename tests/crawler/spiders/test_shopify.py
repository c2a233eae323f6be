"""The Shopify spider: /products.json page after page until one comes back empty."""

from __future__ import annotations

from scrapy import Request

from crawler.items import ProductItem
from crawler.spiders.shopify import ShopifySpider
from tests.crawler.scrapy_parts import SAMPLE_DATA, crawler_for, response, stats_under, store

PAGE = (SAMPLE_DATA / "shopify" / "products-page.json").read_bytes()
URL = "http://127.0.0.1:8999/products.json?page=3&limit=40"


def test_a_page_with_products_gives_its_items_then_asks_for_the_next_page():
    spider = crawler_for(ShopifySpider, store(page_size=40)).spider
    out = list(spider.parse_page(response(URL, PAGE), page=3))
    items = [o for o in out if isinstance(o, ProductItem)]
    requests = [o for o in out if isinstance(o, Request)]
    assert items and all(item.store_id == "us-test" for item in items)
    assert [r.url for r in requests] == ["http://127.0.0.1:8999/products.json?page=4&limit=40"]
    assert requests[0].cb_kwargs == {"page": 4} and out[-1] is requests[0]


def test_an_empty_page_ends_the_catalog():
    spider = crawler_for(ShopifySpider, store()).spider
    assert list(spider.parse_page(response(URL, b'{"products": []}'), page=3)) == []


def test_a_page_that_is_not_json_is_dropped_and_counted_and_ends_the_walk():
    crawler = crawler_for(ShopifySpider, store())
    assert list(crawler.spider.parse_page(response(URL, b'{"products": [{"id'), page=3)) == []
    assert stats_under(crawler, "haitao/pages_dropped/") == {"haitao/pages_dropped/bad_json": 1}
