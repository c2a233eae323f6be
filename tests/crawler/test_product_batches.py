"""A batch of products is one Scrapy item, and each product in it counts as an item would."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.extensions.corestats import CoreStats

from crawler.items import ProductItem
from crawler.product_batches import (
    ItemStats,
    ProductBatch,
    batched,
    products_of,
    report_dropped,
)
from crawler.spiders.feeds import XmlFeedSpider
from tests.crawler.scrapy_parts import crawler_for, stats_under, store


def product(n: int) -> ProductItem:
    return ProductItem("us-test", f"p{n}", f"Product {n}", f"http://x/p{n}")


def test_products_come_in_batches_of_the_size_the_last_smaller():
    batches = list(batched(map(product, range(7)), 3))
    assert [[p.external_id for p in b.products] for b in batches] == [
        ["p0", "p1", "p2"], ["p3", "p4", "p5"], ["p6"],
    ]  # fmt: skip
    assert list(batched([], 3)) == []


def test_a_lone_product_is_a_batch_of_one_to_the_pipelines():
    alone = product(1)
    assert products_of(alone) == [alone]
    assert products_of(ProductBatch([alone, product(2)]))[1].external_id == "p2"


def crawler():
    return crawler_for(XmlFeedSpider, store(platform="xml_feed"))


def test_scrapys_core_stats_are_replaced_by_item_stats():
    extensions = crawler().extensions.middlewares
    assert [type(e) for e in extensions if isinstance(e, CoreStats)] == [ItemStats]


def test_a_scraped_batch_counts_as_its_products_and_a_lone_product_as_one():
    scrapy_crawler = crawler()
    for item in (ProductBatch([product(1), product(2), product(3)]), product(4), ProductBatch([])):
        scrapy_crawler.signals.send_catch_log(
            signals.item_scraped, item=item, response=None, spider=scrapy_crawler.spider
        )
    assert stats_under(scrapy_crawler, "item_") == {"item_scraped_count": 4}


def test_a_product_dropped_from_a_batch_is_logged_and_counted_as_scrapy_does(caplog):
    scrapy_crawler = crawler()
    with caplog.at_level(logging.WARNING, logger="scrapy.core.scraper"):
        report_dropped(scrapy_crawler, product(7), DropItem("no_title: product p7 of us-test"))
    assert stats_under(scrapy_crawler, "item_") == {
        "item_dropped_count": 1,
        "item_dropped_reasons_count/DropItem": 1,
    }
    (record,) = caplog.records
    assert (record.name, record.levelno) == ("scrapy.core.scraper", logging.WARNING)
    assert record.getMessage().startswith("Dropped: no_title: product p7 of us-test\n")
    assert record.item.external_id == "p7"
