"""One product across stores: every offer priced to the shopper's door by every route.

Shared by the product page, the result cards and the JSON API. A product is a group of
offers (the search documents' `group_key`: the GTIN, else brand and title); its URL-safe id
is that key, reversibly encoded, so `/products/<id>` needs no table of its own.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from core.errors import HaitaoError
from core.stores import Seller, StoreConfig, load_stores
from core.tables import Offer, OfferShipping, Product
from indexer.build import group_key
from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.landed.breakdown import Breakdown, Purchase
from pricing.landed.categories import UnknownCategory
from pricing.landed.fast import cheapest_for_destinations
from pricing.landed.offers import with_feed_rates
from pricing.landed.quote import landed_costs
from pricing.landed.rulebook import RuleBook, bundled_rulebook
from pricing.money import Money
from rebates.programs import affiliate_share, commission_for
from rebates.tables import Program
from web.price_cache import MISSING, TimedCache, app_cache

GENERAL = "general"


class UnknownProduct(HaitaoError):
    """A product id that is malformed or names no offer in the catalog."""


def product_id(group_key: str) -> str:
    """The URL-safe id of a product group: `gtin-<GTIN>` for a GTIN that joins offers of any
    brand, else the key in base64url (a GTIN joined with its brand, or brand and title)."""
    if group_key.startswith("gtin:") and "|" not in group_key:
        return "gtin-" + group_key.removeprefix("gtin:")
    encoded = base64.urlsafe_b64encode(group_key.encode()).decode().rstrip("=")
    return "k-" + encoded


def group_key_of(product_id_: str) -> str:
    """The group key a product id encodes; UnknownProduct when it encodes none."""
    kind, _, rest = product_id_.partition("-")
    if kind == "gtin" and rest.isdigit() and 8 <= len(rest) <= 14:
        return "gtin:" + rest
    if kind == "k" and rest:
        try:
            key = base64.urlsafe_b64decode(rest + "=" * (-len(rest) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):
            key = ""
        if key.startswith(("brand:", "gtin:")) and "|" in key:
            return key
    raise UnknownProduct(f"no product '{product_id_}'")


@dataclass(frozen=True)
class PricedOffer:
    """An offer with every route to the destination, in the shopper's currency."""

    key: str  # the search document id: store:product:offer
    product_id: int  # the catalog row behind the buy link
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
        return net_of(self.delivered, self.cashback)

    def net_of(self, route: Breakdown) -> Money:
        return net_of(route.total.rounded(), self.cashback)


def title_for(offers: list[PricedOffer], lang: str) -> PricedOffer:
    """The offer whose title to show: one in the UI language, else one in English, else the
    first (cheapest)."""
    for wanted in (lang, "en"):
        for offer in offers:
            if offer.language.split("-")[0] == wanted:
                return offer
    return offers[0]


def net_of(delivered: Money | None, cashback: Money | None) -> Money | None:
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
        rates = (self.rates.source, self.rates.as_of)
        return (*parts, self.destination, self.currency, rates)


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


def offers_in_group(session: Session, group_key: str) -> list[Offer]:
    """The live offers of a product group, with their products and stores loaded."""
    query = select(Offer).join(Offer.product).options(_loaded())
    query = query.where(Offer.gone_at.is_(None), Product.gone_at.is_(None))
    if not group_key.startswith("gtin:"):
        return _titled(session, query.where(Offer.gtin.is_(None)), group_key)
    gtin, _, brand = group_key.removeprefix("gtin:").partition("|")
    offers = session.scalars(query.where(Offer.gtin == gtin)).unique().all()
    # the same key the index grouped by (indexer.build.group_key): GTIN, and brand if any
    return [o for o in offers if group_key_for(o) == group_key] if brand else list(offers)


def _titled(session: Session, query, group_key: str) -> list[Offer]:
    """Offers grouped by brand and title. SQLite's lower() folds ASCII only, so a title it
    folds differently from Python's casefold (ß → ss) is found through its brand instead."""
    brand, _, title = group_key.removeprefix("brand:").partition("|")
    offers = session.scalars(query.where(func.lower(Product.title) == title)).unique().all()
    if not offers and brand:
        offers = session.scalars(query.where(func.lower(Product.brand) == brand)).unique().all()
    return [o for o in offers if _same(o, brand, title)]


def offers_by_key(session: Session, keys: Iterable[str]) -> dict[str, Offer]:
    """Offers by search document id (`store:product:offer`), in one query."""
    parts = [tuple(key.split(":", 2)) for key in keys]
    parts = [p for p in parts if len(p) == 3]
    if not parts:
        return {}
    columns = tuple_(Product.store_id, Product.external_id, Offer.external_id)
    query = select(Offer).join(Offer.product).options(_loaded()).where(columns.in_(parts))
    return {offer_key(o): o for o in session.scalars(query).unique().all()}


def offer_key(offer: Offer) -> str:
    return f"{offer.product.store_id}:{offer.product.external_id}:{offer.external_id}"


def feed_rates(session: Session, offers: Iterable[Offer]) -> dict[int, list[OfferShipping]]:
    ids = [offer.id for offer in offers]
    found: dict[int, list[OfferShipping]] = {}
    if ids:
        for row in session.scalars(select(OfferShipping).where(OfferShipping.offer_id.in_(ids))):
            found.setdefault(row.offer_id, []).append(row)
    return found


def active_programs(session: Session) -> dict[str, Program]:
    loaded = joinedload(Program.store), selectinload(Program.category_rates)
    query = select(Program).where(Program.active.is_(True)).options(*loaded)
    return {program.store_id: program for program in session.scalars(query).unique()}


def price_offers(session: Session, offers: list[Offer], pricing: Pricing) -> list[PricedOffer]:
    """Each offer priced by every route; ordered by net cost (offers with none last)."""
    shipping = feed_rates(session, offers)
    labels = variant_labels(session, offers)
    priced = [
        price_offer(offer, shipping.get(offer.id, []), pricing, labels.get(offer.gtin or ""))
        for offer in offers
    ]
    return sorted(priced, key=sort_key)


def variant_labels(session: Session, offers: Iterable[Offer]) -> dict[str, str]:
    """GTIN → a variant label ("120 Tablets") that some store gives it. Stores that list
    variants without a label (a feed's bare rows) borrow the label another store uses."""
    gtins = {offer.gtin for offer in offers if offer.gtin}
    if not gtins:
        return {}
    query = select(Offer.gtin, Offer.title).where(Offer.gtin.in_(gtins), Offer.title.is_not(None))
    labels: dict[str, str] = {}
    for gtin, title in session.execute(query.order_by(Offer.id)):
        if title.strip():
            labels.setdefault(gtin, title.strip())
    return labels


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
        cashback=_cashback(pricing.programs.get(store.id), price, product.category, pricing),
        no_route=why,
    )


def lowest_net_by_group(
    session: Session, group_keys: Iterable[str], pricing: Pricing
) -> dict[str, Money]:
    """The lowest net cost (cheapest route, less cashback) of each group's live offers, by the
    bulk engine the index uses; groups none of whose offers reach the destination are left out.
    """
    lowest: dict[str, Money] = {}
    keys = set()
    for key in set(group_keys):
        found = pricing.cache.get(pricing.key("group", key)) if pricing.cache else MISSING
        if found is MISSING:
            keys.add(key)
        elif found is not None:
            lowest[key] = found
    computed = _lowest_net(session, keys, pricing)
    if pricing.cache is not None:
        for key in keys:
            pricing.cache.put(pricing.key("group", key), computed.get(key))
    return lowest | computed


def _lowest_net(session: Session, keys: set[str], pricing: Pricing) -> dict[str, Money]:
    if not keys:
        return {}
    gtin_keys = {key for key in keys if key.startswith("gtin:")}
    # "gtin:<GTIN>" or "gtin:<GTIN>|<brand>": the GTIN's offers, sorted by key below
    offers = _live_with_gtins(session, sorted({k[5:].partition("|")[0] for k in gtin_keys}))
    for key in keys - gtin_keys:
        offers.extend(offers_in_group(session, key))
    shipping = feed_rates(session, offers)
    lowest: dict[str, Money] = {}
    for offer in offers:
        net = _quick_net(offer, shipping.get(offer.id, []), pricing)
        key = group_key_for(offer)
        if net is not None and (key not in lowest or net.amount < lowest[key].amount):
            lowest[key] = net
    return lowest


def group_key_for(offer: Offer) -> str:
    return group_key(offer.gtin, offer.product.brand, offer.product.title)


def _live_with_gtins(session: Session, gtins: list[str]) -> list[Offer]:
    if not gtins:
        return []
    query = select(Offer).join(Offer.product).options(_loaded())
    query = query.where(Offer.gtin.in_(gtins), Offer.gone_at.is_(None), Product.gone_at.is_(None))
    return list(session.scalars(query).unique().all())


def _quick_net(offer: Offer, shipping: list[OfferShipping], pricing: Pricing) -> Money | None:
    store = offer.product.store
    price = Money(offer.price, offer.currency)
    try:
        totals = cheapest_for_destinations(
            price,
            duty_category(pricing.book, offer.product.category),
            offer.weight_kg,
            seller_of(offer, shipping, pricing),
            rates=pricing.rates,
            currency=pricing.currency,
            destinations=(pricing.destination,),
        )
    except (HaitaoError, UnknownRate):
        return None
    delivered = totals.get(pricing.destination)
    if delivered is None:
        return None
    cashback = _cashback(pricing.programs.get(store.id), price, offer.product.category, pricing)
    return net_of(delivered.rounded(), cashback)


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
        category=duty_category(pricing.book, offer.product.category),
        origin=offer.product.store.country,
        weight_kg=offer.weight_kg,
        seller=seller_of(offer, shipping, pricing),
    )
    try:
        found = landed_costs(
            purchase, pricing.destination, pricing.book, pricing.rates, currency=pricing.currency
        )
    except (HaitaoError, UnknownRate) as exc:  # no rules, no route, no rate: say why
        return (), str(exc)
    return tuple(found), None


def seller_of(offer: Offer, shipping: list[OfferShipping], pricing: Pricing) -> Seller:
    """The offer's store as it sells this offer: its stores-file entry with the offer's feed
    shipping laid over its table, or, for a store the file no longer lists, the catalog row
    (forwarders only) — as the indexer prices it."""
    store = offer.product.store
    config = pricing.stores.get(store.id)
    seller = config.seller() if config else store.seller()
    return with_feed_rates(seller, shipping, pricing.rates)


def duty_category(book: RuleBook, category: str | None) -> str:
    """The duty category of a store category; general goods when the map does not know it."""
    try:
        return book.categories.resolve(category or GENERAL)
    except UnknownCategory:
        return GENERAL


def _cashback(
    program: Program | None, price: Money, category: str | None, pricing: Pricing
) -> Money | None:
    if program is None:
        return None
    earned = affiliate_share(program, commission_for(program, price, category))
    return convert(earned, pricing.currency, pricing.rates)


def _loaded():
    return joinedload(Offer.product).joinedload(Product.store)


def _same(offer: Offer, brand: str, title: str) -> bool:
    product = offer.product
    return (product.brand or "").casefold() == brand and product.title.casefold() == title


@lru_cache(maxsize=4)
def _stores_at(path: Path, mtime: float) -> dict[str, StoreConfig]:
    return load_stores(path)


def stores_of(path: Path) -> dict[str, StoreConfig]:
    """The stores file, read again only when it changes; {} when there is none."""
    try:
        return _stores_at(path, path.stat().st_mtime)
    except (OSError, HaitaoError):
        return {}
