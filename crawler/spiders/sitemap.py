"""Sitemap + schema.org: robots.txt `Sitemap:` lines (or the entry's own `sitemap: urls:`) →
sitemap index → product sitemaps → product pages, each read for its schema.org Products
(JSON-LD, microdata or RDFa; every product of a listing page, and the pages its item lists
link to).

Only the store's own hosts are ever asked for: a `Sitemap:` line or a sitemap entry on
another host is skipped and counted (`haitao/offsite_skipped`). A `<urlset>` whose entries are
sitemaps (URLs ending `.xml` or `.xml.gz`) is read as a sitemap index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spiders import SitemapSpider
from scrapy.utils.sitemap import Sitemap

from crawler.extract import ExtractionError
from crawler.extract.schemaorg import parse_page
from crawler.items import ProductItem
from crawler.spiders import StoreSpider

SITEMAP_SUFFIXES = (".xml", ".xml.gz")


def is_sitemap_url(url: str) -> bool:
    """A URL that names a sitemap rather than a page (by its path's ending)."""
    return urlsplit(url).path.lower().endswith(SITEMAP_SUFFIXES)


class SitemapStoreSpider(StoreSpider, SitemapSpider):
    name = "sitemap"

    @property
    def sitemap_rules(self) -> list[tuple[str, str]]:  # type: ignore[override]
        """Product pages: every page a sitemap lists, or those the store's patterns match
        (read once, compiled by SitemapSpider.__init__; other pages are never fetched)."""
        patterns = self.store.sitemap.product_pages if self.store.sitemap else ("",)
        return [(pattern, "parse_product") for pattern in patterns]

    @property
    def sitemap_follow(self) -> list[str]:  # type: ignore[override]
        """The sitemaps of a sitemap index to read: all, or those the store's patterns match."""
        return list(self.store.sitemap.follow) if self.store.sitemap else [""]

    def __init__(self, store: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(store, *args, **kwargs)
        self.sitemap_urls = self.store.sitemap_urls
        self.seen_urls: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        async for request in super().start():  # robots.txt, through the duplicate filter
            yield self.first_request(self.in_store_slot(request))

    def _parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        """Scrapy's sitemap walk, each URL once, only the store's hosts, every request in
        this store's slot.

        Duplicates are dropped here rather than by Scrapy's filter, so that a page caught in
        a redirect loop fails loudly instead of being filtered away.
        """
        for request in self._sitemap_requests(response):
            yield from self.own_request(request)

    def own_request(self, request: scrapy.Request) -> Iterable[scrapy.Request]:
        """`request` in the store's slot, unless it was asked for already or is off-site."""
        if request.url in self.seen_urls:
            return
        self.seen_urls.add(request.url)
        if not self.store.allows(request.url):
            self.crawler.stats.inc_value("haitao/offsite_skipped")
            self.logger.warning(
                "skipped %s: not a host of store %s (add it to allowed_hosts to crawl it)",
                request.url,
                self.store.id,
            )
            return
        yield self.in_store_slot(request).replace(dont_filter=True)

    def _sitemap_requests(self, response: Response) -> Iterable[scrapy.Request]:
        body = None if response.url.endswith("/robots.txt") else self._get_sitemap_body(response)
        sitemap = Sitemap(body) if body else None
        if sitemap is None or sitemap.type != "urlset":
            yield from super()._parse_sitemap(response)
            return
        entries = list(self.sitemap_filter(sitemap))
        pages = [e for e in entries if not is_sitemap_url(e.get("loc") or "")]
        for entry in entries:
            loc = entry.get("loc") or ""
            if is_sitemap_url(loc) and any(x.search(loc) for x in self._follow):
                self.crawler.stats.inc_value("haitao/sitemaps_in_urlset")
                yield scrapy.Request(loc, callback=self._parse_sitemap)
        for loc, callback in self._get_urls_and_callbacks_from_urlset(pages):
            yield scrapy.Request(loc, callback=callback)

    def parse_product(self, response: Response) -> Iterable[ProductItem | scrapy.Request]:
        """Every product on the page (decoded as browsers do), and the product pages its item
        lists link to."""
        if not isinstance(response, TextResponse):
            self.drop_page("not_html", response.url)
            return
        try:
            page = parse_page(response.text, response.url, self.store.id)
        except ExtractionError as exc:
            self.drop_page(exc.reason, response.url, str(exc))
            return
        if page.fallback:  # how many products each last-resort reader produced
            self.crawler.stats.inc_value(f"haitao/fallback/{page.fallback}", len(page.products))
        if page.orphan_itemprops:  # the pages, as before
            self.crawler.stats.inc_value("haitao/orphan_itemprops")
        if len(page.products) > 1:
            self.crawler.stats.inc_value("haitao/listing_pages")
        yield from page.products
        for link in page.links:
            yield from self.own_request(scrapy.Request(link, callback=self.parse_product))
