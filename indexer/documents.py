"""The search document: one offer of one store, with what search, sort and display need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from pricing.money import Money

# The currency of every amount a backend sorts and filters by: the FX tables' pivot (EUR, the
# ECB's base), so no rate is needed at query time. The same as
# `pricing.exchange_rates.rate_table.PIVOT` (a test checks), named here so that the index
# writer process need not import the rate tables (and SQLAlchemy) to know it.
PIVOT = "EUR"
# Destinations whose landed cost every document carries, precomputed at indexing time.
DESTINATIONS = ("CN", "HK", "TW", "JP", "KR", "US", "CA", "GB", "DE", "FR", "AU")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """Derived from the catalog; `haitao reindex` can always rebuild it.

    Money is `Money` (amount and currency). `price` and `was_price` are in the store's
    currency; `price_pivot` and the values of `landed` in the pivot currency (EUR, the ECB's
    base), so that every backend can sort and filter across currencies without FX at query
    time. Those were converted with the rates `fx_source` published for `fx_as_of`: a page
    showing them can name that date. `checked_at` is when a crawl last saw the offer at this
    price (the offer's `last_seen_at`): "checked 3 h ago". `group_key` joins the same product
    across stores: `gtin:<GTIN-14>` when the offer has a GTIN, otherwise `brand:<brand>|<title>`
    in lower case. The fields' order and how each backend stores them: `indexer.fields`.
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
    price: Money
    was_price: Money | None
    price_pivot: Money
    available: bool
    url: str
    image_url: str | None
    language: str
    checked_at: datetime
    fx_as_of: date
    fx_source: str
    # what the product is, in the vocabulary's language-independent terms (`indexer.concepts`):
    # "formula", "cat-baby", "stage-1"; a query word naming a concept also finds these
    concepts: tuple[str, ...] = ()
    # destination → cheapest landed cost there (item + shipping + taxes + fees), pivot currency
    landed: Mapping[str, Money] = field(default_factory=dict)
    # destinations the store mails to directly (no forwarder needed)
    direct_to: tuple[str, ...] = ()
    # share of the price the shopper gets back through a rebate link (0.05 = 5 %)
    rebate_rate: Decimal | None = None
    # how far the price fell over the last 30 days, as a share (0.15 = 15 % cheaper)
    price_drop: Decimal = Decimal(0)
    # the store's last crawl failed, or `checked_at` is older than its schedule allows
    # (core.freshness): shown on the card, and ranked after fresh offers in cost sorts
    stale: bool = False
    # the price is at or below every price it had over the last 90 days (and was higher)
    lowest_90d: bool = False
    # destination → net cost there (landed less the shopper's cashback), pivot currency
    net: Mapping[str, Money] = field(default_factory=dict)
    # destination → route of `landed` there: "direct", "bonded" or "forwarder:<id>"
    landed_route: Mapping[str, str] = field(default_factory=dict)
    # destination → how far the delivered cost there fell over the last 30 days (a share),
    # each observation converted at its own day's rates; destinations with no drop left out
    landed_drop: Mapping[str, Decimal] = field(default_factory=dict)
    # destinations where the delivered cost is at its 90-day low (and was higher)
    landed_low_90d: tuple[str, ...] = ()
