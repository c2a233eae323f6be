"""Product feeds: one download of the store's XML (Google Merchant) or CSV datafeed.

The whole feed is read at once rather than node by node (XMLFeedSpider/CSVFeedSpider): the
variants of a product (`item_group_id`) may be anywhere in the file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from crawler.extract import ExtractionError
from crawler.extract.feeds import iter_csv_feed, iter_xml_feed
from crawler.items import ProductItem
from crawler.spiders import StoreSpider


class XmlFeedSpider(StoreSpider):
    name = "xml_feed"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.first_request(self.store_request(self.store.feed_url, callback=self.parse_feed))

    def parse_feed(self, response: Response) -> Iterator[ProductItem]:
        try:
            yield from self.extract(response.body)
        except ExtractionError as exc:  # raised before any item: the feed is read first
            self.drop_page(exc.reason, response.url, str(exc))

    def extract(self, body: bytes) -> Iterator[ProductItem]:
        feed = self.store.feed
        if feed is not None and feed.item:
            return iter_xml_feed(body, self.store.id, self.store.url, feed.item, feed.columns)
        return iter_xml_feed(body, self.store.id, self.store.url)


class CsvFeedSpider(XmlFeedSpider):
    name = "csv_feed"

    def extract(self, body: bytes) -> Iterator[ProductItem]:
        feed = self.store.feed
        assert feed is not None  # StoreConfig requires it for csv_feed
        return iter_csv_feed(body, self.store.id, self.store.url, feed.columns, feed.delimiter)
