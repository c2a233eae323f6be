"""The WooCommerce spider: page 1 says how many pages there are, then asks for all of them."""

from __future__ import annotations

from scrapy import Request

from crawler.items import ProductItem
from crawler.spiders.woocommerce import WooCommerceSpider
from tests.crawler.scrapy_parts import SAMPLE_DATA, crawler_for, response, stats_under, store

PAGE = (SAMPLE_DATA / "woocommerce" / "products-page.json").read_bytes()
API = "http://127.0.0.1:8999/wp-json/wc/store/v1/products"


def page_urls(out) -> list[str]:
    return [o.url for o in out if isinstance(o, Request)]


def test_page_one_asks_for_every_other_page_at_once_capped_at_100_per_page():
    spider = crawler_for(WooCommerceSpider, store(platform="woocommerce", page_size=250)).spider
    out = list(spider.parse_page(response(f"{API}?page=1", PAGE, {"X-WP-TotalPages": "3"}), 1))
    assert any(isinstance(o, ProductItem) for o in out)
    assert page_urls(out) == [f"{API}?page={n}&per_page=100" for n in (2, 3)]


def test_later_pages_ask_for_nothing_more():
    spider = crawler_for(WooCommerceSpider, store(platform="woocommerce")).spider
    out = list(spider.parse_page(response(f"{API}?page=2", PAGE, {"X-WP-TotalPages": "3"}), 2))
    assert page_urls(out) == []


def test_without_the_header_it_walks_on_until_an_empty_page():
    spider = crawler_for(WooCommerceSpider, store(platform="woocommerce", page_size=20)).spider
    assert page_urls(spider.parse_page(response(f"{API}?page=4", PAGE), 4)) == [
        f"{API}?page=5&per_page=20"
    ]
    assert list(spider.parse_page(response(f"{API}?page=5", b"[]"), 5)) == []


def test_a_page_that_is_not_a_product_list_is_dropped_and_counted():
    crawler = crawler_for(WooCommerceSpider, store(platform="woocommerce"))
    assert list(crawler.spider.parse_page(response(f"{API}?page=1", b'{"code": "x"}'), 1)) == []
    assert stats_under(crawler, "haitao/pages_dropped/") == {"haitao/pages_dropped/bad_shape": 1}
