"""Shopify storefronts: `/products.json?page=N&limit=L` until a page comes back empty."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from crawler.extract import ExtractionError
from crawler.extract.shopify import parse_products_page
from crawler.items import ProductItem
from crawler.spiders import StoreSpider


class ShopifySpider(StoreSpider):
    name = "shopify"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.first_request(self.page_request(1))

    def page_request(self, page: int) -> scrapy.Request:
        url = f"{self.store.url}/products.json?page={page}&limit={self.store.page_size}"
        return self.store_request(url, callback=self.parse_page, cb_kwargs={"page": page})

    def parse_page(self, response: Response, page: int) -> Iterator[ProductItem | scrapy.Request]:
        try:
            items = parse_products_page(response.body, self.store.id, self.store.url)
        except ExtractionError as exc:
            self.drop_page(exc.reason, response.url, str(exc))
            return
        yield from items
        if items:
            yield self.page_request(page + 1)
