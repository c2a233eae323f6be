"""The catalog rows a product page or a result card prices: a group's offers, offers by
search document id, their feed shipping, variant labels and programs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from core.tables import Offer, OfferShipping, Product
from indexer.build import group_key
from rebates.tables import Program


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
    # Each column's IN list, which SQLite serves from the (store_id, external_id) index; a
    # row-value IN over the three columns scans every offer. The few extra rows the lists'
    # cross product lets through are dropped by their key.
    stores, products, offer_ids = (sorted({p[i] for p in parts}) for i in range(3))
    query = select(Offer).join(Offer.product).options(_loaded())
    query = query.where(
        Product.store_id.in_(stores),
        Product.external_id.in_(products),
        Offer.external_id.in_(offer_ids),
    )
    wanted = {":".join(p) for p in parts}
    found = (offer for offer in session.scalars(query).unique().all())
    return {key: offer for offer in found if (key := offer_key(offer)) in wanted}


def offer_key(offer: Offer) -> str:
    return f"{offer.product.store_id}:{offer.product.external_id}:{offer.external_id}"


def group_key_for(offer: Offer) -> str:
    return group_key(offer.gtin, offer.product.brand, offer.product.title)


def live_with_gtins(session: Session, gtins: list[str]) -> list[Offer]:
    if not gtins:
        return []
    query = select(Offer).join(Offer.product).options(_loaded())
    query = query.where(Offer.gtin.in_(gtins), Offer.gone_at.is_(None), Product.gone_at.is_(None))
    return list(session.scalars(query).unique().all())


def feed_rates(session: Session, offers: Iterable[Offer]) -> dict[int, list[OfferShipping]]:
    ids = [offer.id for offer in offers]
    found: dict[int, list[OfferShipping]] = {}
    if ids:
        for row in session.scalars(select(OfferShipping).where(OfferShipping.offer_id.in_(ids))):
            found.setdefault(row.offer_id, []).append(row)
    return found


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


def active_programs(session: Session) -> dict[str, Program]:
    loaded = joinedload(Program.store), selectinload(Program.category_rates)
    query = select(Program).where(Program.active.is_(True)).options(*loaded)
    return {program.store_id: program for program in session.scalars(query).unique()}


def _loaded():
    return joinedload(Offer.product).joinedload(Product.store)


def _same(offer: Offer, brand: str, title: str) -> bool:
    product = offer.product
    return (product.brand or "").casefold() == brand and product.title.casefold() == title
