"""Sitemap + schema.org: robots.txt `Sitemap:` lines → sitemap index → product sitemaps →
product pages, each read for its schema.org Product (JSON-LD, microdata or RDFa)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.spiders import SitemapSpider

from crawler.extract import ExtractionError
from crawler.extract.schemaorg import parse_product_page
from crawler.items import ProductItem
from crawler.spiders import StoreSpider


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
        self.sitemap_urls = [f"{self.store.url}/robots.txt"]
        self.seen_urls: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        async for request in super().start():  # robots.txt, through the duplicate filter
            yield self.first_request(self.in_store_slot(request))

    def _parse_sitemap(self, response: Response) -> Iterable[scrapy.Request]:
        """Scrapy's sitemap walk, each URL once, every request in this store's slot.

        Duplicates are dropped here rather than by Scrapy's filter, so that a page caught in
        a redirect loop fails loudly instead of being filtered away.
        """
        for request in super()._parse_sitemap(response):
            if request.url not in self.seen_urls:
                self.seen_urls.add(request.url)
                yield self.in_store_slot(request).replace(dont_filter=True)

    def parse_product(self, response: Response) -> Iterable[ProductItem]:
        try:
            yield parse_product_page(response.body, response.url, self.store.id)
        except ExtractionError as exc:
            self.drop_page(exc.reason, response.url, str(exc))
