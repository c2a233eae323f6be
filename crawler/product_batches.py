"""A feed's products travel Scrapy's item path in batches: one Scrapy item per thousand.

Scrapy's own work per item (the spider middleware chain, a task, the item pipelines'
deferreds, two signals) cost more than reading, normalising and writing a feed's product
(≈ 40 % of a 100,000-product feed crawl's CPU). A `ProductBatch` is one item to Scrapy; the
pipelines do for each product in it what they do for a product that comes alone (the same
code: a lone product is a batch of one to them). A product the validation drops from a batch
is reported as Scrapy reports a dropped item (`report_dropped`: the same log line and
`item_dropped` signal, so the same stats), and `ItemStats`, which takes the place of
Scrapy's CoreStats, counts a batch's products, not the batch, in `item_scraped_count`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.extensions.corestats import CoreStats
from scrapy.utils.log import logformatter_adapter

from crawler.items import ProductItem

# Where Scrapy logs a dropped item: a dropped product of a batch logs the same line there.
_scraper_logger = logging.getLogger("scrapy.core.scraper")


@dataclass
class ProductBatch:
    products: list[ProductItem]


def batched(products: Iterable[ProductItem], size: int) -> Iterator[ProductBatch]:
    """`products` in batches of `size` (the last one smaller)."""
    products = iter(products)
    while chunk := list(islice(products, size)):
        yield ProductBatch(chunk)


def products_of(item: ProductItem | ProductBatch) -> list[ProductItem]:
    """The products an item carries: a batch's, or the one product."""
    return item.products if isinstance(item, ProductBatch) else [item]


def report_dropped(crawler: Crawler, item: ProductItem, exception: DropItem) -> None:
    """What Scrapy's scraper does when a pipeline drops an item (`Scraper.
    start_itemproc_async`), for a product dropped out of a batch."""
    spider = crawler.spider
    logkws = crawler.logformatter.dropped(item, exception, None, spider)
    if logkws is not None:
        _scraper_logger.log(*logformatter_adapter(logkws), extra={"spider": spider, "item": item})
    crawler.signals.send_catch_log(
        signal=signals.item_dropped, item=item, response=None, spider=spider, exception=exception
    )


class ItemStats(CoreStats):
    """Scrapy's core stats, a batch counted as its products in `item_scraped_count`."""

    def item_scraped(self, item: Any, spider: Spider) -> None:
        count = len(item.products) if isinstance(item, ProductBatch) else 1
        self.stats.inc_value("item_scraped_count", count)
