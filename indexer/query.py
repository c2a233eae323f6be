"""What a shopper asks the search backend, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from indexer.documents import SearchDocument
from pricing.money import Money

Sort = Literal[
    "relevance",
    "landed_asc",
    "net_asc",
    "price_asc",
    "price_desc",
    "rebate_desc",
    "price_drop",
    "newest",
]
SORTS: tuple[Sort, ...] = (
    "relevance",
    "landed_asc",
    "net_asc",
    "price_asc",
    "price_desc",
    "rebate_desc",
    "price_drop",
    "newest",
)
# Facets every backend can count. Counts are of matching offers (documents), not groups;
# price bands come in price order, every other facet by count (then value).
FACETS = ("store_id", "brand", "category", "direct", "price_band")
DEFAULT_PRICE_BANDS = tuple(Decimal(b) for b in ("10", "25", "50", "100", "250"))


@dataclass(frozen=True)
class SearchQuery:
    """Free text plus filters. Empty `text` lists everything that matches the filters.

    Every word of `text` must match. Money bounds and price bands are in the pivot currency
    (the caller converts from the shopper's currency). `destination` decides which landed
    cost `landed_*` filters and sorts use, which net cost (landed less the shopper's
    cashback) `net_*` ones use, and what `direct_only` and the `direct` facet mean.
    """

    text: str = ""
    destination: str = "CN"
    stores: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    store_countries: tuple[str, ...] = ()
    direct_only: bool = False
    in_stock: bool = False
    has_rebate: bool = False
    landed_min: Decimal | None = None
    landed_max: Decimal | None = None
    net_min: Decimal | None = None
    net_max: Decimal | None = None
    sort: Sort = "relevance"
    page: int = 1
    size: int = 20
    facets: tuple[str, ...] = FACETS
    price_bands: tuple[Decimal, ...] = DEFAULT_PRICE_BANDS
    # search the words exactly as typed: no typo correction (`indexer.spelling`)
    exact: bool = False

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def band_label(bands: tuple[Decimal, ...], price: Decimal) -> str:
    """The `price_band` facet value of a pivot price: "lo-hi", or "lo-" for the top band."""
    low = Decimal(0)
    for high in bands:
        if price < high:
            return f"{low}-{high}"
        low = high
    return f"{low}-"


@dataclass(frozen=True)
class SearchHit:
    """The best-placed offer of one product group, and what the group holds.

    `group_offers`, `group_stores` and `group_min_price` count only offers that match the
    query and its filters: "3 stores, from €12.00". `group_min_price` is in the pivot
    currency, like the documents' `price_pivot`.
    """

    document: SearchDocument
    # The title as HTML-escaped text with the matched words wrapped in <mark>…</mark>.
    highlighted_title: str
    score: float
    group_offers: int = 1
    group_stores: int = 1
    group_min_price: Money | None = None


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    # Matching product groups (one hit each); `total_offers` counts the documents behind them.
    total: int
    total_offers: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # the text these results are for when a typo was corrected ("showing results for …")
    corrected: str | None = None
