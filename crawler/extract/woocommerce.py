"""WooCommerce Store API `/wp-json/wc/store/v1/products` pages → ProductItems.

Prices arrive in minor units as strings ("1299") with `currency_minor_unit` (2) beside them.
A variable product lists only its variations' ids and attribute slugs; their prices, stock and
labels ("Size: Large") come from the same API asked for `type=variation&parent=ID,…`, each
variation an offer of its own. (A store that inlines prices in the list is read as it is.)
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from crawler.extract import ExtractionError
from crawler.extract.loose_values import as_dict, as_list, as_text
from crawler.items import OfferItem, ProductItem

MAX_MINOR_UNIT = 4
MAX_DIGITS = 30


def parse_products_page(body: bytes, store_id: str, base_url: str) -> list[ProductItem]:
    """Every product on one page; ExtractionError if the page is not a JSON list."""
    return [product_item(raw, store_id, base_url) for raw in _json_list(body)]


def parse_catalog_page(
    body: bytes, store_id: str, base_url: str
) -> tuple[list[ProductItem], list[ProductItem]]:
    """(products complete as they are, variable products still waiting for their variations'
    offers: see `pending_variations` and `parse_variations_page`)."""
    ready, waiting = [], []
    for raw in _json_list(body):
        item = product_item(raw, store_id, base_url)
        (waiting if item.external_id in _unpriced(raw) else ready).append(item)
    return ready, waiting


def parse_variations_page(body: bytes) -> dict[str, list[OfferItem]]:
    """A `type=variation` page: each parent's variation offers, labelled by its attributes."""
    offers: dict[str, list[OfferItem]] = {}
    for raw in map(as_dict, _json_list(body)):
        parent = as_text(raw.get("parent"))
        if parent:
            offer = _offer(raw, raw)
            offer.title = _variation_label(raw)
            offers.setdefault(parent, []).append(offer)
    return offers


def _unpriced(raw: Any) -> set[str]:
    """{the product's id} when it lists variations without their prices, else {}."""
    raw = as_dict(raw)
    variations = [as_dict(v) for v in as_list(raw.get("variations"))]
    if variations and not any("prices" in v for v in variations):
        return {as_text(raw.get("id")) or ""}
    return set()


def _json_list(body: bytes) -> list:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ExtractionError("bad_json", str(exc)[:200]) from exc
    if not isinstance(data, list):
        raise ExtractionError("bad_shape", "expected a JSON list of products")
    return data


def total_pages(header: bytes | None) -> int | None:
    """The `X-WP-TotalPages` header as a number, None if absent or not a number."""
    text = header.decode("latin-1").strip() if header else ""
    return int(text) if text.isdigit() else None


def product_item(raw: Any, store_id: str, base_url: str) -> ProductItem:
    raw = as_dict(raw)
    variations = [as_dict(v) for v in as_list(raw.get("variations"))]
    if variations and not any("prices" in v for v in variations):
        offers = []  # the variations' own offers come from their page
    else:
        offers = [_offer(v, raw) for v in variations] or [_offer(raw, raw)]
    return ProductItem(
        store_id=store_id,
        external_id=as_text(raw.get("id")) or "",
        title=as_text(raw.get("name")),
        url=as_text(raw.get("permalink")) or base_url,
        brand=_first_name(raw.get("brands")),
        category=_first_name(raw.get("categories")),
        description=as_text(raw.get("description")) or as_text(raw.get("short_description")) or "",
        image_url=as_text(as_dict(next(iter(as_list(raw.get("images"))), None)).get("src")),
        offers=offers,
    )


def _offer(raw: dict[str, Any], product: dict[str, Any]) -> OfferItem:
    prices = as_dict(raw.get("prices"))
    price, regular = minor_units(prices, "price"), minor_units(prices, "regular_price")
    in_stock = raw.get("is_in_stock", product.get("is_in_stock"))
    return OfferItem(
        external_id=as_text(raw.get("id")) or "",
        title=_variation_title(raw) if raw is not product else None,
        sku=as_text(raw.get("sku")),
        raw_gtin=as_text(raw.get("global_unique_id")),
        raw_price=price,
        raw_was_price=regular,  # the normaliser keeps it only above the price
        raw_weight=as_text(raw.get("weight")),
        weight_unit="kg",
        available=in_stock if isinstance(in_stock, bool) else None,
        raw_availability=as_text(as_dict(raw.get("stock_availability")).get("class")),
        currency=as_text(prices.get("currency_code")),
    )


def minor_units(prices: dict[str, Any], key: str) -> Decimal | None:
    """ "1299" with `currency_minor_unit` 2 → Decimal("12.99"); None if either is unusable."""
    amount, unit = as_text(prices.get(key)), prices.get("currency_minor_unit", 2)
    if (
        amount is None
        or len(amount) > MAX_DIGITS
        or not amount.lstrip("-").isascii()
        or not amount.lstrip("-").isdigit()
    ):
        return None
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit <= MAX_MINOR_UNIT:
        return None
    return Decimal(int(amount)).scaleb(-unit)


def _variation_label(raw: dict[str, Any]) -> str | None:
    """ "Color: Blue, Size: Large" → "Blue / Large"; the attribute values when no text."""
    text = as_text(raw.get("variation"))
    if not text:
        return _variation_title(raw)
    parts = [part.partition(":") for part in text.split(", ")]
    return " / ".join((value or name).strip() for name, _, value in parts) or None


def _variation_title(raw: dict[str, Any]) -> str | None:
    values = [as_text(as_dict(a).get("value")) for a in as_list(raw.get("attributes"))]
    return " / ".join(v for v in values if v) or None


def _first_name(value: Any) -> str | None:
    first = next(iter(as_list(value)), None)
    return as_text(as_dict(first).get("name"))
