"""What one running sample store serves: its profile, catalog, base URL and faults."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from crawler.samples.assortment import SampleProduct, SampleStoreProfile
from crawler.samples.faults import StoreFaults
from crawler.samples.formats import Response
from crawler.samples.shopify import ShopifyCatalog


@dataclass(frozen=True)
class ServedStore:
    """What one store's server needs to answer: its profile, catalog and pages."""

    profile: SampleStoreProfile
    base_url: str
    products: list[SampleProduct]
    shopify: ShopifyCatalog
    by_handle: dict[str, SampleProduct]
    positions: dict[str, int]
    faults: StoreFaults | None = None
    # Feeds and the sitemap index, rendered once: a crawl benchmark measures the crawler.
    whole: dict[str, Response] = dataclasses.field(default_factory=dict)

    @classmethod
    def build(
        cls,
        profile: SampleStoreProfile,
        products: list[SampleProduct],
        base_url: str,
        faults: StoreFaults | None = None,
    ) -> ServedStore:
        by_handle = {product.handle: product for product in products}
        positions = {product.handle: n for n, product in enumerate(products)}
        shopify = ShopifyCatalog(products, base_url)
        return cls(profile, base_url, products, shopify, by_handle, positions, faults)
