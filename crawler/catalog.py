"""Writing crawl results into the catalog database: batch upserts, price history, gone marks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from crawler.items import OfferItem, ProductItem
from haitao.catalog import CrawlRun, Offer, PriceObservation, Product, Store, utcnow
from haitao.stores import StoreConfig


def sync_store(session: Session, config: StoreConfig) -> None:
    """Insert or update the store's row from its stores-file entry."""
    store = session.get(Store, config.id) or Store(id=config.id)
    for field in ("name", "platform", "url", "country", "currency", "language"):
        setattr(store, field, getattr(config, field))
    session.add(store)
    session.flush()  # runs and products refer to it


def start_run(session: Session, store_id: str, trigger: str = "manual") -> int:
    run = CrawlRun(store_id=store_id, trigger=trigger, state="running")
    session.add(run)
    session.flush()
    return run.id


def upsert_products(
    session: Session, store_id: str, run_id: int, items: Sequence[ProductItem]
) -> None:
    """Insert new products and offers, update seen ones, record prices that changed."""
    now = utcnow()
    by_id = {item.external_id: item for item in items}
    existing = {
        product.external_id: product
        for product in session.scalars(
            select(Product)
            .where(Product.store_id == store_id, Product.external_id.in_(by_id))
            .options(selectinload(Product.offers))
        )
    }
    for external_id, item in by_id.items():
        product = existing.get(external_id) or Product(store_id=store_id, external_id=external_id)
        _update_product(product, item, run_id, now)
        session.add(product)


def _update_product(product: Product, item: ProductItem, run_id: int, now: datetime) -> None:
    product.title = item.title or ""
    product.brand = item.brand
    product.category = item.category
    product.description = item.description
    product.url = item.url
    product.image_url = item.image_url
    product.last_seen_at = now
    product.last_seen_run_id = run_id
    product.gone_at = None
    offers = {offer.external_id: offer for offer in product.offers}
    seen = set()
    for offer_item in item.offers:
        seen.add(offer_item.external_id)
        offer = offers.get(offer_item.external_id)
        if offer is None:
            offer = Offer(external_id=offer_item.external_id)
            product.offers.append(offer)
        _update_offer(offer, offer_item, now)
    for external_id, offer in offers.items():
        if external_id not in seen and offer.gone_at is None:
            offer.gone_at = now


def _update_offer(offer: Offer, item: OfferItem, now: datetime) -> None:
    changed = (offer.price, offer.was_price, offer.currency) != (
        item.price,
        item.was_price,
        item.currency,
    )
    offer.title = item.title
    offer.sku = item.sku
    offer.gtin = item.gtin
    offer.price = item.price
    offer.was_price = item.was_price
    offer.currency = item.currency
    offer.weight_kg = item.weight_kg
    offer.available = bool(item.available) if item.available is not None else True
    offer.last_seen_at = now
    offer.gone_at = None
    if changed:
        offer.observations.append(
            PriceObservation(
                observed_at=now, price=item.price, was_price=item.was_price, currency=item.currency
            )
        )


def mark_gone(session: Session, store_id: str, run_id: int) -> int:
    """Mark products this run did not see as gone. Call only after a clean run."""
    now = utcnow()
    unseen = (
        (Product.store_id == store_id)
        & Product.gone_at.is_(None)
        & ((Product.last_seen_run_id != run_id) | Product.last_seen_run_id.is_(None))
    )
    gone_ids = select(Product.id).where(unseen)
    session.execute(
        update(Offer)
        .where(Offer.product_id.in_(gone_ids), Offer.gone_at.is_(None))
        .values(gone_at=now)
    )
    result = session.execute(update(Product).where(unseen).values(gone_at=now))
    return result.rowcount


def finish_run(session: Session, run_id: int, *, reason: str, clean: bool, stats: dict) -> None:
    run = session.get_one(CrawlRun, run_id)
    run.finished_at = utcnow()
    run.finish_reason = reason
    run.state = "finished" if clean else "failed"
    if run.cancel_requested or reason == "cancelled":
        run.state = "cancelled"
    run.items_scraped = int(stats.get("item_scraped_count", 0))
    run.items_dropped = int(stats.get("item_dropped_count", 0))
    run.stats = stats
