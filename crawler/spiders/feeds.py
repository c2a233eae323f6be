"""Product feeds: one download of the store's XML (Google Merchant, or any export through a
field mapping) or CSV datafeed.

The feed is streamed to a temporary file (crawler.feed_files, gzip too) and parsed from it
incrementally; the whole feed is read before the first product comes out rather than node by
node (XMLFeedSpider/CSVFeedSpider), since the variants of a product (`item_group_id`) may be
anywhere in the file. Products go to the pipelines in batches (crawler.product_batches).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import BinaryIO, ClassVar

import scrapy
from scrapy.http import Response

from crawler.extract import ExtractionError
from crawler.extract.feeds import iter_csv_feed, iter_xml_feed
from crawler.feed_files import FEED_FILE, FEED_PATH, open_feed
from crawler.items import ProductItem
from crawler.product_batches import ProductBatch, batched
from crawler.spiders import StoreSpider

# Spider middlewares that act only on the requests a callback yields: a feed's callback
# yields products alone (up to millions), each of which would pass through them for nothing.
# Not the RefererMiddleware: the redirect middlewares hand it the Referer of each hop (and
# warn, twice a crawl, when it is missing); with a thousand products per item it costs
# nothing.
_REQUEST_ONLY_MIDDLEWARES = (
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware",
    "scrapy.spidermiddlewares.depth.DepthMiddleware",
)
# Products per item through Scrapy. Scrapy takes up to twice CONCURRENT_ITEMS items from a
# callback before the pipelines get to them: one at a time keeps a few batches in memory.
FEED_BATCH = 1000


class XmlFeedSpider(StoreSpider):
    name = "xml_feed"
    custom_settings: ClassVar[dict] = {
        "SPIDER_MIDDLEWARES": dict.fromkeys(_REQUEST_ONLY_MIDDLEWARES),
        "CONCURRENT_ITEMS": 1,
    }

    async def start(self) -> AsyncIterator[scrapy.Request]:
        request = self.store_request(
            self.store.feed_url, callback=self.parse_feed, meta={FEED_FILE: True}
        )
        yield self.first_request(request)

    def parse_feed(self, response: Response) -> Iterator[ProductBatch]:
        path = Path(response.meta[FEED_PATH])
        try:
            with open_feed(path) as source:
                yield from batched(self.extract(source), FEED_BATCH)
        except ExtractionError as exc:  # raised before any item: the feed is read first
            self.drop_page(exc.reason, response.url, str(exc))
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:  # a cut or broken gzip
            self.drop_page("bad_gzip", response.url, str(exc)[:200])
        except OSError as exc:
            self.drop_page("unreadable_feed", response.url, str(exc)[:200])
        finally:
            path.unlink(missing_ok=True)

    def extract(self, body: bytes | BinaryIO) -> Iterator[ProductItem]:
        feed = self.store.feed
        if feed is not None and feed.item:
            return iter_xml_feed(body, self.store.id, self.store.url, feed.item, feed.columns)
        return iter_xml_feed(body, self.store.id, self.store.url)


class CsvFeedSpider(XmlFeedSpider):
    name = "csv_feed"

    def extract(self, body: bytes | BinaryIO) -> Iterator[ProductItem]:
        feed = self.store.feed
        assert feed is not None  # StoreConfig requires it for csv_feed
        return iter_csv_feed(body, self.store.id, self.store.url, feed.columns, feed.delimiter)
