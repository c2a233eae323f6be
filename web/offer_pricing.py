"""An offer priced to the shopper's door by every route, with their cashback and net cost.

Shared by the product page, the result cards and the JSON API: `Pricing` says where to, in
which currency, at which rates and by which rules; `price_offers` prices catalog offers by
the landed-cost engine (a breakdown per route, the cheapest marked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from core.errors import HaitaoError
from core.stores import Seller, StoreConfig, load_stores
from core.tables import Offer, OfferShipping, Product
from indexer.concepts import priced_category
from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.landed.breakdown import Breakdown, Purchase
from pricing.landed.categories import UnknownCategory
from pricing.landed.offers import with_feed_rates
from pricing.landed.quote import landed_costs
from pricing.landed.rulebook import RuleBook, bundled_rulebook
from pricing.landed.words import Words
from pricing.money import Money
from rebates.programs import affiliate_share, commission_for
from rebates.tables import Program
from web.catalog_offers import active_programs, feed_rates, offer_key, variant_labels
from web.price_cache import MISSING, TimedCache, app_cache

GENERAL = "general"


@dataclass(frozen=True)
class PricedOffer:
    """An offer with every route to the destination, in the shopper's currency."""

    key: str  # the search document id: store:product:offer
    product_id: int  # the catalog row behind the buy link
    offer_id: int  # the catalog offer row (its price history)
    store_id: str
    store_name: str
    store_country: str
    language: str  # of the store's titles
    title: str
    variant: str | None
    variant_in_title: bool  # the search document's title already carries the variant
    brand: str | None
    category: str | None
    image_url: str | None
    price: Money
    converted: Money | None
    available: bool
    checked_at: datetime
    routes: tuple[Breakdown, ...]
    cashback: Money | None  # what a signed-in shopper gets back, in the shopper's currency
    no_route: str | None = None  # why there is no delivered cost

    @property
    def id(self) -> str:
        """The search document id, as the price-history partial takes offers."""
        return self.key

    @property
    def cheapest(self) -> Breakdown | None:
        return next((route for route in self.routes if route.cheapest), None)

    @property
    def delivered(self) -> Money | None:
        cheapest = self.cheapest
        return cheapest.total.rounded() if cheapest else None

    @property
    def net(self) -> Money | None:
        return net_cost(self.delivered, self.cashback)

    def net_of(self, route: Breakdown) -> Money:
        return net_cost(route.total.rounded(), self.cashback)


def title_for(offers: list[PricedOffer], lang: str) -> PricedOffer:
    """The offer whose title to show: one in the UI language, else one in English, else the
    first (cheapest)."""
    for wanted in (lang, "en"):
        for offer in offers:
            if offer.language.split("-")[0] == wanted:
                return offer
    return offers[0]


def net_cost(delivered: Money | None, cashback: Money | None) -> Money | None:
    """Delivered cost less cashback (cashback in the same currency, or none)."""
    if delivered is None:
        return None
    if cashback is None or cashback.currency != delivered.currency:
        return delivered
    return Money(delivered.amount - cashback.amount, delivered.currency).rounded()


@dataclass(frozen=True)
class Pricing:
    """What pricing an offer needs: where to, in what currency, at which rates, by which rules."""

    destination: str
    currency: str
    rates: RateTable
    book: RuleBook
    stores: Mapping[str, StoreConfig]
    programs: Mapping[str, Program]
    cache: TimedCache | None = None

    def key(self, *parts: object) -> tuple:
        """A cache key: `parts` priced to this destination, in this currency, at these rates."""
        return (*parts, self.destination, self.currency, self.rates.key)


def pricing_for(session: Session, destination: str, currency: str, rates: RateTable) -> Pricing:
    """Pricing with the site's stores file, the bundled rules and the active programs."""
    stores = stores_of(current_app.extensions["haitao.settings"].stores_file)
    cache = app_cache()
    programs = cache.get(("programs",)) if cache else MISSING
    if programs is MISSING:
        programs = active_programs(session)
        if cache is not None:
            cache.put(("programs",), programs)
    book = bundled_rulebook()
    return Pricing(destination, currency, rates, book, stores, programs, cache)


def forwarder_names(book: RuleBook) -> dict[str, str]:
    return {forwarder.id: forwarder.name for forwarder in book.forwarders}


def price_offers(session: Session, offers: list[Offer], pricing: Pricing) -> list[PricedOffer]:
    """Each offer priced by every route; ordered by net cost (offers with none last)."""
    return priced_offers(offers, feed_rates(session, offers), variant_labels(session, offers),
                         pricing)  # fmt: skip


def priced_offers(
    offers: list[Offer],
    shipping: Mapping[int, list[OfferShipping]],
    labels: Mapping[str, str],
    pricing: Pricing,
) -> list[PricedOffer]:
    """`price_offers` with the offers' feed shipping and variant labels already read."""
    priced = [
        price_offer(offer, shipping.get(offer.id, []), pricing, labels.get(offer.gtin or ""))
        for offer in offers
    ]
    return sorted(priced, key=sort_key)


def sort_key(offer: PricedOffer) -> tuple:
    net = offer.net
    return (net is None, net.amount if net else Decimal(0), offer.store_name, offer.key)


def price_offer(
    offer: Offer, shipping: list[OfferShipping], pricing: Pricing, label: str | None = None
) -> PricedOffer:
    """The offer priced by every route (from the cache when it was priced moments ago)."""
    if pricing.cache is None:
        return _price_offer(offer, shipping, pricing, label)
    key = pricing.key("offer", _offer_state(offer, shipping), label)
    found = pricing.cache.get(key)
    if found is MISSING:
        found = _price_offer(offer, shipping, pricing, label)
        pricing.cache.put(key, found)
    return found


def _offer_state(offer: Offer, shipping: list[OfferShipping]) -> tuple:
    """What of an offer its price depends on (a crawl that changes any of it changes the key)."""
    feed = tuple(sorted((r.country, r.region or "", r.price, r.currency) for r in shipping))
    product = offer.product
    return (
        offer.id,
        offer.price,
        offer.currency,
        offer.weight_kg,
        offer.available,
        offer.title,
        offer.last_seen_at,
        product.title,
        product.category,
        feed,
    )


def _price_offer(
    offer: Offer, shipping: list[OfferShipping], pricing: Pricing, label: str | None
) -> PricedOffer:
    product, store = offer.product, offer.product.store
    price = Money(offer.price, offer.currency)
    routes, why = _routes(offer, shipping, pricing)
    return PricedOffer(
        key=offer_key(offer),
        product_id=product.id,
        offer_id=offer.id,
        store_id=store.id,
        store_name=store.name,
        store_country=store.country,
        language=store.language,
        title=product.title,
        variant=offer.title or label,
        variant_in_title=bool(offer.title),
        brand=product.brand,
        category=product.category,
        image_url=product.image_url,
        price=price,
        converted=convert(price, pricing.currency, pricing.rates),
        available=offer.available,
        checked_at=offer.last_seen_at,
        routes=routes,
        cashback=cashback(pricing.programs.get(store.id), price, product.category, pricing),
        no_route=why,
    )


def convert(money: Money, currency: str, rates: RateTable) -> Money | None:
    try:
        return rates.convert(money, currency).rounded()
    except UnknownRate:
        return None


def _routes(
    offer: Offer, shipping: list[OfferShipping], pricing: Pricing
) -> tuple[tuple[Breakdown, ...], str | None]:
    purchase = Purchase(
        price=Money(offer.price, offer.currency),
        category=duty_category(pricing.book, offer.product),
        origin=offer.product.store.country,
        weight_kg=offer.weight_kg,
        seller=seller_of(offer, shipping, pricing),
    )
    try:
        found = landed_costs(
            purchase, pricing.destination, pricing.book, pricing.rates, currency=pricing.currency
        )
    except (HaitaoError, UnknownRate) as exc:  # no rules, no route, no rate: say why
        return (), why_not(exc)
    return tuple(found), None


def why_not(exc: Exception) -> str:
    """An error's message as pricing wrote it: `Words` the page can translate, when it is."""
    message = exc.args[0] if len(exc.args) == 1 else None
    return message if isinstance(message, Words) else str(exc)


def seller_of(offer: Offer, shipping: list[OfferShipping], pricing: Pricing) -> Seller:
    """The offer's store as it sells this offer: its stores-file entry with the offer's feed
    shipping laid over its table, or, for a store the file no longer lists, the catalog row
    (forwarders only) — as the indexer prices it."""
    store = offer.product.store
    config = pricing.stores.get(store.id)
    seller = config.seller() if config else store.seller()
    return with_feed_rates(seller, shipping, pricing.rates)


def duty_category(book: RuleBook, product: Product) -> str:
    """The duty category the product is priced under (`indexer.concepts.priced_category`:
    its store category, else what its title names); general goods when neither is known."""
    try:
        category = priced_category(product.category, product.title, product.brand)
        return book.categories.resolve(category or GENERAL)
    except UnknownCategory:
        return GENERAL


def cashback(
    program: Program | None, price: Money, category: str | None, pricing: Pricing
) -> Money | None:
    if program is None:
        return None
    earned = affiliate_share(program, commission_for(program, price, category))
    return convert(earned, pricing.currency, pricing.rates)


@lru_cache(maxsize=4)
def _stores_at(path: Path, mtime: float) -> dict[str, StoreConfig]:
    return load_stores(path)


def stores_of(path: Path) -> dict[str, StoreConfig]:
    """The stores file, read again only when it changes; {} when there is none."""
    try:
        return _stores_at(path, path.stat().st_mtime)
    except (OSError, HaitaoError):
        return {}
