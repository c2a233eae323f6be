"""Catalog tables: the system of record for stores, products, offers and their prices."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, DecimalType
from core.stores import Seller


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store(Base):
    """A store as last read from the stores file; rows outlive entries removed from it."""

    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(500))
    country: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    language: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def seller(self) -> Seller:
        """This store as the seller of its offers when the stores file no longer lists it:
        no shipping table (it reaches destinations through forwarders only)."""
        return Seller(self.id, self.name, self.country, self.currency)


class Product(Base):
    """One listing in one store; its variants are offers."""

    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("store_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(String(500))
    brand: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(1000))
    image_url: Mapped[str | None] = mapped_column(String(1000))
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    gone_at: Mapped[datetime | None] = mapped_column(default=None)

    store: Mapped[Store] = relationship()
    offers: Mapped[list[Offer]] = relationship(back_populates="product")


# A group without a GTIN is found by its folded title or brand (web.catalog_offers).
Index("ix_products_folded_title", func.lower(Product.title))
Index("ix_products_folded_brand", func.lower(Product.brand))


class Offer(Base):
    """A variant of a product at a price: what a shopper can actually buy."""

    __tablename__ = "offers"
    __table_args__ = (UniqueConstraint("product_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(String(500))
    sku: Mapped[str | None] = mapped_column(String(128))
    gtin: Mapped[str | None] = mapped_column(String(14), index=True)
    price: Mapped[Decimal] = mapped_column(DecimalType)
    was_price: Mapped[Decimal | None] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))
    weight_kg: Mapped[Decimal | None] = mapped_column(DecimalType)
    available: Mapped[bool] = mapped_column(default=True)
    # crawler.items.Availability: in_stock, limited, preorder, backorder, out_of_stock, …
    availability: Mapped[str | None] = mapped_column(String(16), default=None)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    gone_at: Mapped[datetime | None] = mapped_column(default=None)

    product: Mapped[Product] = relationship(back_populates="offers")
    observations: Mapped[list[PriceObservation]] = relationship(back_populates="offer")


class OfferShipping(Base):
    """What the store's feed says mailing an offer to a country costs (Google's `g:shipping`).

    Replaced whole whenever the feed's rates for the offer change; the landed cost's direct
    mail to `country` uses the cheapest one instead of the store's shipping table.
    """

    __tablename__ = "offer_shipping"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(64))
    service: Mapped[str | None] = mapped_column(String(100))
    price: Mapped[Decimal] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))


class PriceObservation(Base):
    """A price an offer had from `observed_at` on; written only when the price changes."""

    __tablename__ = "price_observations"
    __table_args__ = (Index("ix_price_observations_offer_time", "offer_id", "observed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"))
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    price: Mapped[Decimal] = mapped_column(DecimalType)
    was_price: Mapped[Decimal | None] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))

    offer: Mapped[Offer] = relationship(back_populates="observations")


# A run in one of these states holds its store: at most one such row per store.
ACTIVE_STATES = ("queued", "running")
_ACTIVE = text("state IN ('queued', 'running')")


class CrawlRun(Base):
    """One crawl of one store, with what it found and how it ended.

    States: queued → running → finished | failed | cancelled. The partial unique index is the
    database-level guard that one store never crawls twice at once.
    """

    __tablename__ = "crawl_runs"
    __table_args__ = (
        Index(
            "uq_crawl_runs_active_store",
            "store_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    trigger: Mapped[str] = mapped_column(String(16), default="manual")
    state: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    items_scraped: Mapped[int] = mapped_column(default=0)
    items_dropped: Mapped[int] = mapped_column(default=0)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    # Operations (issue 7): who runs it, where its log is, and how to tell it is alive.
    schedule_id: Mapped[int | None] = mapped_column(default=None)
    runner: Mapped[str | None] = mapped_column(String(16), default=None)
    job_id: Mapped[str | None] = mapped_column(String(64), default=None)
    pid: Mapped[int | None] = mapped_column(default=None)
    host: Mapped[str | None] = mapped_column(String(255), default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    log_file: Mapped[str | None] = mapped_column(String(1000), default=None)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text, default=None)
