"""WooCommerce Store API: page 1 tells `X-WP-TotalPages`, then every other page at once.

A page's variable products wait for their variations (`type=variation&parent=…`, page by
page), then come out with one offer per variation."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from crawler.extract import ExtractionError
from crawler.extract.woocommerce import (
    parse_catalog_page,
    parse_variations_page,
    total_pages,
)
from crawler.items import ProductItem
from crawler.spiders import StoreSpider

API_PATH = "/wp-json/wc/store/v1/products"
PER_PAGE = 100  # the Store API's maximum


class WooCommerceSpider(StoreSpider):
    name = "woocommerce"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.first_request(self.page_request(1))

    def page_request(self, page: int) -> scrapy.Request:
        per_page = min(self.store.page_size, PER_PAGE)
        url = f"{self.store.url}{API_PATH}?page={page}&per_page={per_page}"
        return self.store_request(url, callback=self.parse_page, cb_kwargs={"page": page})

    def parse_page(self, response: Response, page: int) -> Iterator[ProductItem | scrapy.Request]:
        try:
            items, waiting = parse_catalog_page(response.body, self.store.id, self.store.url)
        except ExtractionError as exc:
            self.drop_page(exc.reason, response.url, str(exc))
            return
        yield from items
        if waiting:
            yield self.variations_request({item.external_id: item for item in waiting}, 1)
        items = items or waiting
        pages = total_pages(response.headers.get("X-WP-TotalPages"))
        if page == 1 and pages is not None:
            yield from (self.page_request(n) for n in range(2, pages + 1))
        elif pages is None and items:
            yield self.page_request(page + 1)

    def variations_request(self, waiting: dict[str, ProductItem], page: int) -> scrapy.Request:
        query = f"type=variation&parent={','.join(waiting)}&page={page}&per_page={PER_PAGE}"
        url = f"{self.store.url}{API_PATH}?{query}"
        return self.store_request(
            url, callback=self.parse_variations, cb_kwargs={"waiting": waiting, "page": page}
        )

    def parse_variations(
        self, response: Response, waiting: dict[str, ProductItem], page: int
    ) -> Iterator[ProductItem | scrapy.Request]:
        """Attach a page of variations to their products; after the last page, yield them
        (a product none of whose variations came is dropped by validation, counted)."""
        try:
            offers = parse_variations_page(response.body)
        except ExtractionError as exc:
            self.drop_page(exc.reason, response.url, str(exc))
            return
        for parent, found in offers.items():
            if parent in waiting:
                waiting[parent].offers.extend(found)
        pages = total_pages(response.headers.get("X-WP-TotalPages")) or 1
        if page < pages and offers:
            yield self.variations_request(waiting, page + 1)
        else:
            yield from waiting.values()
