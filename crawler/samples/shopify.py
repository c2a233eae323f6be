"""A sample catalog as a Shopify storefront serves it: `/products.json?page=N&limit=M`.

As real storefronts do, a variant not on sale often repeats its price as `compare_at_price`
(no markdown), and some products were never weighed (`grams: 0`, see `unweighed`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from crawler.samples.assortment import SampleProduct, SampleVariant

DEFAULT_LIMIT = 30  # Shopify's default page size
MAX_LIMIT = 250  # and the most it allows
IMAGE_SIZE = 800
_IMAGE_IDS = 20_000_000_000_000  # added to the product id: Shopify numbers images apart
UNWEIGHED_EVERY = 9


def unweighed(product: SampleProduct) -> bool:
    """A product whose variants say `grams: 0`: its weight is unknown."""
    return product.id % UNWEIGHED_EVERY == 4


def render_products_page(
    products: Sequence[SampleProduct], page: int, limit: int, base_url: str
) -> bytes:
    """`{"products": [...]}` for 1-based `page`; `limit` clamped to 1–250; [] past the end."""
    start, stop = page_bounds(page, limit, len(products))
    return _page_body([_dumps(product_json(p, base_url)) for p in products[start:stop]])


class ShopifyCatalog:
    """One store's catalog ready to serve: each product is serialised once, when first asked
    for, so a 100k-product store starts at once and pages cost a join."""

    def __init__(self, products: Sequence[SampleProduct], base_url: str) -> None:
        self.products = products
        self.base_url = base_url
        self._json: list[str | None] = [None] * len(products)

    def page(self, page: int, limit: int = DEFAULT_LIMIT) -> bytes:
        """The same bytes as `render_products_page` for this catalog."""
        start, stop = page_bounds(page, limit, len(self.products))
        return _page_body([self._product(i) for i in range(start, stop)])

    def _product(self, index: int) -> str:
        text = self._json[index]
        if text is None:  # two threads may both fill it: same value, no harm
            text = self._json[index] = _dumps(product_json(self.products[index], self.base_url))
        return text


def page_bounds(page: int, limit: int, total: int) -> tuple[int, int]:
    """Slice bounds of a 1-based page, Shopify-style: pages below 1 are page 1."""
    limit = min(max(limit, 1), MAX_LIMIT)
    start = min((max(page, 1) - 1) * limit, total)
    return start, min(start + limit, total)


def product_json(product: SampleProduct, base_url: str) -> dict[str, Any]:
    """A product in the shape of Shopify's storefront `products.json`."""
    return {
        "id": product.id,
        "title": product.title,
        "handle": product.handle,
        "body_html": product.body_html,
        "published_at": product.created_at,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "tags": list(product.tags),
        "variants": [
            _variant_json(product, variant, position)
            for position, variant in enumerate(product.variants, start=1)
        ],
        "images": [_image_json(product, base_url)],
        "options": [
            {
                "name": product.option_name,
                "position": 1,
                "values": [variant.title for variant in product.variants],
            }
        ],
    }


def _variant_json(product: SampleProduct, variant: SampleVariant, position: int) -> dict[str, Any]:
    was = variant.compare_at_price
    if was is None and variant.id % 2 == 0:
        was = variant.price  # "compare at" the same price: not on sale
    return {
        "id": variant.id,
        "title": variant.title,
        "option1": variant.title,
        "option2": None,
        "option3": None,
        "sku": variant.sku,
        "requires_shipping": True,
        "taxable": True,
        "featured_image": None,
        "available": variant.available,
        "price": str(variant.price),
        "grams": 0 if unweighed(product) else variant.grams,
        "compare_at_price": None if was is None else str(was),
        "position": position,
        "product_id": product.id,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "barcode": variant.gtin,
    }


def _image_json(product: SampleProduct, base_url: str) -> dict[str, Any]:
    return {
        "id": _IMAGE_IDS + product.id,
        "created_at": product.created_at,
        "position": 1,
        "updated_at": product.updated_at,
        "product_id": product.id,
        "variant_ids": [],
        "src": base_url + product.image_path,
        "width": IMAGE_SIZE,
        "height": IMAGE_SIZE,
    }


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _page_body(products: list[str]) -> bytes:
    return ('{"products":[' + ",".join(products) + "]}").encode()
