"""Catalog rows → search documents."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from haitao.catalog import Offer, Product
from haitao.fx import PIVOT, RateTable, UnknownRate
from haitao.money import Money
from indexer.documents import SearchDocument


def catalog_documents(session: Session, rates: RateTable) -> Iterator[SearchDocument]:
    """A document for every offer still listed, priced in the pivot currency too."""
    offers = session.scalars(
        select(Offer)
        .join(Offer.product)
        .where(Offer.gone_at.is_(None), Product.gone_at.is_(None))
        .options(joinedload(Offer.product).joinedload(Product.store))
        .order_by(Offer.id)
        .execution_options(yield_per=1000)
    )
    for offer in offers:
        document = offer_document(offer, rates)
        if document is not None:
            yield document


def offer_document(offer: Offer, rates: RateTable) -> SearchDocument | None:
    """The document for one offer; None when no rate converts its currency."""
    product, store = offer.product, offer.product.store
    try:
        pivot = rates.convert(Money(offer.price, offer.currency), PIVOT).amount
    except UnknownRate:
        return None
    title = f"{product.title} – {offer.title}" if offer.title else product.title
    return SearchDocument(
        id=f"{store.id}:{product.external_id}:{offer.external_id}",
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
    )


def group_key(gtin: str | None, brand: str | None, title: str) -> str:
    """What joins one product across stores: its GTIN, else brand and title."""
    if gtin:
        return f"gtin:{gtin}"
    return f"brand:{(brand or '').casefold()}|{title.casefold()}"
