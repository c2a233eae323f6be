"""The feed spiders: one request for the whole feed, read as XML or as CSV by its columns."""

from __future__ import annotations

import asyncio

import scrapy
from scrapy.http import Response

from crawler.feed_files import FEED_PATH
from crawler.spiders.feeds import CsvFeedSpider, XmlFeedSpider
from tests.crawler.scrapy_parts import SAMPLE_DATA, crawler_for, stats_under, store

FEEDS = SAMPLE_DATA / "feeds"
CSV_COLUMNS = {"id": "Artikel-ID", "group_id": "Gruppe", "title": "Name", "url": "Link",
               "price": "Preis"}  # fmt: skip


def feed_response(tmp_path, url: str, body: bytes) -> Response:
    """What the feed-file middleware hands the spider: the body saved to a file."""
    path = tmp_path / "feed"
    path.write_bytes(body)
    return Response(url, request=scrapy.Request(url, meta={FEED_PATH: str(path)}))


def products(spider, tmp_path, body: bytes) -> list:
    """The products of the spider's batches for a feed of `body`."""
    batches = spider.parse_feed(feed_response(tmp_path, spider.store.feed_url, body))
    return [product for batch in batches for product in batch.products]


async def first_requests(spider) -> list:
    return [request async for request in spider.start()]


def test_the_xml_feed_spider_asks_for_the_feed_url_once():
    spider = crawler_for(XmlFeedSpider, store(platform="xml_feed")).spider
    (request,) = asyncio.run(first_requests(spider))
    assert request.url == "http://127.0.0.1:8999/feeds/products.xml"
    assert request.callback == spider.parse_feed


def test_an_xml_feed_gives_products_grouped_by_item_group(tmp_path):
    spider = crawler_for(XmlFeedSpider, store(platform="xml_feed")).spider
    items = products(spider, tmp_path, (FEEDS / "google-rss.xml").read_bytes())
    assert [len(item.offers) for item in items] == [2, 1]
    assert {item.store_id for item in items} == {"us-test"}


def test_a_csv_feed_is_read_through_the_stores_columns_and_delimiter(tmp_path):
    feed = {"url": "feeds/datafeed.csv", "columns": CSV_COLUMNS, "delimiter": ";"}
    spider = crawler_for(CsvFeedSpider, store(platform="csv_feed", feed=feed)).spider
    items = products(spider, tmp_path, (FEEDS / "datafeed.csv").read_bytes())
    assert [item.external_id for item in items] == ["G-1", "A-3"]
    assert [o.external_id for o in items[0].offers] == ["A-1", "A-2"]


def test_a_broken_feed_is_one_dropped_page_with_its_reason(tmp_path):
    crawler = crawler_for(XmlFeedSpider, store(platform="xml_feed"))
    url = crawler.spider.store.feed_url
    assert (
        list(crawler.spider.parse_feed(feed_response(tmp_path, url, b"<rss><channel><item>"))) == []
    )
    assert stats_under(crawler, "haitao/pages_dropped") == {
        "haitao/pages_dropped": 1,
        "haitao/pages_dropped/bad_xml": 1,
    }
