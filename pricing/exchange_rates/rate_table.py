"""Exchange rates as dated data: the table, the bundled snapshot, and conversion through EUR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import yaml
from sqlalchemy import String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, DecimalType
from core.errors import ConfigError, HaitaoError
from core.iso_codes import is_currency
from core.tables import utcnow
from pricing.money import Money

PIVOT = "EUR"


class FxRate(Base):
    """1 `base` = `rate` `quote`, as published by `source` for the day `as_of`."""

    __tablename__ = "fx_rates"
    __table_args__ = (UniqueConstraint("source", "base", "quote", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(DecimalType)
    as_of: Mapped[date]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)


class UnknownRate(LookupError):
    """No rate is known for a currency."""


@dataclass(frozen=True)
class RateTable:
    """Rates from the pivot (EUR) to each currency, all from one source and day."""

    source: str
    as_of: date
    per_pivot: dict[str, Decimal]

    def rate(self, base: str, quote: str) -> Decimal:
        """How many `quote` one `base` buys, crossed through the pivot."""
        return self._per_pivot(quote) / self._per_pivot(base)

    def convert(self, money: Money, currency: str) -> Money:
        """Converted exactly; round with `.rounded()` only when showing it."""
        if money.currency == currency:
            return money
        return Money(money.amount * self.rate(money.currency, currency), currency)

    def _per_pivot(self, currency: str) -> Decimal:
        if currency == PIVOT:
            return Decimal(1)
        try:
            return self.per_pivot[currency]
        except KeyError:
            raise UnknownRate(f"no {PIVOT}/{currency} rate from {self.source}") from None


def load_snapshot(path: Path) -> RateTable:
    """The bundled, dated snapshot in config/, so a machine with no network still converts."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        per_pivot = {code: Decimal(str(value)) for code, value in raw["rates"].items()}
        table = RateTable(source=raw["source"], as_of=raw["as_of"], per_pivot=per_pivot)
    except (OSError, KeyError, TypeError, ArithmeticError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not a valid FX snapshot ({exc})") from exc
    bad = [code for code, rate in per_pivot.items() if not is_currency(code) or rate <= 0]
    if raw.get("base") != PIVOT or bad:
        raise ConfigError(f"{path}: base must be {PIVOT} and rates positive ISO 4217 ({bad})")
    return table


def store_table(session: Session, table: RateTable) -> None:
    """Save a rate table unless that source's rates for that day are already stored."""
    existing = set(
        session.scalars(
            select(FxRate.quote).where(FxRate.source == table.source, FxRate.as_of == table.as_of)
        )
    )
    for quote, rate in table.per_pivot.items():
        if quote not in existing:
            session.add(
                FxRate(source=table.source, base=PIVOT, quote=quote, rate=rate, as_of=table.as_of)
            )


def latest_table(session: Session) -> RateTable | None:
    """The newest day's rates in the database (one source, one date), or None."""
    newest = session.execute(
        select(FxRate.as_of, FxRate.source).order_by(FxRate.as_of.desc(), FxRate.id.desc())
    ).first()
    if newest is None:
        return None
    as_of, source = newest
    rows = session.scalars(select(FxRate).where(FxRate.as_of == as_of, FxRate.source == source))
    return RateTable(source=source, as_of=as_of, per_pivot={r.quote: r.rate for r in rows})


def require_latest_table(session: Session) -> RateTable:
    """The newest rates, or a HaitaoError telling the user how to get some."""
    table = latest_table(session)
    if table is None:
        raise HaitaoError("no exchange rates in the database: run `haitao db upgrade` first")
    return table
