"""A sample catalog as the WooCommerce Store API serves it: `/wp-json/wc/store/v1/products`.

Prices are strings in minor units beside `currency_minor_unit`; a product with several
variants is `variable` and lists only its variations' ids and attribute slugs, as the real
API does; `?type=variation&parent=ID,…` serves the variations themselves (prices, stock and
a "Größe: 600 g" label). Names come HTML-escaped, non-ASCII as numeric entities, as
WordPress sends them ("Cr&#232;me &amp; Co").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from core.iso_codes import minor_digits
from crawler.samples.assortment import SampleProduct, SampleVariant

API_PATH = "/wp-json/wc/store/v1/products"
DEFAULT_PER_PAGE = 10  # the Store API's default
MAX_PER_PAGE = 100


def page_bounds(page: int, per_page: int, total: int) -> tuple[int, int, int]:
    """(start, stop, total pages) of a 1-based page, per_page clamped to 1–100."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    start = min((max(page, 1) - 1) * per_page, total)
    return start, min(start + per_page, total), max(1, -(-total // per_page))


def render_page(products: Sequence[SampleProduct], currency: str, base_url: str) -> bytes:
    data = [product_json(p, currency, base_url) for p in products]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def render_variations(
    products: Sequence[SampleProduct], parents: set[int], currency: str, base_url: str
) -> list[dict[str, Any]]:
    """Every variation of the variable products in `parents`, in catalog order."""
    return [
        variation_json(p, v, currency, base_url)
        for p in products
        if p.id in parents and len(p.variants) > 1
        for v in p.variants
    ]


def wp_name(text: str) -> str:
    """A title as WordPress's REST API sends it: `&` `<` `>` escaped, non-ASCII as entities."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.encode("ascii", "xmlcharrefreplace").decode()


def slug_value(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def product_json(product: SampleProduct, currency: str, base_url: str) -> dict[str, Any]:
    variable = len(product.variants) > 1
    first = product.variants[0]
    return {
        "id": product.id,
        "name": wp_name(product.title),
        "slug": product.handle,
        "parent": 0,
        "type": "variable" if variable else "simple",
        "permalink": f"{base_url}/product/{product.handle}/",
        "sku": "" if variable else first.sku,
        "global_unique_id": "" if variable else first.gtin or "",
        "short_description": "",
        "description": product.body_html,
        "on_sale": any(v.compare_at_price for v in product.variants),
        "prices": _prices(first, currency),
        "images": [{"id": product.id + 1, "src": base_url + product.image_path, "alt": ""}],
        "categories": [{"id": 1, "name": product.product_type, "slug": product.category}],
        "brands": [{"id": 1, "name": product.vendor}],
        "is_in_stock": any(v.available for v in product.variants),
        "stock_availability": _stock(first.available),
        "variations": [
            {
                "id": v.id,
                "attributes": [{"name": product.option_name, "value": slug_value(v.title)}],
            }
            for v in product.variants
        ]
        if variable
        else [],
        "variation": "",
    }


def variation_json(
    product: SampleProduct, variant: SampleVariant, currency: str, base_url: str
) -> dict[str, Any]:
    return {
        **product_json(product, currency, base_url),
        "id": variant.id,
        "parent": product.id,
        "type": "variation",
        "sku": variant.sku,
        "global_unique_id": variant.gtin or "",
        "prices": _prices(variant, currency),
        "is_in_stock": variant.available,
        "stock_availability": _stock(variant.available),
        "variations": [],
        "variation": f"{product.option_name}: {variant.title}",
    }


def _prices(variant: SampleVariant, currency: str) -> dict[str, Any]:
    digits = minor_digits(currency)
    regular = variant.compare_at_price or variant.price
    return {
        "price": _minor(variant.price, digits),
        "regular_price": _minor(regular, digits),
        "sale_price": _minor(variant.price, digits),
        "currency_code": currency,
        "currency_minor_unit": digits,
        "currency_decimal_separator": ".",
        "currency_thousand_separator": ",",
    }


def _minor(amount: Decimal, digits: int) -> str:
    return str(int(amount.scaleb(digits)))


def _stock(available: bool) -> dict[str, str]:
    return {"text": "", "class": "in-stock" if available else "out-of-stock"}
