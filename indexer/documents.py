"""The search document: one offer of one store, with what search, sort and display need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """Derived from the catalog; `haitao reindex` can always rebuild it.

    `price_pivot` is `price` converted into the pivot currency (EUR, the ECB's base) so that
    every backend can sort and filter by price across currencies without FX at query time.
    `group_key` joins the same product across stores: `gtin:<GTIN-14>` when the offer has a
    GTIN, otherwise `brand:<brand>|<title>` in lower case.
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
