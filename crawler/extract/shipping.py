"""Feed-given shipping rates (Google Merchant's `g:shipping`) → ShippingQuotes.

A rate arrives as sub-fields (`<g:shipping><g:country>US</g:country><g:service>Standard
</g:service><g:price>4.95 USD</g:price></g:shipping>`) or as flat text, `country:region:
service:price` ("US::Standard:4.95 USD"). A rate that makes no sense gives the reason
instead of a quote: the pipeline drops it from the offer and counts it, keeping the item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from core.iso_codes import is_country, is_currency
from crawler.extract.loose_values import amount_and_currency
from crawler.field_values import parse_price
from crawler.items import ShippingQuote

FLAT_PARTS = ("country", "region", "service", "price")
MAX_PRICE = Decimal(10) ** 9  # beyond any parcel: a misread number, not a rate
SERVICE_LIMIT, REGION_LIMIT = 100, 64
# Between two flat rates in one CSV cell: a comma before the next rate's "CC:" (or ":").
_NEXT_RATE = re.compile(r",(?=\s*(?:[A-Za-z]{2})?:)")


def split_flat(text: str) -> list[str]:
    """The flat rates in one feed cell; Google separates several with commas."""
    return [part.strip() for part in _NEXT_RATE.split(text) if part.strip()]


def shipping_quote(raw: object, country: str, currency: str) -> ShippingQuote | str:
    """The quote `raw` gives, or the reason it gives none (`bad_format`, `bad_country`,
    `no_price`, `bad_price`, `negative_price`, `unknown_currency`). A rate without a country
    is for `country` (the feed's own market); a price without one is in `currency`."""
    fields = _fields(raw)
    if isinstance(fields, str):
        return fields
    return _quote(fields, country, currency)


def _fields(raw: object) -> dict[str, str] | str:
    if isinstance(raw, str):
        parts = raw.split(":")
        return dict(zip(FLAT_PARTS, parts, strict=True)) if len(parts) == 4 else "bad_format"
    if isinstance(raw, Mapping):
        return {key: value for key, value in raw.items() if isinstance(value, str)}
    return "bad_format"


def _quote(fields: dict[str, str], country: str, currency: str) -> ShippingQuote | str:
    destination = fields.get("country", "").strip().upper() or country
    if not is_country(destination):
        return "bad_country"
    amount, unit = amount_and_currency(fields.get("price", "").strip())
    price = parse_price(amount)
    if price is None:
        return "bad_price" if amount else "no_price"
    if price < 0:
        return "negative_price"
    if price >= MAX_PRICE:
        return "bad_price"
    code = (unit or currency).upper()
    if not is_currency(code):
        return "unknown_currency"
    service = _text(fields.get("service"), SERVICE_LIMIT)
    return ShippingQuote(
        destination, service, price, code, _text(fields.get("region"), REGION_LIMIT)
    )


def _text(value: str | None, limit: int) -> str | None:
    return (value or "").strip()[:limit] or None
