"""Items as spiders yield them (raw fields) and as the pipelines leave them (normalised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Availability(StrEnum):
    """Every store's stock wording, mapped to one scale."""

    IN_STOCK = "in_stock"
    LIMITED = "limited"
    PREORDER = "preorder"
    BACKORDER = "backorder"
    OUT_OF_STOCK = "out_of_stock"
    DISCONTINUED = "discontinued"

    @property
    def buyable(self) -> bool:
        return self in (Availability.IN_STOCK, Availability.LIMITED, Availability.PREORDER,
                        Availability.BACKORDER)  # fmt: skip


@dataclass
class OfferItem:
    """One buyable variant. Raw fields arrive from extraction; `normalise` fills the rest."""

    external_id: str
    title: str | None = None
    sku: str | None = None
    raw_gtin: str | None = None
    raw_price: Any = None
    raw_was_price: Any = None
    raw_weight: Any = None
    weight_unit: str = "g"
    available: bool | None = None
    raw_availability: Any = None  # "InStock", a schema.org URL, "in stock", "out-of-stock"…
    currency: str | None = None
    # Feed-given shipping rates: Google's `g:shipping` sub-fields (country, region, service,
    # price) as a mapping, or its flat text form "US::Standard:4.95 USD".
    raw_shipping: list[Any] = field(default_factory=list)
    # Filled by the normalise pipeline.
    gtin: str | None = None
    price: Decimal | None = None
    was_price: Decimal | None = None
    weight_kg: Decimal | None = None
    availability: Availability | None = None
    shipping: list[ShippingQuote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ShippingQuote:
    """What the store charges to mail this offer to `country` by `service` (a feed's
    `g:shipping`); `region` narrows it to part of the country."""

    country: str
    service: str | None
    price: Decimal
    currency: str
    region: str | None = None


@dataclass
class ProductItem:
    store_id: str
    external_id: str
    title: str | None
    url: str
    brand: str | None = None
    category: str | None = None
    description: str = ""
    image_url: str | None = None
    offers: list[OfferItem] = field(default_factory=list)
