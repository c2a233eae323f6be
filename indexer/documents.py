"""The search document: one offer of one store, with what search, sort and display need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# Destinations whose landed cost every document carries, precomputed at indexing time.
DESTINATIONS = ("CN", "HK", "TW", "JP", "KR", "US", "CA", "GB", "DE", "FR", "AU")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """Derived from the catalog; `haitao reindex` can always rebuild it.

    Money fields ending in `_pivot`, and the values of `landed`, are in the pivot currency
    (EUR, the ECB's base) so that every backend can sort and filter across currencies without
    FX at query time. `group_key` joins the same product across stores: `gtin:<GTIN-14>` when
    the offer has a GTIN, otherwise `brand:<brand>|<title>` in lower case.
    """

    id: str
    store_id: str
    store_name: str
    store_country: str
    title: str
    brand: str | None
    category: str | None
    description: str
    gtin: str | None
    group_key: str
    price: Decimal
    currency: str
    was_price: Decimal | None
    price_pivot: Decimal
    available: bool
    url: str
    image_url: str | None
    language: str
    updated_at: datetime
    # destination → cheapest landed cost there (item + shipping + taxes + fees), pivot currency
    landed: Mapping[str, Decimal] = field(default_factory=dict)
    # destinations the store mails to directly (no forwarder needed)
    direct_to: tuple[str, ...] = ()
    # share of the price the shopper gets back through a rebate link (0.05 = 5 %)
    rebate_rate: Decimal | None = None
    # how far the price fell over the last 30 days, as a share (0.15 = 15 % cheaper)
    price_drop: Decimal = Decimal(0)
