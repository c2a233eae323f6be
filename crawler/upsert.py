"""Writing crawl results into the catalog database: batch upserts, price history, gone marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Row, bindparam, delete, select, update
from sqlalchemy.orm import Session

from core.stores import StoreConfig
from core.tables import (
    CrawlRun,
    Offer,
    OfferShipping,
    PriceObservation,
    Product,
    Store,
    utcnow,
)
from crawler.bulk_writes import insert_rows, update_rows
from crawler.items import OfferItem, ProductItem, ShippingQuote


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
    """Insert new products and offers, update seen ones, record prices that changed.

    A few driver-level executemany calls per batch (crawler.bulk_writes), not a few
    statements per item: this is the crawl's hot path.
    """
    now = utcnow()
    by_id = {item.external_id: item for item in items}
    product_ids = _upsert_product_rows(session, store_id, run_id, by_id, now)
    existing = _existing_offers(session, list(product_ids.values()))
    new_offers, updates, observations = [], [], []
    new_quotes: list[list[ShippingQuote]] = []  # the feed rates of `new_offers`, in order
    quotes: dict[int, list[ShippingQuote]] = {}  # offer id → feed rates, for seen offers
    for external_id, item in by_id.items():
        product_id = product_ids[external_id]
        known = existing.get(product_id, {})
        for offer in {o.external_id: o for o in item.offers}.values():
            row = _offer_row(offer, now)
            old = known.pop(offer.external_id, None)
            if old is None:
                new_offers.append(
                    {**row, "product_id": product_id, "external_id": offer.external_id}
                )
                new_quotes.append(offer.shipping)
                continue
            updates.append({**row, "_id": old.id})
            quotes[old.id] = offer.shipping
            if (old.price, old.was_price, old.currency) != (offer.price, offer.was_price,
                                                            offer.currency):  # fmt: skip
                observations.append(_observation(old.id, offer, now))
        gone = [old.id for old in known.values() if old.gone_at is None]
        if gone:
            session.execute(_MARK_OFFERS_GONE, {_IDS: gone, "now": now})
    new_ids = _write_offers(session, new_offers, updates, observations, now)
    _write_shipping(session, quotes, dict(zip(new_ids, new_quotes, strict=True)))


OFFERS = Offer.__table__
SHIPPING = OfferShipping.__table__
PRODUCTS = Product.__table__
# A batch's ids go to the database as the parameters of statements built once. A statement
# built for each batch kept the batch's id list in BindParameters that sit in reference
# cycles, which the crawl's lazy collector (core.gc_control) frees only in its rare full
# collections: 13 MB of ids piled up at 100,000 products, over 100 MB at a million.
_IDS = "ids"


def _in_ids(column):
    return column.in_(bindparam(_IDS, expanding=True))


_PRODUCT_IDS = select(PRODUCTS.c.external_id, PRODUCTS.c.id).where(
    PRODUCTS.c.store_id == bindparam("store_id"), _in_ids(PRODUCTS.c.external_id)
)
_EXISTING_OFFERS = select(
    OFFERS.c.id, OFFERS.c.product_id, OFFERS.c.external_id, OFFERS.c.price,
    OFFERS.c.was_price, OFFERS.c.currency, OFFERS.c.gone_at,
).where(_in_ids(OFFERS.c.product_id))  # fmt: skip
_OFFER_IDS = select(OFFERS.c.product_id, OFFERS.c.external_id, OFFERS.c.id).where(
    _in_ids(OFFERS.c.product_id)
)
_MARK_OFFERS_GONE = update(OFFERS).where(_in_ids(OFFERS.c.id)).values(gone_at=bindparam("now"))
_STORED_SHIPPING = select(
    SHIPPING.c.offer_id, SHIPPING.c.country, SHIPPING.c.service, SHIPPING.c.price,
    SHIPPING.c.currency, SHIPPING.c.region,
).where(_in_ids(SHIPPING.c.offer_id))  # fmt: skip
_DELETE_SHIPPING = delete(SHIPPING).where(_in_ids(SHIPPING.c.offer_id))
_PRODUCT_FIELDS = ("title", "brand", "category", "description", "url", "image_url")
_OFFER_FIELDS = ("title", "sku", "gtin", "price", "was_price", "currency", "weight_kg")


def _upsert_product_rows(
    session: Session, store_id: str, run_id: int, by_id: dict[str, ProductItem], now: datetime
) -> dict[str, int]:
    """Product row ids by external id, after inserting the new and updating the seen."""
    known = dict(session.execute(_PRODUCT_IDS, {"store_id": store_id, _IDS: list(by_id)}).all())
    seen = {"last_seen_at": now, "last_seen_run_id": run_id, "gone_at": None}
    rows = {eid: {**_product_row(item), **seen} for eid, item in by_id.items()}
    update_rows(session, PRODUCTS, [{**rows[eid], "_id": pid} for eid, pid in known.items()])
    fresh = [
        {**row, "store_id": store_id, "external_id": eid, "first_seen_at": now}
        for eid, row in rows.items()
        if eid not in known
    ]
    if fresh:
        insert_rows(session, PRODUCTS, fresh)
        new_ids = {"store_id": store_id, _IDS: [row["external_id"] for row in fresh]}
        known.update(dict(session.execute(_PRODUCT_IDS, new_ids).all()))
    return known


def _product_row(item: ProductItem) -> dict:
    row = {field: getattr(item, field) for field in _PRODUCT_FIELDS}
    return {**row, "title": item.title or ""}


def _existing_offers(session: Session, product_ids: list[int]) -> dict[int, dict[str, Row]]:
    found: dict[int, dict[str, Row]] = {}
    for row in session.execute(_EXISTING_OFFERS, {_IDS: product_ids}):
        found.setdefault(row.product_id, {})[row.external_id] = row
    return found


def _offer_row(offer: OfferItem, now: datetime) -> dict:
    row = {field: getattr(offer, field) for field in _OFFER_FIELDS}
    available = bool(offer.available) if offer.available is not None else True
    state = offer.availability.value if offer.availability else None
    return {**row, "available": available, "availability": state, "last_seen_at": now,
            "gone_at": None}  # fmt: skip


def _observation(offer_id: int, offer: OfferItem, now: datetime) -> dict:
    return {
        "offer_id": offer_id,
        "observed_at": now,
        "price": offer.price,
        "was_price": offer.was_price,
        "currency": offer.currency,
    }


def _write_offers(
    session: Session, new: list[dict], updates: list[dict], observations: list[dict], now: datetime
) -> list[int]:
    """Write the batch's offers and price observations; the ids of the new offers, in order."""
    new_ids: list[int] = []
    update_rows(session, OFFERS, updates)
    if new:
        insert_rows(session, OFFERS, new)
        new_ids = _offer_ids(session, [(row["product_id"], row["external_id"]) for row in new])
        observations += [
            {"offer_id": offer_id, "observed_at": now, **_prices(row)}
            for offer_id, row in zip(new_ids, new, strict=True)
        ]
    insert_rows(session, PriceObservation.__table__, observations)
    return new_ids


def _offer_ids(session: Session, keys: list[tuple[int, str]]) -> list[int]:
    """The ids of the offers keyed (product id, external id), in the order of `keys`."""
    product_ids = sorted({product_id for product_id, _ in keys})
    rows = session.execute(_OFFER_IDS, {_IDS: product_ids})
    ids = {(pid, eid): offer_id for pid, eid, offer_id in rows}
    return [ids[key] for key in keys]


def _write_shipping(
    session: Session, seen: dict[int, list[ShippingQuote]], new: dict[int, list[ShippingQuote]]
) -> None:
    """Replace the feed rates of every seen offer whose rates changed, and add the new
    offers' rates: a few bulk statements per batch, none when nothing changed."""
    stored = _stored_shipping(session, list(seen))
    changed = [oid for oid, quotes in seen.items() if set(quotes) != stored.get(oid, set())]
    if changed:
        session.execute(_DELETE_SHIPPING, {_IDS: changed})
    rows = [
        {"offer_id": offer_id, **asdict(quote)}
        for offer_id, quotes in (*((oid, seen[oid]) for oid in changed), *new.items())
        for quote in dict.fromkeys(quotes)  # a rate the feed repeats is stored once
    ]
    insert_rows(session, SHIPPING, rows)


def _stored_shipping(session: Session, offer_ids: list[int]) -> dict[int, set[ShippingQuote]]:
    stored: dict[int, set[ShippingQuote]] = {}
    if not offer_ids:
        return stored
    for offer_id, *fields in session.execute(_STORED_SHIPPING, {_IDS: offer_ids}):
        stored.setdefault(offer_id, set()).add(ShippingQuote(*fields))
    return stored


def _prices(row: dict) -> dict:
    return {"price": row["price"], "was_price": row["was_price"], "currency": row["currency"]}


def mark_gone(
    session: Session, store_id: str, run_id: int, also_seen_by: Sequence[int] = ()
) -> int:
    """Mark products this run did not see as gone. Call only after a clean run.

    `also_seen_by` are the earlier runs of a resumed crawl: what they saw counts as seen.
    """
    now = utcnow()
    unseen = (
        (Product.store_id == store_id)
        & Product.gone_at.is_(None)
        & (
            Product.last_seen_run_id.not_in([run_id, *also_seen_by])
            | Product.last_seen_run_id.is_(None)
        )
    )
    gone_ids = select(Product.id).where(unseen)
    session.execute(
        update(Offer)
        .where(Offer.product_id.in_(gone_ids), Offer.gone_at.is_(None))
        .values(gone_at=now)
    )
    result = session.execute(update(Product).where(unseen).values(gone_at=now))
    return result.rowcount


def crawled_meanwhile(session: Session, store_id: str, job_runs: Sequence[int]) -> bool:
    """Whether another run of the store began after the first run of a resumed crawl."""
    other = select(CrawlRun.id).where(
        CrawlRun.store_id == store_id, CrawlRun.id > min(job_runs), CrawlRun.id.not_in(job_runs)
    )
    return session.scalar(other.limit(1)) is not None


def finish_run(
    session: Session,
    run_id: int,
    *,
    reason: str,
    clean: bool,
    stats: dict,
    error: str | None = None,
) -> None:
    """Close a run with its stats; `error` says why a run that is not clean failed."""
    run = session.get_one(CrawlRun, run_id)
    run.finished_at = utcnow()
    run.finish_reason = reason
    run.state = "finished" if clean else "failed"
    if run.cancel_requested or reason == "cancelled":
        run.state = "cancelled"
    run.items_scraped = int(stats.get("item_scraped_count", 0))
    run.items_dropped = int(stats.get("item_dropped_count", 0))
    run.stats = stats
    if run.state == "failed" and run.error is None:
        run.error = error
