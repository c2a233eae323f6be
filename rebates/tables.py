"""Rebate tables: networks, programs, users, links, clicks, conversions, ledger, payouts, claims.

The ledger (`ledger_entries`) is append-only: a conversion changing state or a payout adds
rows, nothing is ever updated or deleted. Balances are sums over it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, DecimalType
from core.tables import Store, utcnow

ROLES = ("affiliate", "operator")
LINK_KINDS = ("store", "product", "search")
STATUSES = ("pending", "approved", "reversed")
ACCOUNTS = ("pending", "payable", "paid")


class Network(Base):
    """An affiliate network: its postback secret and how its reports name their columns."""

    __tablename__ = "rebate_networks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    postback_secret: Mapped[str] = mapped_column(String(128))
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    statuses: Mapped[dict] = mapped_column(JSON, default=dict)
    # How it calls GET /postback/<network> (rebates.postback_config.PostbackFormat, as JSON);
    # None: only the signed JSON POST.
    postback_format: Mapped[dict | None] = mapped_column(JSON, default=None)


class Program(Base):
    """A store's rebate program: what the network pays and what share the affiliate gets."""

    __tablename__ = "rebate_programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), unique=True)
    network: Mapped[str] = mapped_column(ForeignKey("rebate_networks.name"))
    network_aff_id: Mapped[str] = mapped_column(String(128))
    commission_rate: Mapped[Decimal] = mapped_column(DecimalType)
    commission_cap: Mapped[Decimal | None] = mapped_column(DecimalType)
    affiliate_share: Mapped[Decimal] = mapped_column(DecimalType)
    cookie_days: Mapped[int] = mapped_column(default=30)
    approval_days: Mapped[int] = mapped_column(default=60)
    exclusions: Mapped[str] = mapped_column(Text, default="")
    deep_link_template: Mapped[str] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(default=True)

    store: Mapped[Store] = relationship()
    category_rates: Mapped[list[CategoryRate]] = relationship(
        back_populates="program", cascade="all, delete-orphan"
    )


class CategoryRate(Base):
    """A commission rate (and optional cap per order) for one product category."""

    __tablename__ = "rebate_category_rates"
    __table_args__ = (UniqueConstraint("program_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("rebate_programs.id"))
    category: Mapped[str] = mapped_column(String(200))
    rate: Mapped[Decimal] = mapped_column(DecimalType)
    cap: Mapped[Decimal | None] = mapped_column(DecimalType)

    program: Mapped[Program] = relationship(back_populates="category_rates")


class User(Base):
    """An affiliate or an operator."""

    __tablename__ = "rebate_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default="affiliate")
    api_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session's user id: bumping it (log-out, password or role change, "log out
    # everywhere") makes every session cookie issued before it stop working.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set by the signed link mailed at sign-up; until then the account's links cannot earn.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(default=None)


class Link(Base):
    """A tracked link an affiliate shares: to a store, a product or a search, with a sub-ID."""

    __tablename__ = "rebate_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("rebate_programs.id"))
    kind: Mapped[str] = mapped_column(String(16))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    query: Mapped[str | None] = mapped_column(String(200))
    sub_id: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    program: Mapped[Program] = relationship()


class Click(Base):
    """One visit to /go/<link>; `counted` is false for repeats within the window and bots."""

    __tablename__ = "rebate_clicks"
    __table_args__ = (Index("ix_rebate_clicks_user_time", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    click_id: Mapped[str] = mapped_column(String(64), unique=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("rebate_links.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"))
    program_id: Mapped[int] = mapped_column(ForeignKey("rebate_programs.id"))
    sub_id: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ip_hash: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(500), default="")
    referrer: Mapped[str] = mapped_column(String(1000), default="")
    counted: Mapped[bool] = mapped_column(default=True)
    not_counted_reason: Mapped[str | None] = mapped_column(String(32))


class Conversion(Base):
    """An order a network reported (or an approved claim); one per (network, transaction id)."""

    __tablename__ = "rebate_conversions"
    __table_args__ = (UniqueConstraint("network", "transaction_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String(64))
    transaction_id: Mapped[str] = mapped_column(String(128))
    click_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("rebate_programs.id"))
    sub_id: Mapped[str] = mapped_column(String(64), default="")
    order_amount: Mapped[Decimal] = mapped_column(DecimalType)
    commission: Mapped[Decimal] = mapped_column(DecimalType)
    share: Mapped[Decimal] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    source: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    program: Mapped[Program] = relationship()


class LedgerEntry(Base):
    """One append-only movement of an affiliate's money into or out of an account."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_user_account", "user_id", "account", "currency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    account: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))
    commission: Mapped[Decimal | None] = mapped_column(DecimalType)
    conversion_id: Mapped[int | None] = mapped_column(ForeignKey("rebate_conversions.id"))
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("rebate_payouts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversion: Mapped[Conversion | None] = relationship()


class Payout(Base):
    """A batch of payments in one currency to every affiliate owed at least the minimum."""

    __tablename__ = "rebate_payouts"
    # At most one open batch per currency, even when two operators press "create" at once.
    __table_args__ = (
        Index(
            "uq_rebate_payouts_open_currency",
            "currency",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    minimum: Mapped[Decimal] = mapped_column(DecimalType)
    state: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(default=None)
    items: Mapped[list[PayoutItem]] = relationship(back_populates="payout")


class PayoutItem(Base):
    """What one affiliate is paid in a batch."""

    __tablename__ = "rebate_payout_items"
    __table_args__ = (UniqueConstraint("payout_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payout_id: Mapped[int] = mapped_column(ForeignKey("rebate_payouts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"))
    amount: Mapped[Decimal] = mapped_column(DecimalType)

    payout: Mapped[Payout] = relationship(back_populates="items")


class Claim(Base):
    """A missing-cashback claim: an order the affiliate says never tracked."""

    __tablename__ = "rebate_claims"
    __table_args__ = (UniqueConstraint("program_id", "order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"), index=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("rebate_programs.id"))
    order_id: Mapped[str] = mapped_column(String(128))
    order_date: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))
    category: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="open")
    reason: Mapped[str] = mapped_column(String(300), default="")
    click_id: Mapped[str | None] = mapped_column(String(64))
    conversion_id: Mapped[int | None] = mapped_column(ForeignKey("rebate_conversions.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)

    program: Mapped[Program] = relationship()
