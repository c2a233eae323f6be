"""Catalog rows → search documents.

The indexer prices offers (through `pricing`) but knows nothing of rebate programs: the
caller passes each store's rebate rate as a function of price and category (`RebateRates`),
computed through `rebates` (`rebates.programs.shopper_rates`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session, joinedload

from core.stores import Seller, StoreConfig
from core.tables import Offer, OfferShipping, PriceObservation, Product, utcnow
from indexer.documents import DESTINATIONS, SearchDocument
from pricing.exchange_rates.rate_table import PIVOT, RateTable, UnknownRate
from pricing.landed.categories import UnknownCategory
from pricing.landed.fast import cheapest_for_destinations
from pricing.landed.offers import FeedRate, with_feed_rates
from pricing.money import Money

# The share of a price a shopper gets back through a store's rebate link, after the program's
# category rates and caps: (price, store category) → share (0.05 is 5 %).
RebateRate = Callable[[Money, str | None], Decimal]
# store id → its rebate rate; a store without an active program is not in it.
RebateRates = Mapping[str, RebateRate]

PRICE_DROP_WINDOW = timedelta(days=30)
GENERAL = "general"  # the duty category of goods no rule names


def catalog_documents(
    session: Session,
    rates: RateTable,
    where: ColumnElement[bool] | None = None,
    stores: Mapping[str, StoreConfig] | None = None,
    *,
    rebate_rates: RebateRates,
) -> Iterator[SearchDocument]:
    """A document for every offer still listed (and matching `where`), priced in EUR too.

    `stores` (the stores file's entries) supply shipping tables for the landed costs; a store
    missing from it is priced by its catalog row, through forwarders only. Shipping prices a
    store's feed gives for an offer replace its table's direct mail for that offer.
    `rebate_rates` gives each store's rebate rate (none for a store not in it).
    """
    offers = session.scalars(
        select(Offer)
        .join(Offer.product)
        .where(Offer.gone_at.is_(None), Product.gone_at.is_(None))
        .where(where if where is not None else true())
        .options(joinedload(Offer.product).joinedload(Product.store))
        .order_by(Offer.id)
        .execution_options(yield_per=1000)
    )
    recent_highs = recent_high_prices(session, utcnow() - PRICE_DROP_WINDOW)
    feed_rates = feed_shipping(session)
    for offer in offers:
        store_id = offer.product.store_id
        store = (stores or {}).get(store_id)
        document = offer_document(
            offer,
            rates,
            recent_highs.get(offer.id),
            store,
            rebate_rates.get(store_id),
            feed_rates.get(offer.id, ()),
        )
        if document is not None:
            yield document


def feed_shipping(session: Session) -> dict[int, list[OfferShipping]]:
    """Each offer's shipping rates from its store's feed (most offers have none)."""
    rates: dict[int, list[OfferShipping]] = {}
    for rate in session.scalars(select(OfferShipping)):
        rates.setdefault(rate.offer_id, []).append(rate)
    return rates


def recent_high_prices(session: Session, since: datetime) -> dict[int, Decimal]:
    """Each offer's highest price observed since `since` (in Python: SQLite keeps text)."""
    highs: dict[int, Decimal] = {}
    rows = session.execute(
        select(PriceObservation.offer_id, PriceObservation.price).where(
            PriceObservation.observed_at >= since
        )
    )
    for offer_id, price in rows:
        if price > highs.get(offer_id, price - 1):
            highs[offer_id] = price
    return highs


def price_drop(price: Decimal, recent_high: Decimal | None) -> Decimal:
    """How far `price` sits below the recent high, as a share rounded to 0.1 %."""
    if not recent_high or recent_high <= price:
        return Decimal(0)
    return ((recent_high - price) / recent_high).quantize(Decimal("0.001"))


def offer_document(
    offer: Offer,
    rates: RateTable,
    recent_high: Decimal | None = None,
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
    landed = landed_costs(price, product.category, offer.weight_kg, seller, rates)
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
        price_drop=price_drop(offer.price, recent_high),
        landed={dest: landed[dest] for dest in DESTINATIONS if dest in landed},
        direct_to=direct_destinations(seller),
        rebate_rate=rebate_rate(price, product.category) if rebate_rate else None,
    )


def landed_costs(
    price: Money, category: str | None, weight_kg: Decimal | None, seller: Seller, rates: RateTable
) -> dict[str, Money]:
    """Cheapest delivered cost per destination, in the pivot currency.

    A store category the category map does not know is priced as general goods: an estimate
    for search, where failing the whole index over one product's category would be worse.
    """
    try:
        return cheapest_for_destinations(
            price, category or GENERAL, weight_kg, seller, rates=rates, currency=PIVOT
        )
    except UnknownCategory:
        return cheapest_for_destinations(
            price, GENERAL, weight_kg, seller, rates=rates, currency=PIVOT
        )


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
    """What joins one product across stores: its GTIN, else brand and title."""
    if gtin:
        return f"gtin:{gtin}"
    return f"brand:{(brand or '').casefold()}|{title.casefold()}"
