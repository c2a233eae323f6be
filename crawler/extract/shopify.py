"""Shopify storefront `/products.json` pages → ProductItems (one offer per variant)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from crawler.extract import ExtractionError
from crawler.extract.loose_values import as_text
from crawler.items import OfferItem, ProductItem


def parse_products_page(body: bytes, store_id: str, base_url: str) -> list[ProductItem]:
    """Every product on one page; raise ExtractionError if the page is not a catalog page."""
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExtractionError("bad_json", str(exc)[:200]) from exc
    products = data.get("products") if isinstance(data, dict) else None
    if not isinstance(products, list):
        raise ExtractionError("bad_shape", "no 'products' list")
    return [product_item(raw, store_id, base_url) for raw in products]


def product_item(raw: Any, store_id: str, base_url: str) -> ProductItem:
    """One product; fields that are missing or of the wrong type become None for validation."""
    raw = raw if isinstance(raw, dict) else {}
    handle = as_text(raw.get("handle"))
    return ProductItem(
        store_id=store_id,
        external_id=as_text(raw.get("id")) or "",
        title=as_text(raw.get("title")),
        url=f"{base_url}/products/{handle}" if handle else base_url,
        brand=as_text(raw.get("vendor")),
        category=as_text(raw.get("product_type")) or _first_tag(raw.get("tags")),
        description=as_text(raw.get("body_html")) or "",
        image_url=_first_image(raw.get("images"), base_url),
        offers=[_offer(v) for v in _list(raw.get("variants")) if isinstance(v, dict)],
    )


def _offer(variant: dict[str, Any]) -> OfferItem:
    title = as_text(variant.get("title"))
    return OfferItem(
        external_id=as_text(variant.get("id")) or "",
        title=None if title == "Default Title" else title,
        sku=as_text(variant.get("sku")),
        raw_gtin=as_text(variant.get("barcode")),
        raw_price=variant.get("price"),
        raw_was_price=variant.get("compare_at_price"),
        raw_weight=variant.get("grams"),
        weight_unit="g",
        available=variant.get("available") if isinstance(variant.get("available"), bool) else None,
    )


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _first_tag(tags: Any) -> str | None:
    if isinstance(tags, str):
        tags = tags.split(",")
    if isinstance(tags, list) and tags:
        return as_text(tags[0])
    return None


def _first_image(images: Any, base_url: str) -> str | None:
    if isinstance(images, list) and images and isinstance(images[0], dict):
        src = as_text(images[0].get("src"))
        if src and src.startswith(("https://", "http://")):
            return src  # the usual case, and urljoin is costly on the hot path
        return urljoin(base_url + "/", src) if src else None
    return None
