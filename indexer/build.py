"""Catalog rows → search documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session, joinedload

from haitao.catalog import Offer, PriceObservation, Product, utcnow
from haitao.fx import PIVOT, RateTable, UnknownRate
from haitao.money import Money
from indexer.documents import SearchDocument

PRICE_DROP_WINDOW = timedelta(days=30)


def catalog_documents(
    session: Session, rates: RateTable, where: ColumnElement[bool] | None = None
) -> Iterator[SearchDocument]:
    """A document for every offer still listed (and matching `where`), priced in EUR too."""
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
    for offer in offers:
        document = offer_document(offer, rates, recent_highs.get(offer.id))
        if document is not None:
            yield document


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
    offer: Offer, rates: RateTable, recent_high: Decimal | None = None
) -> SearchDocument | None:
    """The document for one offer; None when no rate converts its currency."""
    product, store = offer.product, offer.product.store
    try:
        pivot = rates.convert(Money(offer.price, offer.currency), PIVOT).amount
    except UnknownRate:
        return None
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
        price=offer.price,
        currency=offer.currency,
        was_price=offer.was_price,
        price_pivot=pivot,
        available=offer.available,
        url=product.url,
        image_url=product.image_url,
        language=store.language,
        updated_at=offer.last_seen_at,
        price_drop=price_drop(offer.price, recent_high),
    )


def document_id(store_id: str, product_external_id: str, offer_external_id: str) -> str:
    return f"{store_id}:{product_external_id}:{offer_external_id}"


def group_key(gtin: str | None, brand: str | None, title: str) -> str:
    """What joins one product across stores: its GTIN, else brand and title."""
    if gtin:
        return f"gtin:{gtin}"
    return f"brand:{(brand or '').casefold()}|{title.casefold()}"
