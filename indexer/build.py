"""Catalog rows → search documents.

The indexer prices offers (through `pricing`) but knows nothing of rebate programs: the
caller passes each store's rebate rate as a function of price and category (`RebateRates`),
computed through `rebates` (`rebates.programs.shopper_rates`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session, joinedload

from core.freshness import Freshness
from core.stores import Seller, StoreConfig
from core.tables import Offer, OfferShipping, PriceObservation, Product, utcnow
from indexer.concepts import document_concepts, priced_category
from indexer.documents import DESTINATIONS, SearchDocument
from indexer.landed_history import LandedCost, LandedHistory
from pricing.exchange_rates.history import load_history
from pricing.exchange_rates.rate_table import PIVOT, RateTable, UnknownRate
from pricing.landed.categories import UnknownCategory
from pricing.landed.fast import cheapest_routes_for_destinations
from pricing.landed.offers import FeedRate, with_feed_rates
from pricing.money import Money
from pricing.price_moves import window_signals

# The share of a price a shopper gets back through a store's rebate link, after the program's
# category rates and caps: (price, store category) → share (0.05 is 5 %).
RebateRate = Callable[[Money, str | None], Decimal]
# store id → its rebate rate; a store without an active program is not in it.
RebateRates = Mapping[str, RebateRate]

LOW_WINDOW = timedelta(days=90)  # "lowest in 90 days"; the drop is over 30 (price_moves)
GENERAL = "general"  # the duty category of goods no rule names


def catalog_documents(
    session: Session,
    rates: RateTable,
    where: ColumnElement[bool] | None = None,
    stores: Mapping[str, StoreConfig] | None = None,
    *,
    rebate_rates: RebateRates,
    freshness: Freshness | None = None,
) -> Iterator[SearchDocument]:
    """A document for every offer still listed (and matching `where`), priced in EUR too.

    `stores` (the stores file's entries) supply shipping tables for the landed costs; a store
    missing from it is priced by its catalog row, through forwarders only. Shipping prices a
    store's feed gives for an offer replace its table's direct mail for that offer.
    `rebate_rates` gives each store's rebate rate (none for a store not in it). `freshness`
    marks stale offers (default: each store's last crawl and its schedule in `stores`, now).
    """
    if freshness is None:
        freshness = freshness_now(session, stores or {})
    offers = session.scalars(
        select(Offer)
        .join(Offer.product)
        .where(Offer.gone_at.is_(None), Product.gone_at.is_(None))
        .where(where if where is not None else true())
        .options(joinedload(Offer.product).joinedload(Product.store))
        .order_by(Offer.id)
        .execution_options(yield_per=1000)
    )
    now = utcnow()
    observed = observed_prices(session, now - LOW_WINDOW)
    feed_rates = feed_shipping(session)
    landed_history = LandedHistory(load_history(session, (now - LOW_WINDOW).date()), rates, now)
    for offer in offers:
        store_id = offer.product.store_id
        store = (stores or {}).get(store_id)
        points = observed.get(offer.id, ())
        shipping = feed_rates.get(offer.id, ())
        document = offer_document(
            offer,
            rates,
            window_signals(points, offer.price, now),
            store,
            rebate_rates.get(store_id),
            shipping,
        )
        if document is not None:
            drops, lows = landed_history.signals(
                points, document.price, document.landed, _landed_cost(offer, store, shipping)
            )
            stale = freshness.stale(store_id, offer.last_seen_at)
            yield replace(document, stale=stale, landed_drop=drops, landed_low_90d=lows)


def _landed_cost(
    offer: Offer, store: StoreConfig | None, shipping: Iterable[FeedRate]
) -> LandedCost:
    """The offer's landed costs for another store price at another day's rates."""
    product = offer.product

    def landed(price: Money, rates: RateTable) -> dict[str, Money]:
        seller = with_feed_rates((store or product.store).seller(), shipping, rates)
        category = priced_category(product.category, product.title, product.brand)
        routes = landed_routes(price, category, offer.weight_kg, seller, rates)
        return {dest: cost for dest, (cost, _route) in routes.items()}

    return landed


def freshness_now(session: Session, stores: Mapping[str, StoreConfig]) -> Freshness:
    """Staleness as of now: each store's last crawl, and the schedule its entry gives."""
    return Freshness(session, {sid: cfg.schedule for sid, cfg in stores.items()}, utcnow())


def feed_shipping(session: Session) -> dict[int, list[OfferShipping]]:
    """Each offer's shipping rates from its store's feed (most offers have none)."""
    rates: dict[int, list[OfferShipping]] = {}
    for rate in session.scalars(select(OfferShipping)):
        rates.setdefault(rate.offer_id, []).append(rate)
    return rates


def observed_prices(session: Session, since: datetime) -> dict[int, list[tuple[datetime, Decimal]]]:
    """Each offer's prices from `since` on, oldest first, led by the one in force at `since`
    (observations are written only when a price changes)."""
    opening = (
        select(func.max(PriceObservation.id))
        .where(PriceObservation.observed_at <= since)
        .group_by(PriceObservation.offer_id)
    )
    rows = session.execute(
        select(PriceObservation.offer_id, PriceObservation.observed_at, PriceObservation.price)
        .where(or_(PriceObservation.observed_at > since, PriceObservation.id.in_(opening)))
        .order_by(PriceObservation.offer_id, PriceObservation.observed_at, PriceObservation.id)
    )
    found: dict[int, list[tuple[datetime, Decimal]]] = {}
    for offer_id, observed_at, price in rows:
        found.setdefault(offer_id, []).append((observed_at, price))
    return found


def offer_document(
    offer: Offer,
    rates: RateTable,
    history: tuple[Decimal, bool] = (Decimal(0), False),
    store_config: StoreConfig | None = None,
    rebate_rate: RebateRate | None = None,
    feed_rates: Iterable[FeedRate] = (),
) -> SearchDocument | None:
    """The document for one offer; None when no rate converts its currency."""
    product, store = offer.product, offer.product.store
    price = Money(offer.price, offer.currency)
    try:
        pivot = rates.convert(price, PIVOT)
    except UnknownRate:
        return None
    seller = with_feed_rates((store_config or store).seller(), feed_rates, rates)
    category = priced_category(product.category, product.title, product.brand)
    routes = landed_routes(price, category, offer.weight_kg, seller, rates)
    rate = rebate_rate(price, product.category) if rebate_rate else None
    landed = {dest: routes[dest][0] for dest in DESTINATIONS if dest in routes}
    title = f"{product.title} – {offer.title}" if offer.title else product.title
    return SearchDocument(
        id=document_id(store.id, product.external_id, offer.external_id),
        store_id=store.id,
        store_name=store.name,
        store_country=store.country,
        title=title,
        brand=product.brand,
        category=product.category,
        description=product.description[:500],
        gtin=offer.gtin,
        group_key=group_key(offer.gtin, product.brand, product.title),
        price=price,
        was_price=Money(offer.was_price, offer.currency) if offer.was_price else None,
        price_pivot=pivot,
        available=offer.available,
        url=product.url,
        image_url=product.image_url,
        language=store.language,
        checked_at=offer.last_seen_at,
        fx_as_of=rates.as_of,
        fx_source=rates.source,
        concepts=document_concepts(title, product.category, product.brand),
        price_drop=history[0],
        lowest_90d=history[1],
        landed=landed,
        direct_to=direct_destinations(seller),
        rebate_rate=rate,
        net=net_costs(landed, pivot, rate),
        landed_route={dest: routes[dest][1] for dest in landed},
    )


def landed_routes(
    price: Money, category: str | None, weight_kg: Decimal | None, seller: Seller, rates: RateTable
) -> dict[str, tuple[Money, str]]:
    """Cheapest delivered cost per destination, in the pivot currency, and its route code.

    A store category the category map does not know is priced as general goods: an estimate
    for search, where failing the whole index over one product's category would be worse.
    """
    try:
        return cheapest_routes_for_destinations(
            price, category or GENERAL, weight_kg, seller, rates=rates, currency=PIVOT
        )
    except UnknownCategory:
        return cheapest_routes_for_destinations(
            price, GENERAL, weight_kg, seller, rates=rates, currency=PIVOT
        )


def net_costs(
    landed: Mapping[str, Money], price_pivot: Money, rebate_rate: Decimal | None
) -> dict[str, Money]:
    """Per destination, the delivered cost less what the shopper gets back: the rebate rate
    of the price (the rate already carries the program's category rates and caps, for this
    price), in cents of the pivot currency. Without a rebate, the net cost is the landed one."""
    if not rebate_rate:
        return dict(landed)
    cashback = Money(price_pivot.amount * rebate_rate, PIVOT).rounded().amount
    return {dest: Money(cost.amount - cashback, PIVOT) for dest, cost in landed.items()}


def direct_destinations(seller: Seller) -> tuple[str, ...]:
    """The destinations a store mails to itself, by its shipping table (a catalog row
    without a stores-file entry has none)."""
    table = seller.shipping
    if table is None:
        return ()
    return tuple(dest for dest in DESTINATIONS if table.to(dest) is not None)


def document_id(store_id: str, product_external_id: str, offer_external_id: str) -> str:
    return f"{store_id}:{product_external_id}:{offer_external_id}"


def group_key(gtin: str | None, brand: str | None, title: str) -> str:
    """What joins one product across stores: its GTIN and brand, else brand and title.

    Feeds carry GTINs put on the wrong product, so a GTIN joins offers only when their brands
    agree (`brand_token`: case, accents and punctuation aside; titles cannot be compared
    across the stores' languages). An offer with no brand joins by GTIN alone."""
    if gtin:
        token = brand_token(brand)
        return f"gtin:{gtin}|{token}" if token else f"gtin:{gtin}"
    return f"brand:{(brand or '').casefold()}|{title.casefold()}"


def brand_token(brand: str | None) -> str:
    """ "L'Oréal Paris" → "lorealparis": what two spellings of one brand share (letters of
    any script, accents, case and punctuation dropped)."""
    decomposed = unicodedata.normalize("NFKD", (brand or "").casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())
