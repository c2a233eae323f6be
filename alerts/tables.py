"""Alert rows and the messages they fired."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, DecimalType
from core.tables import Product, utcnow

KINDS = ("target", "drop", "in_stock")  # net cost at or below a target; a drop of N %; back
CHANNELS = ("email", "webhook")


class Alert(Base):
    """One shopper's alert on one product delivered to one destination, in their currency.

    `armed` is the hysteresis: an alert that fired stays quiet until the cost has risen back
    above its threshold by the re-arm margin (or the product went out of stock again).
    `reference_cost` is the cost when it was (re)armed: a fire needs a saving of at least
    `min_saving` below it, so that exchange-rate noise around a threshold does not fire.
    """

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_active_product", "active", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("rebate_users.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))  # where the e-mail goes (given by the caller)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    destination: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[Decimal | None] = mapped_column(DecimalType)  # kind "target"
    drop_percent: Mapped[Decimal | None] = mapped_column(DecimalType)  # kind "drop"
    baseline: Mapped[Decimal | None] = mapped_column(DecimalType)  # kind "drop": cost when set
    min_saving: Mapped[Decimal | None] = mapped_column(DecimalType)  # None: 1 % of the reference
    channel: Mapped[str] = mapped_column(String(16), default="email")
    webhook_url: Mapped[str | None] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(default=True)
    armed: Mapped[bool] = mapped_column(default=True)
    reference_cost: Mapped[Decimal | None] = mapped_column(DecimalType)
    last_cost: Mapped[Decimal | None] = mapped_column(DecimalType)
    last_available: Mapped[bool | None] = mapped_column(default=None)
    # When the alert was set up (and priced); later checks are recorded once per run, in
    # `alert_checks`, not on each alert (a write to every active alert cost 0.65 s at 100k).
    last_checked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_fired_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The UI language of the request that set it up ("en", "zh"): its messages are written in it.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")

    product: Mapped[Product] = relationship()


class AlertCheck(Base):
    """One check of every active alert: when, and how many it checked and fired. The alert
    list's "checked 3 minutes ago" is the newest one (for an alert older than it)."""

    __tablename__ = "alert_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    checked: Mapped[int] = mapped_column(default=0)
    fired: Mapped[int] = mapped_column(default=0)


class AlertMessage(Base):
    """What an alert fired: the cost and offer then, the text, and how its delivery went."""

    __tablename__ = "alert_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
    net_cost: Mapped[Decimal | None] = mapped_column(DecimalType)
    delivered_cost: Mapped[Decimal | None] = mapped_column(DecimalType)
    cashback: Mapped[Decimal | None] = mapped_column(DecimalType)
    currency: Mapped[str] = mapped_column(String(3))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    store_id: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)
